"""Round ten (lead, from probe11): an emergency number that is a door number (3号楼119室,
我家是119) is where someone lives: the fault beside it is an ordinary case, not an alarm that
pages the 组长, the 书记 and the 党员群. A real call for help next to a door number stays one."""

from __future__ import annotations

import pytest

from intents.engine import IntentEngine


@pytest.mark.parametrize(
    "text",
    [
        "3号楼119室门口灯不亮",
        "楼道灯不亮了，我家是119",
        "我住120 楼下的垃圾好几天没人收了",
        "110房的下水道堵了 麻烦看看",
    ],
)
def test_a_door_number_is_no_call_for_help(engine: IntentEngine, text: str) -> None:
    intent = engine.classify(text)
    assert intent.kind == "issue" and not intent.urgent


@pytest.mark.parametrize(
    "text",
    [
        "快打119 着火了",
        "刚打了120 我妈在119室晕倒了",
        "3号楼120室着火了 有人被困",
        "住120的老太太晕倒了 快来人",
    ],
)
def test_a_call_or_a_danger_beside_a_door_number_is_still_an_alarm(
    engine: IntentEngine, text: str
) -> None:
    intent = engine.classify(text)
    assert intent.action == "case" and intent.urgent
