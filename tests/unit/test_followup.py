"""A reporter's words that say a finished job is not finished (convo2 C4), and the 清单 words
found through the small words people put inside them (convo2 C13)."""

from __future__ import annotations

import pytest

from bot.chat.fallback import duty_hint
from bot.chat.followup import (
    says_help_called,
    says_impatient,
    says_retracted,
    says_same_here,
    says_unfixed,
)
from bot.domain.community import Role
from bot.domain.helpdesk import Catalog, Service
from bot.domain.safety import called_numbers


@pytest.mark.parametrize(
    "text",
    [
        "还没修好啊 还在滴水 你们来看看",
        "还没修好",
        "还在漏",
        "怎么又漏了",
        "灯还是不亮",
        "根本没解决，一直在响",
        "下水道还堵着呢",
        "水管又坏了！",
        "没弄好 跟原来一样",
        "换了阀门也不管用",
        "还是老样子",
        # convo14b: the close denied, and a statement beside a rhetorical question
        "哪里好了 我刚坐还是按不亮 你们是不是没来啊",
        "好什么好 一样漏",
        "根本没好",
        "门禁还是刷不开",
        "马桶还是冲不下去",
        "还是漏 是不是没修啊",
    ],
)
def test_words_that_say_it_is_not_fixed(text: str) -> None:
    assert says_unfixed(text)


@pytest.mark.parametrize(
    "text",
    [
        "修好了吗",
        "还没修好吗？",
        "是不是还在漏",
        "修好了 谢谢",
        "还是挺好的",
        "谢谢吴师傅",
        "满意",
        "我还在上班",
        "今天还有人来吗",
        "3号楼电梯坏了",  # a new report names a fault but says nothing persists
        "",
        "还在漏" * 30,  # a long text tells a story of its own
        "是不是还漏 我看看",  # every clause asks
        "好了吗 还漏吗",
        "还是不错的",
    ],
)
def test_questions_praise_and_new_reports_are_not(text: str) -> None:
    assert not says_unfixed(text)


CATALOG = Catalog(
    services=(
        Service(key="utility", name="代缴水电燃气费", point_key="p", synonyms=("交电费", "缴费")),
        Service(key="parcel", name="代取快递", point_key="p", synonyms=("拿快递", "取快递")),
        Service(key="medicine", name="代购药品", point_key="p", synonyms=("买药", "取药", "拿药")),
        Service(key="haircut", name="上门理发", point_key="p", synonyms=("理发",)),
        Service(key="hospital", name="陪同就医", point_key="p", synonyms=("陪我去医院", "去医院")),
    )
)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("帮我交电费", "utility"),
        ("帮我交一下电费吧", "utility"),
        ("能帮我把电费交一下吗", "utility"),
        ("能不能帮我拿个快递", "parcel"),
        ("谁帮我取一下快递", "parcel"),
        ("把快递拿一下", "parcel"),
        ("帮我买点药", "medicine"),
        ("想理个发", "haircut"),
        ("代缴水电燃气费", "utility"),
        ("能不能找个人帮我去医院拿点药 降压药没了", "medicine"),
        ("陪我去医院", "hospital"),
    ],
)
def test_a_listed_service_through_small_words(text: str, key: str) -> None:
    found = CATALOG.match(text)
    assert found is not None and found.key == key


@pytest.mark.parametrize("text", ["今天天气不错", "交通太堵了", "快递员态度不好", "电费涨价了"])
def test_other_words_name_no_service(text: str) -> None:
    assert CATALOG.match(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "哦不好意思 搞错了 是我家孩子按了急停 现在好了",
        "撤回刚才说的 电梯没事",
        "E0001 没事了 可以关了",
        "不用修了 我老伴自己修好了",
        "看错了",
        "已经恢复正常了",
    ],
)
def test_words_that_take_a_report_back(text: str) -> None:
    assert says_retracted(text)


@pytest.mark.parametrize("text", ["没事了吗？", "电梯坏了", "谢谢", "修好了吗"])
def test_questions_and_reports_take_nothing_back(text: str) -> None:
    assert not says_retracted(text)


