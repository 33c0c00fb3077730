from __future__ import annotations

import pytest

from intents import Location, parse_location


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3号楼2单元电梯困人了", Location("3", "2", None)),
        ("三号楼电梯又坏了", Location("3", None, None)),
        ("十二号楼的电梯", Location("12", None, None)),
        ("3栋楼下", Location("3", None, None)),
        ("3幢1单元", Location("3", "1", None)),
        ("3#楼电梯", Location("3", None, None)),
        ("4#楼201 下水道反水", Location("4", None, "201")),
        ("３号楼１单元电梯停了", Location("3", "1", None)),
        ("二单元的楼道灯", Location(None, "2", None)),
        ("502室卫生间漏水", Location(None, None, "502")),
        ("五零二室卫生间漏水", Location(None, None, "502")),
        ("三号楼502的张奶奶", Location("3", None, "502")),
        ("3号楼2单元502室 卫生间顶上漏水", Location("3", "2", "502")),
        ("3-2-1202 电梯停在我家这层不动了", Location("3", "2", "1202")),
        ("漏水 1502 急", Location(None, None, "1502")),
        ("8栋2单元702室暖气片漏水", Location("8", "2", "702")),
    ],
)
def test_locations(text: str, expected: Location) -> None:
    assert parse_location(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "电梯困人了有没有人在",
        "5楼阳台在冒烟 快打119",  # a floor, not a building
        "已经打了120",
        "晚上12点了还在蹦迪",
        "这两栋楼都停水了",
        "物业费1200元一年",
        "2024年的账",
        "认领 E0231",
        "我家电话13812345678",
        "明天3号停水",  # a date, not a building
        "",
    ],
)
def test_nothing_invented(text: str) -> None:
    assert parse_location(text) == Location()
    assert not parse_location(text)
