"""convofix10d: the rules behind staff speech (plans without a code, a private "@名字" 派单,
a 帮办 time said as "全天在家"), each with near misses that must not change."""

from __future__ import annotations

import pytest

from bot.chat.phrasing import at_names, rewrite
from bot.domain.helpdesk import split_details


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("今天去不了 单位加班 明天上午一定过去", "进展 今天去不了 单位加班 明天上午一定过去"),
        ("收到 我下午去看看", "进展 我下午去看看"),
        ("家里有事 明天一早过去", "进展 家里有事 明天一早过去"),
        ("公司开会 我晚上过去看看", "进展 公司开会 我晚上过去看看"),
        ("今天去不了，明天上午去", "进展 今天去不了 明天上午去"),
    ],
)
def test_a_plan_without_code_is_news_for_his_one_case(text: str, command: str) -> None:
    found = rewrite(text)
    assert found is not None and found.needs == "sole_case"
    assert found.text == command


@pytest.mark.parametrize(
    "text",
    [
        "今天加班 明天去吃饭",
        "好的 明天上午去医院",
        "收到",
        "单位加班",
        "今天加班",
        "收到 谢谢",
        "今天去不了",
    ],
)
def test_his_own_day_is_not_news(text: str) -> None:
    found = rewrite(text)
    assert found is None or found.needs != "sole_case"


def test_claim_words_stay_claims() -> None:
    found = rewrite("收到 我马上去")
    assert found is not None and found.needs == "sole_open"


def test_private_at_names_dispatch() -> None:
    assert at_names("@高大爷 E0001交给你了") == ["高大爷"]
    assert at_names("@高大爷E0001交给你了") == ["高大爷"]
    found = rewrite("@高大爷 E0001交给你了", private=True)
    assert found is not None and found.text == "派单 E0001 @高大爷"
    assert found.needs == "dispatcher"
    bare = rewrite("E0001交给你了", private=True)
    assert bare is not None and bare.text == "派单 E0001 @"  # nobody named: the pipeline drops it


def test_close_words_around_a_code_need_the_holder_or_the_closing_word() -> None:
    found = rewrite("人出来了 没事 维保也到了 E0001 办结")
    assert found is not None and found.text.startswith("办结 E0001")
    assert found.needs == "holder"
    news = rewrite("E0002 还没办结 维保在路上")
    assert news is None or not news.text.startswith("办结")


@pytest.mark.parametrize(
    ("text", "address", "when"),
    [
        ("1号楼1单元102 全天在家", "1号楼1单元102", "全天在家"),
        ("1号楼1单元102 一直在家", "1号楼1单元102", "一直在家"),
        ("3号楼502 白天都有人", "3号楼502", "白天都有人"),
        ("全天在家 1号楼1单元102", "1号楼1单元102", "全天在家"),
        ("3号楼502 明天上午", "3号楼502", "明天上午"),
        ("1号楼1单元102", "1号楼1单元102", ""),
        ("1号楼1单元102 下午三点以后都在家", "1号楼1单元102", "下午三点以后都在家"),
    ],
)
def test_availability_is_the_time_not_the_address(text: str, address: str, when: str) -> None:
    assert split_details(text) == (address, when)


@pytest.mark.parametrize(
    ("text", "about", "command"),
    [
        ("台阶那个今天去不了 明天上午过去", "台阶", "进展 今天去不了 明天上午过去"),
        ("路灯的事 明天上午过去", "路灯", "进展 明天上午过去"),
        ("明天上午过去", "", "进展 明天上午过去"),
    ],
)
def test_a_plan_may_name_the_thing_of_its_case(text: str, about: str, command: str) -> None:
    found = rewrite(text)
    assert found is not None and (found.text, found.about, found.needs) == (
        command,
        about,
        "sole_case",
    )


@pytest.mark.parametrize("text", ["台阶那个 明天去医院", "路灯的事", "这个那个 明天过去"])
def test_a_thing_without_a_plan_is_not_news(text: str) -> None:
    found = rewrite(text)
    assert found is None or found.needs != "sole_case" or found.about == ""
