"""Round nine: rules from the blind conversation tester's findings (convo8), each a class of
message, checked on variants written for the test (not the tester's own lines alone)."""

from __future__ import annotations

import pytest

from intents.engine import IntentEngine


# An appliance that will not light (打不着火, 点不起火) is the opposite of a fire, and 出不来 said
# of water, gas or a car is nobody shut in: a utilities fault, never an alarm (convo8 B1, B2).
@pytest.mark.parametrize(
    "text",
    [
        "二号楼这两天水压小的很洗澡水都出不来热水器都打不着火",
        "热水器打不着火了 是不是没燃气了",
        "燃气灶打不起火 是不是没气了",
        "灶台点不着火了",
        "煤气灶点不着 火苗都没有",
        "热水器老是不着火 洗不了澡",
        "热水器点不燃了 麻烦看看",
        "楼上几层都出不来水",
        "水龙头的热水半天出不来",
        "三号楼今天水一直出不来",
        "车库门坏了车出不来",
    ],
)
def test_failed_ignition_and_water_that_wont_come_are_no_emergency(
    engine: IntentEngine, text: str
) -> None:
    intent = engine.classify(text)
    assert not intent.urgent
    assert intent.kind == "issue"


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("二号楼这两天水压小的很洗澡水都出不来热水器都打不着火", "utilities"),
        ("热水器打不着火了 是不是没燃气了", "utilities"),
        ("热水器点不燃了 麻烦看看", "utilities"),
    ],
)
def test_failed_ignition_is_a_utilities_case(
    engine: IntentEngine, text: str, category: str
) -> None:
    intent = engine.classify(text)
    assert intent.action == "case" and intent.category == category


# Real fires and people shut in lifts stay urgent, beside the same words.
@pytest.mark.parametrize(
    "text",
    [
        "厨房着火了",
        "楼下着火了 快跑",
        "着火了！！5楼阳台在冒烟",
        "电梯卡住了人出不来",
        "孩子被关在电梯里出不来",
        "我儿子一个人在电梯里出不来 在哭",
        "楼下卖早点的炉子火苗好大 有人着火了",
        "热水器打不着火 刚才用打火机点了一下 厨房着火了",
    ],
)
def test_real_fires_and_lift_traps_stay_urgent(engine: IntentEngine, text: str) -> None:
    intent = engine.classify(text)
    assert intent.urgent and intent.action == "case"
