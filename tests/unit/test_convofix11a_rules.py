"""convofix11a rules, each as a pure function: several options in one ballot, a choice
quoting the vote post, a wish's claimer saying it is done, a 确认 asking for a change."""

from __future__ import annotations

import pytest

from bot.chat.phrasing import quoted_ballot
from bot.chat.phrasing.wishes import fulfilled
from bot.domain.broadcasts import asks_change
from bot.domain.deliberation.votes import parse_choice, several_choices

OPTIONS = ("同意", "反对", "弃权")
POST = "【投票表决】V0001 3号楼楼道粉刷\n范围：兰亭小区3号楼（每户一票，共 6 户）"


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("1 2", ("同意", "反对")),
        ("选1和2", ("同意", "反对")),
        ("1，2", ("同意", "反对")),
        ("１ ２", ("同意", "反对")),
        ("1、2都行", ("同意", "反对")),
        ("1和3吧", ("同意", "弃权")),
        ("选1和选2", ("同意", "反对")),
        ("1或2", ("同意", "反对")),
        ("同意和反对", ("同意", "反对")),
        ("赞成 不同意", ("同意", "反对")),
        ("1 5", ("同意", "5")),
    ],
)
def test_several_options_are_named(text: str, named: tuple[str, ...]) -> None:
    assert several_choices(text, OPTIONS) == named


@pytest.mark.parametrize(
    "text",
    [
        "1",
        "同意",
        "不同意",
        "1 1",
        "同意同意",
        "2 👍",
        "12",
        "1 我改主意了",
        "不同意 一楼没用还挡光",
    ],
)
def test_one_option_is_not_several(text: str) -> None:
    assert several_choices(text, OPTIONS) == ()


def test_an_option_with_and_in_its_name_is_one_option() -> None:
    options = ("维持现状和保洁", "改造")
    assert several_choices("维持现状和保洁", options) == ()
    assert parse_choice("维持现状和保洁", options) == "维持现状和保洁"


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("1", "投票 V0001 1"),
        ("选2！", "投票 V0001 2"),  # full-width digits are folded before
        ("同意👍", "投票 V0001 同意"),
        ("我家投反对", "投票 V0001 反对"),
        ("1和2", "投票 V0001 1和2"),
        ("2号", "投票 V0001 2号"),
    ],
)
def test_a_choice_under_the_vote_post_is_a_ballot(text: str, command: str) -> None:
    found = quoted_ballot(text, POST)
    assert found is not None and found.text == command


@pytest.mark.parametrize(
    ("text", "quote"),
    [
        ("1", None),  # nothing quoted: speech (or the rating "1")
        ("1楼的灯坏了", POST),
        ("同意楼上说的", POST),
        ("1", "【投票表决】V0001 …\n【投票表决】V0002 …"),  # which one: not guessed
        ("1", "已受理您反映的问题，编号 E0001"),
        ("1", "【征求意见】Y0001 … V0001"),
    ],
)
def test_other_replies_are_not_ballots(text: str, quote: str | None) -> None:
    assert quoted_ballot(text, quote) is None


@pytest.mark.parametrize(
    "text",
    ["W0001 已完成", "W0001 搞定了", "W0001搞定了！", "w0001 被子晒好了", "W0001 已完成，谢谢"],
)
def test_done_after_the_wish_code_is_its_fulfilment(text: str) -> None:
    found = fulfilled(text)
    assert found is not None and found.text == "已实现 W0001"


@pytest.mark.parametrize(
    "text", ["W0001 完成了吗", "W0001 还没完成", "W0001 明天能搞定", "W0001 快完成了", "W0001 我来"]
)
def test_not_yet_done_is_not_fulfilment(text: str) -> None:
    assert fulfilled(text) is None


@pytest.mark.parametrize(
    ("text", "change"),
    [
        ("确认 但是时间改一下", True),
        ("好的确认，不过时间改一下", True),
        ("内容要改", True),
        ("等一下 先别发", True),
        ("确认 不用改了", False),
        ("确认 辛苦了", False),
        ("发吧", False),
    ],
)
def test_a_change_request_is_told_from_a_yes(text: str, change: bool) -> None:
    assert asks_change(text) is change
