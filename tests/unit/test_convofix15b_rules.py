"""Rules from round fifteen's staff-side blind conversations (convofix15b).

Each rule is tested with variants of its phrasing and with the nearby words that must not
trigger it."""

from __future__ import annotations

import pytest

from bot.chat import phrasing
from bot.chat.followup import says_visit
from bot.chat.normalize import command_text
from bot.chat.phrasing.votes import asks_turnout
from bot.domain.points import AwardRefused
from bot.domain.stars import MemberMonth, StarWeights
from bot.services.points import find_rule
from bot.services.points_policy import default_policy


def rewrite(text: str) -> str | None:
    found = phrasing.rewrite(command_text(text))
    return None if found is None else f"{found.text}|{found.needs}"


# ---- 28: a work word ending in 查/问 before the code is the handler's news, not a look-up ----


@pytest.mark.parametrize(
    ("said", "command"),
    [
        (
            "人出来了 没事 维保说明天来检查 E0001 办结",
            "办结 E0001 人出来了 没事 维保说明天来检查|holder",
        ),
        ("排查了一遍 线路没问题 E0001 办结", "办结 E0001 排查了一遍 线路没问题|holder"),
        ("物业已经来巡查 E0002 办结", "办结 E0002 物业已经来巡查|holder"),
        ("上门慰问了 E0003 办结", "办结 E0003 上门慰问了|holder"),
        ("师傅下午来检查 E0001", "进展 E0001 师傅下午来检查|holder"),
    ],
)
def test_work_words_ending_in_a_query_character_are_news(said: str, command: str) -> None:
    assert rewrite(said) == command


@pytest.mark.parametrize(
    ("said", "command"),
    [
        ("帮我查 E0001", "进度 E0001|None"),
        ("查E0001", "进度 E0001|None"),
        ("麻烦查一下 E0001", "进度 E0001|None"),
        ("请问 E0001", "进度 E0001|None"),
        ("检查 E0001", None),  # a look-up word alone: never news relayed to the resident
        ("调查 E0001", None),
        ("慰问 E0001", None),
        ("维保来检查了吗 E0001", "进度 E0001|None"),  # a question about it
        ("维保说明天来检查 E0001 还没办结", None),  # not yet closed, said about the case
    ],
)
def test_query_words_before_a_code_stay_questions(said: str, command: str | None) -> None:
    assert rewrite(said) == command


# ---- 02: the holder's look or next step, without a code, is news on his one case ----------


@pytest.mark.parametrize(
    "said",
    [
        "看了 松了两块砖 下午拿水泥补一下",
        "去看过了 是灯泡烧了",
        "去看过了是灯泡烧了",
        "检查了一下 线头松了",
        "刚看了一眼 是排水口堵了",
        "看了，发现管子裂了",
        "看了下 没啥大问题",
        "下午拿水泥补一下",
        "明天带个新灯泡来换",
    ],
)
def test_a_look_or_a_work_plan_is_visit_news(said: str) -> None:
    assert says_visit(said)


@pytest.mark.parametrize(
    "said",
    [
        "看了吗",  # a question
        "还没去看",
        "我去看看",  # a claim, read by the claim rules
        "你去看看",
        "看看吧",
        "下午有空吗",
        "明天下午开会",
        "看了半天也没人来修",  # a complaint
        "看了新闻说明天停水",  # looked at something else
        "我今天去不了",
        "这个弄不了 下午让物业来",  # a refusal: the hand-back rules read it
        "台阶砖松了 差点崴脚",  # a report
        "下午好",
        "明天再说吧",
    ],
)
def test_questions_refusals_and_reports_are_no_visit_news(said: str) -> None:
    assert not says_visit(said)


# ---- 23: a wish's done-word with a few words of what was done is still "done" ---------------


@pytest.mark.parametrize(
    "said",
    [
        "W0001 搞定了 换了新绳子",
        "W0001 搞定了，换了新绳子",
        "换了新绳子 W0001 搞定了",
        "W0002 买好了，放门卫了",
        "W0003 弄好了 灯泡也顺手换了",
    ],
)
def test_wish_done_with_what_was_done(said: str) -> None:
    code = said.split("W")[1][:4]
    assert rewrite(said) == f"已实现 W{code}|None"


@pytest.mark.parametrize(
    ("said", "command"),
    [
        ("W0001 搞定一半 明天再来", None),  # not yet done
        ("W0001 搞定了 还没换绳子", None),
        ("W0001 搞定了 下午送过去", None),  # a later step
        ("W0001 绳子我明天去买", None),
        ("W0001 谁搞定了", None),  # a question
        ("W0001 搞定了吗 换了新绳子", "进度 W0001|None"),
    ],
)
def test_wish_not_yet_done_or_asked(said: str, command: str | None) -> None:
    assert rewrite(said) == command


# ---- 10: the holder asking for someone else, or laid up, gives the case back ---------------


@pytest.mark.parametrize(
    ("said", "command"),
    [
        (
            "刘书记 我昨晚发烧住院了 这几天回不去 E0001 麻烦找人接一下",
            "退回 E0001 刘书记 我昨晚发烧住院了 这几天回不去 麻烦找人接一下|holder",
        ),
        ("E0001 麻烦找人接一下", "退回 E0001 麻烦找人接一下|handler"),
        ("E0002 我住院了", "退回 E0002 我住院了|handler"),
        ("E0001 接不了", "退回 E0001 接不了|handler"),
        ("E0001 麻烦换个人吧", "退回 E0001 麻烦换个人吧|handler"),
        ("E0001 找其他党员跟吧", "退回 E0001 找其他党员跟吧|handler"),
        ("我住院了 E0003 麻烦安排别人", "退回 E0003 我住院了 麻烦安排别人|holder"),
    ],
)
def test_holder_asking_for_someone_else_hands_back(said: str, command: str) -> None:
    assert rewrite(said) == command


