"""Round fourteen (convofix14a): the classification and urgency failures of the blind
conversations in tests/scenarios/convo14 (lost_cat, plaster_not_urgent, renter_landlord_leak,
pinyin_english), each a rule checked on other phrasings, beside what it must leave alone."""

from __future__ import annotations

import pytest

from intents import normalize
from intents.engine import IntentEngine


# A lost pet is not a lost child: 没回来 joins 没到家/没回家 (a person's danger only), and a pet
# named keeps the model's urgency head from calling an alarm.
@pytest.mark.parametrize(
    "text",
    [
        "谁看见我家猫了 橘色的 下午从2单元跑出去就没回来 走丢一下午了",
        "我家狗早上跑出去了 到现在没回来 谁看见了说一声",
        "我家鹦鹉飞走了 一下午没回来 急死了",
        "谁看到一只白色的小狗 从3单元跑出去没回来",
    ],
)
def test_a_lost_pet_is_no_alarm(engine: IntentEngine, text: str) -> None:
    assert not engine.classify(text).urgent


# ... while a person who has not come back still is one.
@pytest.mark.parametrize(
    "text",
    ["我家孩子放学到现在没回来 电话也打不通", "我爸下午出去遛弯 到现在没回来 联系不上"],
)
def test_a_person_not_back_stays_urgent(engine: IntentEngine, text: str) -> None:
    intent = engine.classify(text)
    assert intent.urgent and intent.action == "case"


# Plaster or paint flaking (往下掉) with nobody beneath is upkeep: a case, not an alarm.
@pytest.mark.parametrize(
    "text",
    [
        "4号楼顶楼楼道墙皮往下掉 下雨就渗水 一大片都是水印",
        "楼道天花板的墙皮一直往下掉 到处是白灰",
        "走廊的腻子往下掉 墙都发霉了",
        "家里阳台的墙皮往下掉 一碰就掉渣",
    ],
)
def test_flaking_plaster_is_a_case_not_an_alarm(engine: IntentEngine, text: str) -> None:
    intent = engine.classify(text)
    assert intent.action == "case" and not intent.urgent


# ... something falling where people walk still alarms.
@pytest.mark.parametrize(
    "text", ["楼上的瓷砖往下掉 下面有人走 太危险了", "外墙的砖往下掉 底下有人"]
)
def test_falling_onto_people_stays_urgent(engine: IntentEngine, text: str) -> None:
    assert engine.classify(text).urgent


# A dripping ceiling with the landlord, agent or 物业 out of reach is a case, not an alarm:
# only the flat the water comes from, out of reach, makes it one (round twelve's rule).
@pytest.mark.parametrize(
    "text",
    [
        "我是租1单元201的 卫生间天花板一直往下滴水 应该是楼上漏的 房东电话打不通 不知道找谁",
        "厨房天花板滴水 房东联系不上 怎么办",
        "天花板往下滴水 物业电话打不通",
        "租的房子天花板一直在滴 中介不接电话",
    ],
)
def test_a_drip_with_the_landlord_out_of_reach_is_no_alarm(engine: IntentEngine, text: str) -> None:
    intent = engine.classify(text)
    assert intent.action in ("case", "review") and not intent.urgent


def test_a_drip_with_the_flat_above_out_of_reach_stays_urgent(engine: IntentEngine) -> None:
    assert engine.classify("天花板一直在滴水 楼上家里没人").urgent


# English words for the estate's things read as the Chinese ones.
@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("3栋的lift又坏了", "3栋的电梯又坏了"),
        ("Elevator坏了 门关不上", "电梯坏了 门关不上"),
        ("楼道的lights都不亮", "楼道的灯都不亮"),
        ("单元门口的trash好几天没人收", "单元门口的垃圾好几天没人收"),
        ("shoplifting 今天wifi好慢", "shoplifting 今天wifi好慢"),
    ],
)
def test_english_objects_read_as_chinese(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("3栋的lift又坏了 门一直关不上 sos", "elevator"),
        ("2单元elevator又停了", "elevator"),
        ("楼道的light坏了好几天了 晚上黑漆漆的", "facilities"),
    ],
)
def test_english_objects_route_the_case(engine: IntentEngine, text: str, category: str) -> None:
    intent = engine.classify(text)
    assert intent.action == "case" and intent.category == category


# A time before now (上回, 上次, 去年) in a later clause sets an earlier event beside the report;
# the report itself stays current (dispute_is_case: the locked fire lane opens a case at once).
@pytest.mark.parametrize(
    "text",
    [
        "物业把东门那条消防通道用铁链锁了 还画了几个收费车位 上回救护车都进不来 这不是拿命开玩笑吗",
        "东门消防通道被物业锁了 上次消防车都开不进来",
        "楼道灯不亮 上次就报过一次",
        "小区消防通道堆满了杂物 去年就说过要清",
    ],
)
def test_an_earlier_time_after_the_report_leaves_it_current(
    engine: IntentEngine, text: str
) -> None:
    assert engine.classify(text).action == "case"


# ... while the same words before the report, or a repair, still make it old.
@pytest.mark.parametrize(
    "text", ["上次电梯坏了 修了一个礼拜", "上个月楼道灯不亮 后来修好了", "去年消防通道堵过一回"]
)
def test_an_earlier_time_before_the_report_keeps_it_past(engine: IntentEngine, text: str) -> None:
    assert engine.classify(text).action != "case"


# A fire lane blocked or locked is 消防安全, whoever blocks it.
@pytest.mark.parametrize(
    "text",
    ["东门消防通道被物业锁了", "我们4号楼的消防通道又被私家车堵死了", "小区消防通道堆满了杂物"],
)
def test_a_blocked_fire_lane_is_fire_safety(engine: IntentEngine, text: str) -> None:
    intent = engine.classify(text)
    assert intent.action == "case" and intent.category == "fire_safety"
