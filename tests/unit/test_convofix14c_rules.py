"""convofix14c: the rules behind three convo14 failures where a resident asks about something
in words (points, a 议题, a vote), each with other phrasings and the words that stay outside."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.chat.asking import question_command
from bot.chat.ballot_words import names_vote
from bot.chat.notcase import topics, votes
from bot.domain.deliberation.topics import Level, Topic

# ---- points_shop: what the points are good for is the 积分超市 ------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "这些积分能换点啥东西不",
        "积分怎么用",
        "攒的积分有啥用啊",
        "我的积分能干嘛",
        "积分可以换东西吗",
        "那积分怎么花",
        "这些分能换啥",
        "积分拿来干啥的",
    ],
)
def test_asking_what_points_buy_is_the_shop(text: str) -> None:
    assert question_command(text) == "积分超市"


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("我有多少积分", "我的积分"),
        ("积分怎么加", "积分规则"),
        ("积分怎么查", "我的积分"),
        ("积分制度不公平", None),
        ("积分用完了", None),
        ("积分不够用", None),
    ],
)
def test_other_words_about_points_keep_their_meaning(text: str, command: str | None) -> None:
    assert question_command(text) == command


# ---- vote_result_ask: a vote's result asked in words, by what it is about ------------------


@pytest.mark.parametrize(
    "text",
    [
        "前两天那个楼道粉刷的投票 结果出来了没有啊",
        "粉刷那个投票最后多少人同意的",
        "楼道粉刷的投票通过了吗",
        "粉刷那个表决有结果了吗",
    ],
)
def test_a_result_asked_with_the_word_vote_is_a_question(text: str) -> None:
    assert votes.kind(text, private=True) == ("question", "")
    assert names_vote(text, "3号楼楼道粉刷")


@pytest.mark.parametrize(
    "text", ["粉刷的事通过了没有", "楼道粉刷到底过了没", "粉刷那个结果出来了吗", "粉刷几户同意了"]
)
def test_a_result_asked_by_the_matter_alone_needs_the_vote_named(text: str) -> None:
    assert votes.kind(text, private=False) == ("result", "")
    assert names_vote(text, "3号楼楼道粉刷")


@pytest.mark.parametrize(
    "text", ["体检结果出来了吗", "楼道灯又坏了 物业修了几次结果还是不亮", "电梯年检通过了没"]
)
def test_results_of_other_things_name_no_vote(text: str) -> None:
    assert not names_vote(text, "3号楼楼道粉刷")


def test_a_ballot_is_still_a_ballot() -> None:
    assert votes.kind("我投赞成", private=True) == ("ballot", "赞成")


# ---- topic_followup: a 议题 asked about in words is its status, never an opinion ----------


def _topic(title: str, number: int) -> Topic:
    at = datetime(2026, 11, 23, 9, tzinfo=UTC)
    return Topic(1, Level.BUILDING, title, None, at, "赵老师", id=number)


TOPICS = [_topic("电动车不进楼道", 1), _topic("小区停车位重新划线", 2)]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("上回说的电动车不进楼道那个事 后来咋样了", "Y0001"),
        ("电动车那个议题有结果了吗", "Y0001"),
        ("电动车充电的事商量得怎么样了", "Y0001"),
        ("电动车进楼道那个事定了没", "Y0001"),
        ("停车位划线的事有进展吗", "Y0002"),
        ("划线那个议题到哪一步了", "Y0002"),
    ],
)
def test_a_topic_named_and_asked_about(text: str, code: str) -> None:
    assert topics.asks_status(text)
    assert [t.code for t in topics.named_by(text, TOPICS)] == [code]


@pytest.mark.parametrize("text", ["楼道灯修得怎么样了", "小区的事有进展吗", "楼道里的事有结果了吗"])
def test_a_place_alone_names_no_topic(text: str) -> None:
    assert topics.named_by(text, TOPICS) == []


@pytest.mark.parametrize(
    "text", ["同意 建议在楼下装充电桩", "希望尽快有结果", "电动车应该停楼下", "划线好 早该弄了"]
)
def test_an_opinion_is_not_a_status_question(text: str) -> None:
    assert not topics.asks_status(text)
