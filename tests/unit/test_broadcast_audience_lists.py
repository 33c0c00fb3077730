"""A notice's audience written as a list of buildings (convofix14e, convo14b file 10).

Staff write "通知 兰亭3号楼 4号楼 内容", "3、4号楼", "3号楼和4号楼": every named building is
reached, and no building name is left in the text the groups read.
"""

from __future__ import annotations

import pytest

from bot.domain.broadcasts import (
    Places,
    TargetError,
    parse_targets,
    resolve_groups,
    split_audience,
)
from bot.domain.community import Building, Estate, Group, GroupKind


def places() -> Places:
    estates = [
        Estate("lanting", "兰亭小区", "支部", id=1),
        Estate("jinxiu", "锦绣家园", "支部", id=2),
    ]
    buildings = [Building(1, str(n), f"{n}号楼", id=n) for n in (1, 2, 3, 4)] + [
        Building(2, str(n), f"{n}号楼", id=10 + n) for n in (1, 2, 3)
    ]
    groups = [
        Group("a", "兰亭小区业主群", "r1", GroupKind.OWNERS, 1, id=1),
        Group("a", "兰亭1号楼邻里群", "r2", GroupKind.BUILDING, 1, 1, id=2),
        Group("a", "兰亭3号楼邻里群", "r3", GroupKind.BUILDING, 1, 3, id=3),
        Group("a", "兰亭4号楼邻里群", "r4", GroupKind.BUILDING, 1, 4, id=4),
        Group("a", "锦绣3栋楼栋群", "r6", GroupKind.BUILDING, 2, 13, id=6),
    ]
    return Places(estates, buildings, groups)


def reached(rest: str) -> tuple[list[str], str]:
    targets, body = split_audience(rest, places())
    groups = resolve_groups(parse_targets(targets, places()), places())
    return [g.topic for g in groups], body


@pytest.mark.parametrize(
    "rest",
    [
        "兰亭3号楼 4号楼 今晚8点停电",
        "兰亭3号楼、4号楼 今晚8点停电",
        "兰亭3、4号楼 今晚8点停电",
        "兰亭3号楼和4号楼 今晚8点停电",
        "兰亭3号楼 及 4号楼 今晚8点停电",
        "兰亭小区 3号楼 4号楼：今晚8点停电",
        "兰亭三号楼 四号楼 今晚8点停电",
    ],
)
def test_every_building_in_the_list_is_reached_and_none_is_in_the_text(rest: str) -> None:
    groups, body = reached(rest)
    assert groups == ["兰亭3号楼邻里群", "兰亭4号楼邻里群"]
    assert body == "今晚8点停电"


def test_a_building_the_estate_does_not_have_is_named_not_dropped() -> None:
    targets, body = split_audience("兰亭3号楼 5号楼 今晚停电", places())
    with pytest.raises(TargetError, match=r"兰亭5号楼.*1、2、3、4号楼"):
        parse_targets(targets, places())
    assert body == "今晚停电"


def test_words_that_only_look_like_places_stay_in_the_text() -> None:
    # A date "5号" and a time are the notice's words, not more targets.
    assert reached("兰亭3号楼 5号 全天停水") == (["兰亭3号楼邻里群"], "5号 全天停水")
    assert split_audience("3号楼 12月3号 停水", places()) == ("3号楼", "12月3号 停水")
    assert reached("全部 明天9点停水") == (
        [
            "兰亭小区业主群",
            "兰亭1号楼邻里群",
            "兰亭3号楼邻里群",
            "兰亭4号楼邻里群",
            "锦绣3栋楼栋群",
        ],
        "明天9点停水",
    )


def test_after_all_groups_a_building_is_the_texts_word() -> None:
    assert split_audience("全部 3号楼 明天电梯检修", places()) == ("全部", "3号楼 明天电梯检修")


def test_one_place_then_a_colon_still_works() -> None:
    assert reached("兰亭1号楼：明天停水") == (["兰亭1号楼邻里群"], "明天停水")
    assert reached("兰亭1号楼 明天停水") == (["兰亭1号楼邻里群"], "明天停水")
