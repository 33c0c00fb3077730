"""convofix15a: the rules behind convo15 failures (topic_decided_ask, vote_group_words,
vote_non_owner, points_questions, wish_followup, long_multi), each with several phrasings of the
rule and the words near it that must stay outside."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.chat.asking import question_command
from bot.chat.notcase import my_wish, own, topics, votes
from bot.chat.phrasing import trim
from bot.domain.deliberation.topics import Level, Topic
from bot.domain.problems import clauses

# ---- topic_decided_ask: "…定下来没有啊" asks where a 议题 stands --------------------------------


def _topic(title: str, number: int) -> Topic:
    at = datetime(2026, 11, 23, 9, tzinfo=UTC)
    return Topic(1, Level.BUILDING, title, None, at, "赵老师", id=number)


TOPICS = [_topic("楼道杂物清理", 1), _topic("小区停车位重新划线", 2)]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("楼道杂物那个事最后定下来没有啊 我家门口的鞋柜要不要搬", "Y0001"),
        ("杂物清理的事定下来没有", "Y0001"),
        ("楼道杂物那个议题定好没", "Y0001"),
        ("杂物那个事最后怎么定的", "Y0001"),
        ("停车位划线的事决定了没有 我好挪车", "Y0002"),
        ("划线那个事定的啥啊", "Y0002"),
        ("停车位那个事有结果没有啊 物业一直不说", "Y0002"),
    ],
)
def test_asking_whether_a_topic_was_decided(text: str, code: str) -> None:
    assert topics.asks_status(text)
    assert [t.code for t in topics.named_by(text, TOPICS)] == [code]


@pytest.mark.parametrize(
    "text",
    [
        "楼道杂物一定没人管吗",  # 一定 is "surely", not a decision
        "杂物肯定没人清",
        "希望杂物清理早点定下来",
        "楼道杂物没有人管",
        "杂物清理我没有意见",
        "停车位划线后来就没有了",
        "确定没问题 同意清理",
    ],
)
def test_words_near_a_decision_question_are_not_one(text: str) -> None:
    assert not topics.asks_status(text)


# ---- vote_group_words: a choice said to the group is told (once) that only private ballots count


@pytest.mark.parametrize(
    ("text", "choice"),
    [
        ("我家同意", "同意"),
        ("同意 +1", "同意"),
        ("反对！一楼凭什么出钱", "反对"),
        ("同意👍", "同意"),
        ("我们家也同意", "同意"),
        ("坚决反对", "反对"),
        ("不同意 太吵了", "不同意"),
        ("同意同意", "同意"),
        ("赞成+1", "赞成"),
        ("支持！早该装了", "支持"),
    ],
)
def test_a_choice_said_to_the_group(text: str, choice: str) -> None:
    assert votes.choice_to_group(trim(text)) == choice


@pytest.mark.parametrize(
    "text",
    [
        "我同意楼上说的",  # agreeing with a neighbour
        "同意你的看法",
        "同意，楼上说得对",
        "不同意物业涨价",  # a matter of its own, no pause
        "反对无效哈哈",
        "同意吗",  # asking
        "大家同意吗",
        "+1",  # nothing chosen
        "好的",
        "支持一下小王的店",
        "同意 V0001",  # a code: the vote's own rule answers it
    ],
)
def test_words_near_a_group_choice_are_not_one(text: str) -> None:
    assert votes.choice_to_group(trim(text)) is None


# ---- vote_non_owner: a ballot for somebody else is never counted ------------------------------


@pytest.mark.parametrize(
    ("text", "whom", "choice", "household", "kin"),
    [
        ("我奶奶不会用手机 我替我家投 同意", "我家", "同意", True, "奶奶"),
        ("我帮我妈投个同意", "我妈", "同意", False, "妈"),
        ("我奶奶让我帮她投同意", "她", "同意", False, "奶奶"),
        ("代我爸投票 不同意", "我爸", "不同意", False, "爸"),
        ("我能替老人投票吗", "老人", "", False, ""),
        ("替我家老人投 选第二个", "我家老人", "2", False, "老人"),
        ("我替她投了反对票", "她", "反对", False, ""),
    ],
)
def test_a_ballot_for_someone_else(
    text: str, whom: str, choice: str, household: bool, kin: str
) -> None:
    assert votes.proxy(text) == votes.Proxy(whom, choice, household, kin)


@pytest.mark.parametrize(
    "text",
    [
        "帮我投同意",  # the speaker's own ballot, asked of the bot
        "帮我投个票",
        "帮我家孩子投一票",  # a contest: no choice, no 投票
        "楼上帮忙投票 同意",
        "帮我妈问一下投票的事",
        "我同意",
        "投票 V0001 同意 我替我奶奶投",  # a code: the vote's own rules answer
    ],
)
def test_words_near_a_proxy_ballot_are_not_one(text: str) -> None:
    assert votes.proxy(text) is None


# ---- points_questions: her balance asked with its occasion, and how points are counted --------


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("积分是怎么算的啊", "积分规则"),
        ("怎么算积分", "积分规则"),
        ("积分咋算", "积分规则"),
        ("加分标准是啥", "积分规则"),
        ("积分规则是什么", "积分规则"),
        ("积分按什么算的", "积分规则"),
        ("我现在多少分", "我的积分"),
        ("上回扫雪那次给我加分了没有", "我的积分"),
        ("给我加分了吗", "我的积分"),
        ("分加上了没", "我的积分"),
    ],
)
def test_points_asked_in_words(text: str, command: str) -> None:
    assert question_command(text) == command


@pytest.mark.parametrize(
    "text",
    [
        "积分怎么算错了",
        "孩子考了多少分",
        "给我加个微信",
        "积分制度不公平",
        "我的分怎么少了",
        "扣分",
    ],
)
def test_words_near_a_points_question_are_not_one(text: str) -> None:
    assert question_command(text) is None


def test_the_balance_asked_after_its_occasion_is_her_points() -> None:
    assert own.status_commands("上回扫雪那次给我加分了没有 我现在多少分") == ["我的积分"]
    assert own.status_commands("昨天活动给我记上分了吗") == ["我的积分"]


# ---- wish_followup: the wish-maker asks after her wish in words --------------------------------


@pytest.mark.parametrize(
    ("text", "thing", "chase"),
    [
        ("我那个搬花盆的心愿有人管没有啊", "搬花盆", True),
        ("我许的心愿怎么样了", "", False),
        ("俺的微心愿呢", "", False),
        ("我发的那个换灯泡的心愿还没人认领吗", "换灯泡", True),
        ("有人管我的心愿吗", "", True),
        ("我登记的心愿到哪一步了", "", False),
    ],
)
def test_her_wish_asked_after(text: str, thing: str, chase: bool) -> None:
    assert my_wish.asked(text) == thing
    assert my_wish.chases(text) == chase


@pytest.mark.parametrize(
    "text",
    [
        "我的心愿是世界和平",  # no question
        "我许的心愿实现了 谢谢",
        "小孙帮我实现了心愿",
        "她的心愿有人管吗",  # not hers
        "心愿墙上有什么",
        "我那个心愿",
    ],
)
def test_words_near_a_wish_question_are_not_one(text: str) -> None:
    assert my_wish.asked(text) is None


# ---- long_multi: "一是…；二是…；三是…" numbers the problems as "1.…2.…3.…" does ---------------


@pytest.mark.parametrize(
    ("text", "items"),
    [
        (
            "说几个事啊，一是路灯坏了；二是垃圾桶满了；三是门禁刷不开",
            ["路灯坏了", "垃圾桶满了", "门禁刷不开"],
        ),
        ("反映两个问题：一是电梯老停，二是楼道灯不亮", ["电梯老停", "楼道灯不亮"]),
        ("第一，电梯坏了；第二，楼道灯不亮", ["电梯坏了", "楼道灯不亮"]),
        ("第一点是水压小，第二点是暖气不热", ["水压小", "暖气不热"]),
        ("跟大家说下：一就是车库漏水 二就是消防通道堵了", ["车库漏水", "消防通道堵了"]),
    ],
)
def test_ordinals_said_aloud_number_the_items(text: str, items: list[str]) -> None:
    found = clauses(text)
    assert found is not None and found[-len(items) :] == items


@pytest.mark.parametrize(
    "text",
    [
        "第一次来电梯就坏了，第二次来又坏了",  # a story told in order
        "这个事情第一个发现的是我",
        "统一是下午来修",
        "唯一是电梯",
        "第二天又坏了",
        "电梯一是老停",  # one 一是, no list
    ],
)
def test_words_with_ordinals_that_number_nothing(text: str) -> None:
    assert clauses(text) is None
