"""Points rules as data: the packaged file, overrides, amounts, caps, awarders, months."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.config import PointsConfig, PointsRuleConfig
from bot.domain.community import Role
from bot.domain.points import (
    AwardRefused,
    RuleBook,
    RuleKind,
    RulesError,
    capped_points,
    check_awarder,
    last_months,
    month_bounds,
    month_of,
    parse_units,
    previous_month,
)
from bot.services.points_policy import build_policy, default_policy

TZ = ZoneInfo("Asia/Shanghai")


def test_the_packaged_rules_have_ten_plus_and_five_minus_kinds() -> None:
    book = default_policy().rules
    plus = [r.name for r in book.of_kind(RuleKind.POSITIVE)]
    minus = [r.name for r in book.of_kind(RuleKind.NEGATIVE)]
    assert len(plus) == 10 and len(minus) == 5
    assert {"志愿服务", "参加活动", "认领并实现微心愿", "排查安全隐患", "调解矛盾纠纷"} <= set(plus)
    assert {"飞线充电", "电动车入户", "高空抛物", "违规用电用气", "毁绿种菜"} == set(minus)
    assert all(r.points < 0 and r.monthly_cap for r in book.of_kind(RuleKind.NEGATIVE))
    assert book.base_points == 10


def test_config_overrides_a_rule_adds_one_and_disables_one() -> None:
    policy = build_policy(
        PointsConfig(
            base_points=0,
            rules={
                "志愿服务": PointsRuleConfig(points=3, monthly_cap=60),
                "护河巡查": PointsRuleConfig(kind="positive", points=2, unit="次"),
                "毁绿种菜": PointsRuleConfig(enabled=False),
            },
        )
    )
    volunteer = policy.rules.get("志愿服务")
    assert volunteer is not None and volunteer.points == 3 and volunteer.monthly_cap == 60
    assert volunteer.unit == "小时"  # untouched fields keep the packaged value
    assert policy.rules.get("护河巡查") is not None
    assert policy.rules.get("毁绿种菜") is None
    assert policy.rules.base_points == 0


@pytest.mark.parametrize(
    ("rules", "problem"),
    [
        (
            {"新规则": PointsRuleConfig(points=2)},
            "points.rules.新规则: 新规则需要写明 kind 和 points",
        ),
        ({"飞线充电": PointsRuleConfig(points=5)}, "减分项应为负数"),
    ],
)
def test_bad_overrides_name_the_field(rules: dict[str, PointsRuleConfig], problem: str) -> None:
    with pytest.raises(RulesError, match=problem):
        build_policy(PointsConfig(rules=rules))


def test_a_broken_rules_mapping_is_refused() -> None:
    with pytest.raises(RulesError, match=r"rules\.x\.awarders"):
        RuleBook.from_mapping(
            {"rules": {"x": {"kind": "positive", "points": 1, "awarders": ["boss"]}}}
        )
    with pytest.raises(RulesError, match="保留"):
        RuleBook.from_mapping({"rules": {"积分兑换": {"kind": "positive", "points": 1}}})


def test_amounts_negative_absurd_and_chinese() -> None:
    volunteer = default_policy().rules.get("志愿服务")
    assert volunteer is not None
    assert parse_units(None, volunteer) == 1
    assert parse_units("2小时", volunteer) == 2
    assert parse_units("两小时", volunteer) == 2
    assert parse_units("8", volunteer) == 8
    for bad, says in [
        ("-2小时", "负数"),
        ("0小时", "大于 0"),
        ("1.5小时", "整数"),
        ("200小时", "一次最多记 8小时"),
        ("很多", "没看懂"),
    ]:
        with pytest.raises(AwardRefused, match=says):
            parse_units(bad, volunteer)


def test_caps_clip_and_count_corrections() -> None:
    volunteer = default_policy().rules.get("志愿服务")
    charging = default_policy().rules.get("飞线充电")
    assert volunteer is not None and charging is not None
    assert capped_points(volunteer, 16, 36) == 4
    assert capped_points(volunteer, 16, 40) == 0
    assert capped_points(volunteer, 16, 40 - 16) == 16  # a correction freed room
    assert capped_points(charging, -5, -20) == 0
    assert capped_points(charging, -5, -17) == -3


def test_who_may_award() -> None:
    volunteer = default_policy().rules.get("志愿服务")
    sorting = default_policy().rules.get("垃圾分类")
    assert volunteer is not None and sorting is not None
    same = {"actor_estate": 1, "actor_building": 3, "target_estate": 1, "target_building": 3}
    check_awarder(volunteer, Role.STAFF, **same)
    check_awarder(volunteer, Role.SECRETARY, **same)
    with pytest.raises(AwardRefused, match="只能由"):
        check_awarder(volunteer, Role.LEADER, **same)
    with pytest.raises(AwardRefused):
        check_awarder(volunteer, Role.RESIDENT, **same)
    check_awarder(sorting, Role.LEADER, **same)
    with pytest.raises(AwardRefused, match="本楼栋"):
        check_awarder(sorting, Role.LEADER, **{**same, "target_building": 2})
    with pytest.raises(AwardRefused, match="本小区"):
        check_awarder(volunteer, Role.SECRETARY, **{**same, "target_estate": 2})


def test_month_boundaries_are_shanghai_months() -> None:
    late = datetime.fromisoformat("2026-11-30T23:59:00+08:00")
    first = datetime.fromisoformat("2026-12-01T00:00:00+08:00")
    assert month_of(late, TZ) == "2026-11"
    assert month_of(first, TZ) == "2026-12"
    # In UTC both are still November 30th: the month is the community's, not UTC's.
    assert first.astimezone(ZoneInfo("UTC")).day == 30
    start, end = month_bounds("2026-11", TZ)
    assert start <= late < end and not start <= first < end


def test_last_months_cross_the_new_year_in_the_community_time_zone() -> None:
    # 2027-01-01 01:00 in Shanghai is still 2026-12-31 in UTC: January counts.
    now = datetime.fromisoformat("2027-01-01T01:00:00+08:00")
    assert last_months(now, TZ, 3) == ["2026-11", "2026-12", "2027-01"]
    assert last_months(now, TZ) == [f"2026-{m:02d}" for m in range(2, 13)] + ["2027-01"]
    assert month_bounds("2026-12", TZ)[1] == datetime.fromisoformat("2027-01-01T00:00:00+08:00")
    assert previous_month("2027-01") == "2026-12"