@pytest.mark.parametrize(
    ("said", "command"),
    [
        ("E0001 我出差了 明天回来就弄", "进展 E0001 我出差了 明天回来就弄|handler"),
        ("E0001 住户住院了 家里没人 下午再去", "进展 E0001 住户住院了 家里没人 下午再去|handler"),
        ("E0001 已联系物业 找人来修", "进展 E0001 已联系物业 找人来修|handler"),
        ("E0001 安排人下午去修", "进展 E0001 安排人下午去修|handler"),
        ("E0001 找别人修要加钱", "进展 E0001 找别人修要加钱|handler"),
    ],
)
def test_arranging_the_repair_or_a_resident_ill_is_news(said: str, command: str) -> None:
    assert rewrite(said) == command


# ---- 13: turnout questions and reminders under a vote code are never ballots ---------------


def rewrite_private(text: str) -> str | None:
    found = phrasing.rewrite(command_text(text), private=True)
    return None if found is None else f"{found.text}|{found.needs}"


@pytest.mark.parametrize(
    ("said", "command"),
    [
        ("V0001 现在投了几户了", "投票进度 V0001|None"),
        ("V0001 投票率多少", "投票进度 V0001|None"),
        ("V0001 还差几户", "投票进度 V0001|None"),
        ("V0001 有几户投了", "投票进度 V0001|None"),
        ("V0001 几户人家同意", "投票进度 V0001|None"),
        ("提醒一下3号楼还没投票的 V0001 明晚8点截止", "催票 V0001|secretary"),
        ("催一下 V0001 还没投票的", "催票 V0001|secretary"),
        ("V0001 帮我催催票", "催票 V0001|secretary"),
    ],
)
def test_turnout_questions_and_reminders(said: str, command: str) -> None:
    assert rewrite_private(said) == command


@pytest.mark.parametrize(
    ("said", "command"),
    [
        ("V0001 我投同意", "投票 V0001 同意|None"),
        ("V0001 同意", "投票 V0001 同意|None"),
        ("V0001 2", "投票 V0001 2|None"),
        ("V0001 几号截止", "投票进度 V0001|None"),
        ("V0001 提醒大家投票吗", "投票进度 V0001|None"),  # a question, not the chase
    ],
)
def test_ballots_and_questions_near_them(said: str, command: str) -> None:
    assert rewrite_private(said) == command


@pytest.mark.parametrize(
    ("words", "asks"),
    [
        ("投了几户了", True),
        ("现在投了多少", True),
        ("投票率呢", True),
        ("同意", False),
        ("1", False),
    ],
)
def test_asks_turnout(words: str, asks: bool) -> None:
    assert asks_turnout(words) is asks


# ---- 19: a notice code with words that take it back is its 撤回通知 -------------------------


@pytest.mark.parametrize(
    ("said", "code"),
    [
        ("搞错了 年检的是3号楼 取消 B0001", "B0001"),
        ("B0001 取消", "B0001"),
        ("写错了 B0002 撤回", "B0002"),
        ("B0001 不发了", "B0001"),
        ("B0003 先不发", "B0003"),
        ("B0001 作废吧", "B0001"),
        ("发错楼了，B0004 别发", "B0004"),
    ],
)
def test_notice_taken_back_in_words(said: str, code: str) -> None:
    assert rewrite_private(said) == f"撤回通知 {code}|secretary"


@pytest.mark.parametrize(
    "said",
    ["B0001 取消了吗", "B0001 发了吗", "B0001", "B0001 发出去没有"],
)
def test_questions_about_a_notice_stay_questions(said: str) -> None:
    assert rewrite_private(said) == f"通知进度 {said[:5]}|None"


# ---- 21: a 书记's 加分 counts in the 党员积分; an unknown item names the closest one ---------


def test_awards_by_hand_count_in_the_monthly_score() -> None:
    month = MemberMonth(1, "2026-12", cases_closed=1, awarded=6)
    weights = StarWeights()
    assert month.score(weights) == 5 + 6
    assert "书记/社区加分 6 × +1 = +6" in month.breakdown(weights)
    assert MemberMonth(1, "2026-12", awarded=6).score(StarWeights(award_point=0)) == 0


@pytest.mark.parametrize(
    ("said", "meant"),
    [
        ("化解矛盾纠纷", "调解矛盾纠纷"),
        ("志愿者服务", "志愿服务"),
        ("排查隐患", "排查安全隐患"),
        ("参加了活动", "参加活动"),
        ("飞线", "飞线充电"),
    ],
)
def test_unknown_item_names_its_closest_rule(said: str, meant: str) -> None:
    rule = default_policy().rules.closest(said)
    assert rule is not None and rule.name == meant
    with pytest.raises(AwardRefused, match=f"是「{meant}」吗"):
        find_rule(default_policy(), said)


@pytest.mark.parametrize("said", ["矛盾调解", "乱扔垃圾", "帮忙", "好人好事", "高空扔东西", "x"])
def test_unknown_item_far_from_every_rule_gets_the_list_only(said: str) -> None:
    assert default_policy().rules.closest(said) is None
    with pytest.raises(AwardRefused) as refused:
        find_rule(default_policy(), said)
    assert "吗？" not in str(refused.value) and "加分项：" in str(refused.value)
