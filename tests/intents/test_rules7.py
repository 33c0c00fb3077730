"""Round seven: rules from a blind conversation tester's findings (convo3), each a class of
message, checked on variants written for the test."""

from __future__ import annotations

import pytest

from intents.engine import IntentEngine


@pytest.mark.parametrize(
    "text",
    [
        "谁家孩子的电话手表掉在滑梯那了 我放门卫了",
        "捡到一串钥匙 在3号楼门口 失主来门卫拿",
        "谁丢的雨伞 落在凉亭里了 我交给保安了",
    ],
)
def test_lost_and_found_is_help_not_a_fault(engine: IntentEngine, text: str) -> None:
    assert engine.classify(text).action == "none"


def test_the_gatekeeper_is_no_door(engine: IntentEngine) -> None:
    intent = engine.classify("3号楼单元门坏了 关不上")
    assert (intent.action, intent.category) == ("case", "facilities")


@pytest.mark.parametrize("text", ["早上堵车堵死了 环城路那边", "晚高峰堵车 半小时没动"])
def test_city_traffic_is_no_fire_lane(engine: IntentEngine, text: str) -> None:
    assert engine.classify(text).action == "none"


def test_a_blocked_fire_lane_is_still_a_case(engine: IntentEngine) -> None:
    intent = engine.classify("小区门口又被车堵死了 消防车进不来")
    assert intent.action == "case" and intent.category in ("fire_safety", "parking")


@pytest.mark.parametrize(
    "text", ["楼下烧烤店油烟太大了 窗户都不敢开", "饭店油烟很大 呛得不行 天天这样"]
)
def test_cooking_fumes_are_never_urgent(engine: IntentEngine, text: str) -> None:
    assert not engine.classify(text).urgent


def test_real_smoke_stays_urgent(engine: IntentEngine) -> None:
    assert engine.classify("3号楼楼道里烟太大了 着火了").urgent


@pytest.mark.parametrize(
    "text",
    [
        "分享一首诗：\n《冬日》\n窗外的雪落在屋顶，\n像是谁家着火后的灰烬，\n听电梯坏了的声音。\n——写于小区",
        "分享一段散文 摘自某杂志 屋里像着了火一样热闹",
    ],
)
def test_a_shared_poem_or_passage_is_never_a_report(engine: IntentEngine, text: str) -> None:
    intent = engine.classify(text)
    assert intent.action == "none" and not intent.urgent


def test_a_later_clause_at_home_ends_elsewhere(engine: IntentEngine) -> None:
    # convo3 D35: small talk about the market, then the real complaint about our building.
    text = "我刚从菜市场回来 白菜才八毛一斤 对了 我们4号楼的消防通道又被私家车堵死了"
    assert engine.classify(text).action == "case"


@pytest.mark.parametrize(
    "text",
    ["朋友小区电梯坏了 我们小区还好", "我们公司停电了", "我在外地出差 宾馆停水了 我家那边没事吧"],
)
def test_home_words_do_not_bring_elsewhere_home_by_themselves(
    engine: IntentEngine, text: str
) -> None:
    assert engine.classify(text).action == "none"