@pytest.mark.parametrize(
    "text",
    [
        "都两天了还没人来修？？？你们到底管不管",
        "怎么还没人来啊",
        "等了好久了",
        "已经三天了",
        "没人管吗",
    ],
)
def test_words_that_say_nobody_came(text: str) -> None:
    assert says_impatient(text)


@pytest.mark.parametrize("text", ["电梯坏了", "谢谢师傅来得这么快", "今天两点来修"])
def test_other_words_are_not_impatience(text: str) -> None:
    assert not says_impatient(text)


@pytest.mark.parametrize(
    "text", ["+1", "+1 +1", "我家也是 冻死了", "同问 啥时候能好", "同上", "一样！"]
)
def test_me_too(text: str) -> None:
    assert says_same_here(text)


@pytest.mark.parametrize(
    "text", ["一样的问题我上周也反映过了 到现在都没人管 真是气死人了", "也是醉了", "同学们好", ""]
)
def test_not_me_too(text: str) -> None:
    assert not says_same_here(text)


@pytest.mark.parametrize(
    ("text", "role", "command"),
    [
        ("扣小王5分 楼道飞线充电 屡教不改", Role.STAFF, "扣分"),
        ("给赵大爷加2分 他帮忙扫雪了", Role.LEADER, "加分"),
        ("帮我给3号楼发个通知 周三上午电梯年检", Role.SECRETARY, "通知 3号楼"),
        ("E0001 我临时要出差 交给赵老师吧", Role.MEMBER, "退回 E0001"),
        ("1号活动都谁报了", Role.SECRETARY, "报名名单"),
        ("我现在多少分了", Role.RESIDENT, "我的积分"),
    ],
)
def test_a_duty_in_words_points_to_its_command(text: str, role: Role, command: str) -> None:
    hint = duty_hint(text, role)
    assert hint is not None and f"「{command}" in hint


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("E0003 我临时要出差 交给别人吧", "E0003"),
        ("e12这个我顾不上了", "E0012"),
        ("我出差了 交给别人吧", "E0001"),  # no code written: the example stays
    ],
)
def test_the_handover_hint_names_the_case_the_member_wrote(text: str, code: str) -> None:
    hint = duty_hint(text, Role.MEMBER)
    assert hint is not None and f"「退回 {code} 原因」" in hint


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("扣小王5分", Role.RESIDENT),  # not hers to give
        ("帮我给3号楼发个通知", Role.MEMBER),
        ("楼道灯坏了", Role.STAFF),
        ("扣子掉了", Role.STAFF),
        ("加油", Role.STAFF),
    ],
)
def test_no_duty_no_hint(text: str, role: Role) -> None:
    assert duty_hint(text, role) is None


@pytest.mark.parametrize(
    "text",
    [
        "孩子找到了 在超市里 谢谢大家 虚惊一场",
        "火已经灭了",
        "人救出来了 没事",
        "老头子出来了",
        "我家老太太自己回来了",
        "虚惊一场",
    ],
)
def test_an_emergency_stood_down(text: str) -> None:
    assert says_retracted(text)


@pytest.mark.parametrize(
    "text", ["还没找到", "孩子还没回来", "火还没灭", "人还没救出来", "老鼠出来了", "找到了吗"]
)
def test_not_over_yet_or_no_person_is_no_stand_down(text: str) -> None:
    assert not says_retracted(text)


@pytest.mark.parametrize(
    "text",
    [
        "已经打了119了 说马上到",
        "打了燃气公司电话了 说半小时到",
        "物业的人来了",
        "119到了",
        "消防车来了 大家别慌",
        "打了120 救护车在路上了",
        "我已经报警了",
        "维保师傅到了",
    ],
)
def test_words_that_only_say_help_was_called(text: str) -> None:
    assert says_help_called(text, bool(called_numbers(text)))


@pytest.mark.parametrize(
    "text",
    [
        "楼下着火了 已经打了119",  # a danger of its own
        "快打119吧",  # asked, not done
        "我家漏水了 打了物业电话没人接",
        "打了119了吗",
        "物业的人来了又走了 还是没修好 电梯照样停着 你们管不管",
    ],
)
def test_a_call_with_a_problem_or_a_question_is_not_only_news(text: str) -> None:
    assert not says_help_called(text, bool(called_numbers(text)))
