"""Round four: danger by composition ([urgent.compose.*]), harm words beside a person, and the
context markers for withdrawn alarms and fixed faults. Texts written for these tests."""

from __future__ import annotations

import pytest

from intents.engine import IntentEngine
from intents.lexicon import LexiconError, load_lexicon


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("二单元楼梯口天然气的味道特别冲 一直散不掉", "fire_safety"),
        ("厨房的液化气罐嘶嘶在响 关阀门也没用", "fire_safety"),
        ("我被关在8号楼电梯里了 按什么都没用", "elevator"),
        ("阳台那根暖气管爆了 热水关不住", "utilities"),
        ("地下车库整片黑烟冒出来 看不清路", "fire_safety"),
    ],
)
def test_hazard_and_sign_in_one_sentence_are_urgent(
    engine: IntentEngine, text: str, category: str
) -> None:
    intent = engine.classify(text)
    assert intent.urgent and intent.action == "case"
    assert intent.category == category


@pytest.mark.parametrize(
    "text",
    [
        "燃气费这个月怎么涨了",  # the hazard alone
        "楼梯间全是烟头 也没人扫",  # 烟 inside an exclude word
        "万一燃气漏了怎么办",  # a hypothetical half does not compose
        "燃气公司说下周来查表",  # 燃气公司 is the company
        "菜刀在哪里磨比较好",  # a weapon word without a sign of violence
    ],
)
def test_one_half_or_a_doubted_half_is_not_urgent(engine: IntentEngine, text: str) -> None:
    assert not engine.classify(text).urgent


def test_illness_needs_a_person(engine: IntentEngine) -> None:
    assert engine.classify("我外婆突然胸闷 嘴唇发紫 在5号楼").urgent
    assert not engine.classify("胸闷是什么原因引起的").urgent


def test_a_missing_person_is_urgent(engine: IntentEngine) -> None:
    assert engine.classify("我家老爷子早上出门到现在没回家 电话关机").urgent


@pytest.mark.parametrize(
    "text",
    [
        "刚才说的冒烟是对面在烤红薯 大家别紧张",
        "撤回上一条 不是着火 是我看错了",
        "刚刚那个燃气味是楼下在刷油漆",
    ],
)
def test_a_withdrawn_alarm_is_neither_urgent_nor_a_case(engine: IntentEngine, text: str) -> None:
    intent = engine.classify(text)
    assert not intent.urgent
    assert intent.action != "case"


def test_a_fixed_fault_is_not_reported(engine: IntentEngine) -> None:
    intent = engine.classify("楼道的灯物业下午来换好了 亮堂多了")
    assert intent.action == "none"


def test_a_stove_that_will_not_light_is_not_a_fire(engine: IntentEngine) -> None:
    assert not engine.classify("燃气灶打不着火 是不是没气了").urgent


def test_compose_rules_are_validated() -> None:
    with pytest.raises(LexiconError):
        load_lexicon({"urgent": {"compose": {"x": {"hazard": ["燃气"]}}}})
    with pytest.raises(LexiconError):
        load_lexicon(
            {"urgent": {"compose": {"x": {"category": "nope", "hazard": ["a"], "sign": ["b"]}}}}
        )
    lexicon = load_lexicon({"urgent": {"compose": {"x": {"hazard": ["锅炉"], "sign": ["冒汽"]}}}})
    assert any(rule.name == "x" and "锅炉" in rule.hazard for rule in lexicon.urgent_compose)
