"""convofix9b: the word rules behind a reporter's follow-ups (convo9 class D)."""

from __future__ import annotations

import pytest

from bot.chat.followup import asks_status, says_impatient, says_retracted, says_unfixed
from bot.chat.wishlike import help_at_home
from bot.handlers.case_followup import corrected_building


@pytest.mark.parametrize(
    "text",
    [
        "小助手，我那个渗水的事有人来看过没",
        "我前天说的那个路灯修了没有啊",
        "我家那个漏水的事有人来过吗",
    ],
)
def test_her_thing_then_a_question_is_a_status_question(text: str) -> None:
    asked = asks_status(text)
    assert asked is not None and asked[0]


@pytest.mark.parametrize("text", ["今天天气怎么样", "你吃了吗"])
def test_other_questions_are_not_about_her_report(text: str) -> None:
    asked = asks_status(text)
    assert asked is None or not asked[0]


@pytest.mark.parametrize(
    ("text", "building"),
    [
        ("说错了 是4号楼 不是3号楼", "4"),
        ("不对不对，应该是五栋", "5"),
        ("我打错了 是12号楼", "12"),
        ("我是3号楼的", None),  # no correction
        ("说错了 不是3号楼", None),  # no right building named
    ],
)
def test_a_correction_names_the_right_building(text: str, building: str | None) -> None:
    assert corrected_building(text) == building


@pytest.mark.parametrize(
    ("text", "retracted"),
    [
        ("哦不对 是有人搬家把电梯锁住了 没坏 不好意思啊", True),
        ("燃气公司的人来了，是四楼灶台阀门没关紧，已经处理好了", True),
        ("电梯还没坏吗", False),
        ("电梯没坏的时候挺好", False),
    ],
)
def test_nothing_broke_after_all(text: str, retracted: bool) -> None:
    assert says_retracted(text) is retracted


@pytest.mark.parametrize(
    ("text", "unfixed"),
    [
        ("怎么就办结了？门还是砰砰响，根本没人来换", True),
        ("咋就结案了 灯还黑着呢", True),
        ("水龙头还在哗哗地漏", True),
        ("还是挺好的", False),
        ("修好了吗", False),
    ],
)
def test_closed_but_not_done(text: str, unfixed: bool) -> None:
    assert says_unfixed(text) is unfixed


@pytest.mark.parametrize("text", ["怎么还是没人认领啊", "都没人接单", "有没有人接啊"])
def test_nobody_claimed_it_is_a_chase(text: str) -> None:
    assert says_impatient(text)


@pytest.mark.parametrize(
    ("text", "wish"),
    [
        ("想找个会弄手机的年轻人，帮我把和孙子视频的那个弄一下，我自己老是弄不来", True),
        ("想找个小伙子帮我把家里的米扛上楼 我搬不动", True),
        ("找个人帮我看看楼道灯，我弄不了", False),  # a shared place: a case
        ("找个人来修电梯", False),
    ],
)
def test_looking_for_a_hand_at_home_is_a_wish(text: str, wish: bool) -> None:
    assert help_at_home(text) is wish
