"""convofix11b: the word rules behind round ten's blind failures (lost things, claims and
closes in a member's words). Flows are in tests/integration/test_convofix11b_replay.py."""

from __future__ import annotations

import pytest

from bot.chat.phrasing import rewrite
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


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("已办结", "办结"),
        ("已办结。", "办结"),
        ("办结了", "办结"),
        ("已经办结了", "办结"),
        ("可以结案了", "办结"),
        ("已处理完毕", "办结"),
        ("已办结 疏通了", "办结 疏通了"),
        ("搞定", "办结 搞定"),
        ("搞定！", "办结 搞定"),
        ("修好了", "办结 修好了"),
    ],
)
def test_a_close_without_a_code_is_for_the_case_he_holds(text: str, command: str) -> None:
    found = rewrite(text)
    assert found is not None and (found.text, found.needs) == (command, "sole_case")


@pytest.mark.parametrize("text", ["办结了吗", "搞定 今天的菜买好了", "还是漏", "OK"])
def test_no_close_in_other_words(text: str) -> None:
    found = rewrite(text)
    assert found is None or found.needs != "sole_case"


@pytest.mark.parametrize("text", ["已认领", "已认领！", "已接单", "已经接单了", "认领了"])
def test_a_claim_said_as_done_names_no_thing(text: str) -> None:
    found = rewrite(text)
    assert found is not None and found.needs == "sole_open" and found.about == ""


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("「不满意」E0003，还是不亮！！", "评价 E0003 不满意"),
        ("“满意” E0001", "评价 E0001 满意"),
    ],
)
def test_a_quoted_rating_word_is_the_word(text: str, command: str) -> None:
    found = rewrite(text)
    assert found is not None and found.text.startswith(command)
