"""Rules from the conversation findings of issue 11 fixed by convofix2: pure functions."""

from __future__ import annotations

import pytest

from bot.domain.privacy import Audience, mask_for, mask_rooms


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("三号楼二单元五零二天天往楼下扔烟头", "三号楼二单元***天天往楼下扔烟头"),
        ("3号楼2单元五〇二", "3号楼2单元***"),
        ("二单元幺零二的", "二单元***的"),
        ("3号楼二单元一二零一门口", "3号楼二单元***门口"),
        ("三号楼五零二", "三号楼***"),
        ("3栋五零二室", "3栋***室"),
        ("3号楼2单元502", "3号楼2单元***"),  # digits, as before
    ],
)
def test_rooms_in_chinese_numerals_are_masked_like_digits(text: str, masked: str) -> None:
    assert mask_rooms(text) == masked


@pytest.mark.parametrize(
    "text",
    ["三号楼一二层漏水", "2单元三十户停水", "3号楼五零二号", "3号楼2单元502层", "三号楼二单元门口"],
)
def test_floors_counts_and_buildings_stay(text: str) -> None:
    assert mask_rooms(text) == text


def test_party_and_private_audiences_keep_the_door() -> None:
    text = "三号楼二单元五零二 电话13912345678"
    assert mask_for(Audience.PARTY, text) == "三号楼二单元五零二 电话139****5678"
    assert mask_for(Audience.PRIVATE, text) == text
    assert mask_for(Audience.RESIDENTS, text) == "三号楼二单元*** 电话139****5678"
