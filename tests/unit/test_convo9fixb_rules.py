"""convofix9b: the word rules behind a reporter's follow-ups (convo9 class D)."""

from __future__ import annotations

import pytest

from bot.chat.followup import asks_status, says_impatient, says_retracted, says_unfixed
from bot.chat.notcase.elsewhere import asks_about_another_building
from bot.chat.wishlike import help_at_home
from bot.domain.likeness import same_problem
from bot.domain.problems import clauses
from bot.domain.safety import DEFAULT_DANGERS, safety_advice, safety_lines
from bot.handlers.followups.place import corrected_building


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


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("3号楼是不是停水了？我们1号楼还有水", ("3", "停水")),
        ("三栋是不是停气了？我们这边正常", ("3", "停气")),
        ("3号楼停电了吗 我家有电啊", ("3", "停电")),
        ("3号楼停水了，我们家也没水", None),  # her home too: a report
        ("3号楼停水了", None),
        ("3号楼是不是停水了？我们3号楼还有水", None),
    ],
)
def test_a_question_about_another_buildings_outage(
    text: str, asked: tuple[str, str] | None
) -> None:
    assert asks_about_another_building(text) == asked


def test_a_neighbour_away_is_nobody_missing() -> None:
    leak = safety_advice(
        "楼上漏水漏到我家卫生间了，天花板一直在滴，楼上没人在家联系不上",
        "utilities",
        DEFAULT_DANGERS,
    )
    assert not any("走失" in line for line in leak) and "挪开" in leak[0]
    child = safety_advice("我家孩子放学没回家 电话也联系不上", "other", DEFAULT_DANGERS)
    assert "走失" in child[0]


def test_one_safety_header_for_several_lines() -> None:
    lines = safety_lines(["请马上拨打119。", "请马上拨打120。", "请马上拨打119。"])
    assert lines == ["【安全提示】请马上拨打119。", "请马上拨打120。"]
    assert safety_lines([]) == []


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        ("4号楼停电了，整栋楼都黑了", "4号楼全黑了 是停电了吗 有人知道啥时候来电吗", True),
        ("3号楼停水了", "3号楼一滴水都没有 是不是没水了", True),
        ("4号楼停电了", "4号楼停水了", False),
        ("楼道灯都黑了", "4号楼停电了", False),
    ],
)
def test_one_outage_in_other_words(first: str, second: str, same: bool) -> None:
    assert same_problem(first, second) is same


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("4号楼楼道灯不亮，门口垃圾也三天没人收了", ["4号楼楼道灯不亮", "门口垃圾也三天没人收了"]),
        ("楼道灯不亮，我家也是", None),
        ("三楼那家老太太好几天没见出门了 敲门也没人应 电话也不接", None),  # one emergency
        ("水管漏了，墙也湿了", None),
        ("电梯坏了", None),
    ],
)
def test_another_thing_then_also_is_listed(text: str, parts: list[str] | None) -> None:
    assert clauses(text) == parts
