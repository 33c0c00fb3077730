"""A question is not a case (convo4 rule 3): the rules that route a message to what it is
about, with the nearby words that must stay a report."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.chat.notcase import notices, own, points, topics
from bot.domain.broadcasts import Broadcast, BroadcastStatus
from bot.domain.deliberation.topics import Level, Stage, Topic
from bot.domain.points import LedgerEntry, RuleKind

TZ = ZoneInfo("Asia/Shanghai")
SENT = datetime(2026, 11, 23, 9, 0, tzinfo=TZ)
WATER = "【幸福里社区通知】\n明天（11月24日）9:00-15:00 因管网维修停水，请提前储水。"


def notice(text: str = WATER, status: BroadcastStatus = BroadcastStatus.QUEUED) -> Broadcast:
    return Broadcast(
        account="bot",
        actor="王敏",
        targets="兰亭小区",
        text=text,
        status=status,
        created_at=SENT,
        group_ids=[3],
        confirmed_at=SENT,
        id=1,
    )


def at(day: int, hour: int) -> datetime:
    return datetime(2026, 11, day, hour, 0, tzinfo=TZ)


def test_the_notice_holds_from_sending_to_its_announced_end() -> None:
    assert notices.end_of(WATER, SENT, TZ) == at(24, 15)
    assert notices.holding([notice()], 3, at(23, 10), TZ)
    assert notices.holding([notice()], 3, at(24, 14), TZ)
    assert not notices.holding([notice()], 3, at(24, 16), TZ)  # after 15:00 a fault is news
    assert not notices.holding([notice()], 4, at(23, 10), TZ)  # not sent to that group
    assert not notices.holding([notice(status=BroadcastStatus.DRAFT)], 3, at(23, 10), TZ)
    # A notice that announces no outage (a meeting) answers nothing.
    assert not notices.holding([notice("【通知】周六大扫除")], 3, at(23, 10), TZ)


def test_without_a_readable_end_the_notice_holds_two_days() -> None:
    text = "【通知】近期管网维修，将临时停水"
    assert notices.holding([notice(text)], 3, at(24, 9), TZ)
    assert not notices.holding([notice(text)], 3, at(25, 10), TZ)
    night = "【通知】今晚22:00-6:00 停电检修"
    assert notices.end_of(night, SENT, TZ) == at(24, 6)


@pytest.mark.parametrize(
    "text",
    [
        "停水是哪几栋啊 我们1号楼停不停",
        "几点恢复供水啊",
        "又停水 上个月刚停过 能不能别老停",
        "明天停水吗？",
        "停水了",
        "我家老人在家 停水了做饭怎么办 能不能送点水",
        "3号楼没水了 不是说9点吗怎么8点就停了",
        "水什么时候来",
    ],
)
def test_words_about_the_notices_fault(text: str) -> None:
    [held] = notices.holding([notice()], 3, at(23, 10), TZ)
    assert notices.about(text, held)


@pytest.mark.parametrize(
    "text", ["收到", "收到👌", "3号楼电梯坏了", "厨房水管漏了", "楼道灯不亮", "好的谢谢"]
)
def test_words_that_are_not_about_it(text: str) -> None:
    [held] = notices.holding([notice()], 3, at(23, 10), TZ)
    assert not notices.about(text, held)


def test_the_pointer_quotes_the_notice_without_its_header() -> None:
    [held] = notices.holding([notice()], 3, at(23, 10), TZ)
    text = notices.pointer(held)
    assert "通知 B0001，发给兰亭小区" in text and "【幸福里社区通知】" not in text
    assert "9:00-15:00 因管网维修停水" in text


@pytest.mark.parametrize(
    "text",
    [
        "凭什么扣我分 我没飞线",
        "为什么扣我的分",
        "给我扣了5分 不公平",
        "我的积分怎么少了",
        "积分不对吧",
        "怎么扣我分了",
    ],
)
def test_disputes_about_ones_points(text: str) -> None:
    assert points.disputes(text)


@pytest.mark.parametrize(
    "text", ["楼道有人飞线充电", "电动车在楼道充电", "我的积分", "扣分 @小王 飞线充电", "积分超市"]
)
def test_not_a_dispute(text: str) -> None:
    assert not points.disputes(text)


def test_the_answer_shows_deductions_first_and_who_recorded_them() -> None:
    rows = [
        LedgerEntry(1, "基础积分", RuleKind.BASE, 10, SENT, id=1),
        LedgerEntry(1, "志愿服务", RuleKind.POSITIVE, 2, SENT, actor="王敏", id=2),
        LedgerEntry(1, "飞线充电", RuleKind.NEGATIVE, -5, SENT, actor="王敏", id=3),
    ]
    text = points.answer(rows, TZ)
    assert text.index("飞线充电 -5") < text.index("志愿服务 +2") and "基础积分" not in text
    assert "工作人员（王敏）" in text
    assert points.answer(rows[:1], TZ) == points.NO_RECORD


def topic(title: str, description: str = "", number: int = 1) -> Topic:
    return Topic(
        estate_id=1,
        level=Level.ESTATE,
        title=title,
        organiser_id=1,
        created_at=SENT,
        created_by="刘建华",
        description=description,
        stage=Stage.CONSULTING,
        id=number,
    )


PARKING = topic("小区停车位重新划线", "车位不够，想重新规划")


@pytest.mark.parametrize(
    "text",
    [
        "停车位的事我有意见 外来车太多了",
        "对停车那个议题 我觉得应该先把僵尸车清走",
        "划线好 早该弄了",
        "车位的事我同意",
    ],
)
def test_opinions_on_the_topic(text: str) -> None:
    assert topics.on_topic(text, [PARKING]) == [PARKING]


@pytest.mark.parametrize(
    "text",
    [
        "3号楼电梯坏了",
        "门口停了辆车挡住了",  # no opinion said: a report
        "我觉得电梯该修了",  # an opinion, but on nothing under consultation
        "小区的事我有意见",  # only words every topic shares
    ],
)
def test_not_an_opinion_on_the_topic(text: str) -> None:
    assert topics.on_topic(text, [PARKING]) == []


def test_two_topics_sharing_the_words_are_both_named() -> None:
    other = topic("地下车库停车收费", number=2)
    assert topics.on_topic("停车的事我有意见", [PARKING, other]) == [PARKING, other]


@pytest.mark.parametrize(
    ("text", "commands"),
    [
        ("怎么还没人来啊 我的帮办呢", ["我的帮办"]),
        ("我的心愿怎么没人理啊", ["我的心愿"]),
        ("等半天了 我的代办到哪了", ["我的帮办"]),
        ("我的报名呢，我的积分呢", ["我的报名", "我的积分"]),
    ],
)
def test_own_status_inside_a_message(text: str, commands: list[str]) -> None:
    assert own.status_commands(text) == commands


@pytest.mark.parametrize(
    "text", ["3号楼电梯坏了", "帮办 交电费", "帮我交下电费呗", "活动", "怎么报修"]
)
def test_no_own_status(text: str) -> None:
    assert own.status_commands(text) == []


@pytest.mark.parametrize("text", ["你是几号楼的？", "哪几栋楼有电梯", "停车场在哪"])
def test_scope_words_without_the_fault_are_not_about_it(text: str) -> None:
    [held] = notices.holding([notice()], 3, at(23, 10), TZ)
    assert not notices.about(text, held)


def test_an_outright_opinion_and_a_hinted_one() -> None:
    assert topics.says_opinion("停车位的事我有意见")
    assert not topics.says_opinion("停车场的灯坏了 应该修修")


def test_the_cheap_first_looks_agree_with_the_full_rules() -> None:
    assert notices.mentions_fault("停水是哪几栋啊") and not notices.mentions_fault("收到👌")
    assert topics.may_be_opinion("停车位的事我有意见") and not topics.may_be_opinion(
        "3号楼电梯坏了"
    )
