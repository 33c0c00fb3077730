"""convofix11b: the word rules behind round ten's blind failures (lost things, claims and
closes in a member's words). Flows are in tests/integration/test_convofix11b_replay.py."""

from __future__ import annotations

import pytest

from bot.domain.safety import dangers_named


@pytest.mark.parametrize(
    "text",
    [
        "钥匙丢了",
        "钥匙丢了！",
        "我家钥匙丢了😭",
        "我的车钥匙好像丢了",
        "我丢了一串钥匙",
        "钱包丢了",
        "手机找不到了",
        "快递不见了",
        "电动车丢了",
        "孩子的书包丢了",
        "钥匙丢了 孩子进不了门",
        "狗丢了",
        "我家狗丢了 请大家帮忙留意",
        "猫不见了",
        "楼上丢了猫",
    ],
)
def test_a_lost_thing_or_pet_is_no_lost_person(text: str) -> None:
    assert "child" not in dangers_named(text)


@pytest.mark.parametrize(
    "text",
    [
        "孩子丢了",
        "丢了孩子",
        "老人走丢了",
        "我家孩子不见了",
        "小明不见了",  # an unknown subject is read as a person
        "爷爷找不到了",
        "孩子和狗都不见了",
        "老人走丢了 钥匙也丢了",
        "我妈联系不上了",
    ],
)
def test_a_lost_person_is_still_an_emergency(text: str) -> None:
    assert "child" in dangers_named(text)


def test_something_thrown_down_loses_nobody() -> None:
    assert dangers_named("楼上丢了袋垃圾下来") == frozenset({"falling"})
