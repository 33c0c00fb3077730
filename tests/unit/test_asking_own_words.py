"""Help, how-to and own status in people's words (convo4 rules 5 and 6): each phrasing reaches
the command that answers it, and the nearby speech does not."""

from __future__ import annotations

import pytest

from bot.chat.asking import flow_of, question_command
from bot.chat.notcase import own, votes
from bot.chat.router import CommandTable
from bot.handlers import build_router
from bot.handlers.help import HOW_TO


@pytest.mark.parametrize(
    ("text", "command"),
    [
        # F21: help as people ask for it
        ("这个机器人能干啥", "帮助"),
        ("小助手会干嘛啊？", "帮助"),
        ("小助手有啥用", "帮助"),
        ("你好呀 你是谁", "帮助"),  # F23: a greeting and who-are-you at the bot
        # F22: "怎么 + flow" is that flow's how-to
        ("怎么报名活动", "用法 报名"),
        ("活动报名怎么弄", "用法 报名"),
        ("怎么查积分", "用法 积分"),
        ("怎么投票", "用法 投票"),
        ("请问怎么许心愿", "用法 心愿"),
        ("怎么申请帮办", "用法 帮办"),
        ("怎么提建议", "用法 说事"),
        # F48
        ("我的积分能换啥", "积分超市"),
        ("积分怎么才能多挣点", "积分规则"),
        ("怎么挣积分", "积分规则"),
        # F5, F102, F69: own status
        ("我报上了没有啊", "我的报名"),
        ("我报了啥来着", "我的报名"),
        ("积分加了没", "我的积分"),
        # Wanting to sign up is the list to sign up from, not one's own list
        ("我想报名活动", "活动"),
    ],
)
def test_people_words_reach_their_command(text: str, command: str) -> None:
    assert question_command(text) == command


@pytest.mark.parametrize(
    "text",
    ["我会做饭", "我能干活", "怎么回事啊", "电梯怎么又坏了", "我报名了", "投票箱放哪了？谁拿走了"],
)
def test_nearby_speech_stays_speech(text: str) -> None:
    assert question_command(text) is None


def test_every_how_to_flow_has_an_answer_and_a_command() -> None:
    for words in ("报名活动", "查积分", "投票", "许心愿", "申请帮办", "提建议"):
        assert flow_of(words) in HOW_TO
    table = CommandTable(build_router().commands)
    for flow in HOW_TO:
        found = table.match(f"用法 {flow}")
        assert found is not None and found.args is not None


@pytest.mark.parametrize(
    ("text", "private", "expected"),
    [
        ("我投赞成", True, ("ballot", "赞成")),
        ("我家投同意票", True, ("ballot", "同意")),
        ("投票截止什么时候", False, ("question", "")),
        ("投票结果出来了吗", True, ("question", "")),
        ("怎么投票啊我不会", True, ("how", "")),
        ("投票怎么弄", False, ("how", "")),
    ],
)
def test_vote_words_without_a_code(text: str, private: bool, expected: tuple[str, str]) -> None:
    assert votes.kind(text, private=private) == expected


@pytest.mark.parametrize(
    ("text", "private"),
    [
        ("我投赞成", False),  # a ballot in a group is talk: nothing is counted there
        ("投票结果出来了吗 V0001", True),  # carries its code: the code's own rule
        ("我同意装电梯", True),  # no verb: an opinion, not a ballot
        ("投票箱放哪了", False),
    ],
)
def test_not_code_less_vote_words(text: str, private: bool) -> None:
    assert votes.kind(text, private=private) is None


@pytest.mark.parametrize(
    "text", ["谁来帮我啊 什么时候到", "怎么还没人来啊", "师傅还不来", "志愿者什么时候上门"]
)
def test_waiting_for_someone(text: str) -> None:
    assert own.waiting(text)


@pytest.mark.parametrize("text", ["谁家的狗在叫", "电梯什么时候修好", "我来帮你"])
def test_not_waiting(text: str) -> None:
    assert not own.waiting(text)


@pytest.mark.parametrize("text", ["我那个建议有人看了吗", "我提的建议怎么样了", "我的建议呢"])
def test_asks_about_my_suggestion(text: str) -> None:
    assert own.asks_suggestion(text)


def test_a_suggestion_itself_is_not_asking() -> None:
    assert not own.asks_suggestion("我有个建议：楼下能不能装几把休息椅")


@pytest.mark.parametrize("text", ["我的意见记下了吗", "我提的意见有人看吗", "我的想法收到没"])
def test_asks_about_my_opinion(text: str) -> None:
    assert own.asks_opinion(text)


@pytest.mark.parametrize("text", ["我的意见是不同意", "意见 Y0001 同意"])
def test_giving_an_opinion_is_not_asking(text: str) -> None:
    assert not own.asks_opinion(text)
