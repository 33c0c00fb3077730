"""Round thirteen (engine13): the two classifier failures of the blind conversations in
tests/scenarios/convo12 (chat_must_stay_silent, leader_pending_and_claim_typo), each made a rule
of a general kind and checked on variants written for the test, beside the messages the rule
must leave alone."""

from __future__ import annotations

import pytest

from intents.engine import IntentEngine


# A fault given to a person instead ("漏气的不是暖气是我"): the contrast says the fault words are
# a figure for the writer, and the thing named is fine. Silence, never a case.
@pytest.mark.parametrize(
    "text",
    [
        "孩子期末考砸了 家里气压低得很 漏气的不是暖气是我😭",
        "坏掉的不是电梯 是我的老腰",
        "堵的不是下水道是我的心",
        "短路的不是电线是我脑子",
        "今天加班到十点 漏电的不是插座是我",
        "冒烟的不是厨房 是我的脑袋",
    ],
)
def test_fault_given_to_a_person_is_a_figure(engine: IntentEngine, text: str) -> None:
    intent = engine.classify(text)
    assert intent.action == "none" and not intent.urgent


# ... while a correction that gives the fault to another place or thing is a real report.
@pytest.mark.parametrize(
    "text",
    [
        "着火的不是我家是楼下 快来人",
        "冒烟的不是3楼是4楼 快打119",
    ],
)
def test_fault_moved_to_another_place_stays_urgent(engine: IntentEngine, text: str) -> None:
    intent = engine.classify(text)
    assert intent.urgent and intent.action == "case"


@pytest.mark.parametrize(
    "text",
    [
        "漏水的不是厨房是我家卫生间",
        "坏的不是1号梯是2号梯 一直停在5楼不动",
    ],
)
def test_fault_moved_to_another_thing_is_no_figure(engine: IntentEngine, text: str) -> None:
    intent = engine.classify(text)
    assert intent.kind == "issue" and intent.action in ("case", "review")


# Reassurance negated is worry (不放心, 不太放心, 放心不下): the hazard is there now, so the
# report is a case, not settled talk sent to 待确认.
@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("3号楼1单元楼梯扶手松了 一晃一晃的 老人扶着不放心", "facilities"),
        ("5栋门口的台阶塌了一块 孩子跑来跑去真不放心", "facilities"),
        ("楼道灯坏了好几天 晚上老人上下楼放心不下", "facilities"),
        ("2单元楼梯扶手晃得厉害 我妈扶着下楼很不放心", "facilities"),
    ],
)
def test_worry_keeps_a_report_current(engine: IntentEngine, text: str, category: str) -> None:
    intent = engine.classify(text)
    assert intent.kind == "issue" and intent.action == "case" and intent.category == category


# ... while reassurance itself still settles it.
@pytest.mark.parametrize(
    "text",
    [
        "放心吧 楼梯扶手已经修好了",
        "大家放心 楼道灯昨天换好了",
    ],
)
def test_reassurance_still_settles(engine: IntentEngine, text: str) -> None:
    assert engine.classify(text).action == "none"
