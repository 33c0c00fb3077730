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


# Prices, the market and the shops' own business are talk about life, not a 小区 problem, even
# beside 又, 楼下 or 涨价 (convo8 B3); what the 小区 charges and what a shop does to neighbours
# stay complaints.
@pytest.mark.parametrize(
    "text",
    [
        "楼下小卖部的酱油又涨价了 啥都涨",
        "楼下小卖部的酱油又涨价了",
        "超市的鸡蛋又涨价了",
        "菜市场猪肉又涨价了 啥都涨",
        "现在啥都涨 就工资不涨",
        "物价涨得太快了",
        "今天菜价又涨了 白菜都三块钱一斤",
    ],
)
def test_prices_and_shops_are_chat(engine: IntentEngine, text: str) -> None:
    intent = engine.classify(text)
    assert intent.kind == "chat" and intent.action == "none"


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("物业费又涨价了 也不开业主大会", "property"),
        ("停车费又涨价了 谁同意的", "parking"),
        ("楼下小卖部天天放音响 吵死了", "noise"),
        ("小卖部门口垃圾堆成山 臭死了", "sanitation"),
    ],
)
def test_charges_and_shop_nuisances_stay_complaints(
    engine: IntentEngine, text: str, category: str
) -> None:
    intent = engine.classify(text)
    assert intent.kind == "issue" and intent.action == "case" and intent.category == category


def test_a_wish_to_have_shopping_done_stays_a_wish(engine: IntentEngine) -> None:
    assert engine.classify("想请人帮我去小卖部买瓶酱油 我腿脚不便").kind == "wish"


# The welfare check (convo8 B11): a person not seen for days who does not answer the door or
# the phone may have collapsed at home: urgent (other).
@pytest.mark.parametrize(
    "text",
    [
        "三楼那家老太太好几天没见出门了 敲门也没人应 电话也不接",
        "隔壁独居的大爷好几天没出门了 敲门没反应",
        "对门的老人几天没见了 打电话也没人接",
        "5号楼那个独居老人好几天没下楼了 敲门没动静",
    ],
)
def test_someone_unseen_for_days_who_does_not_answer_is_urgent(
    engine: IntentEngine, text: str
) -> None:
    intent = engine.classify(text)
    assert intent.urgent and intent.action == "case" and intent.category == "other"


@pytest.mark.parametrize(
    "text",
    [
        "好几天没见王阿姨了 去她女儿家了吧",
        "好几天没见王阿姨了 打电话不接 可能去女儿家了",
        "我妈电话不接 估计在跳广场舞",
        "物业好几天没见人 打电话也没人接",
        "外卖小哥敲门也没人应",
        "老李好几天没出门了 听说去旅游了",
    ],
)
def test_unseen_or_unanswered_alone_is_no_alarm(engine: IntentEngine, text: str) -> None:
    assert not engine.classify(text).urgent
