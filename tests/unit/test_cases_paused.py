"""A report taken back stops the 2341 clock; one fire told by several voices is one case
(convofix6 R2, R11)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain import lifecycle
from bot.domain.cases import Case, Report, same_emergency
from bot.domain.sla import SlaPolicy, Step

TZ = ZoneInfo("Asia/Shanghai")
POLICY = SlaPolicy()
NINE = datetime(2026, 11, 23, 9, 0, tzinfo=TZ)


def case(*, urgent: bool = False, category: str = "fire", unit: str | None = None) -> Case:
    c = Case(
        estate_id=1,
        category=category,
        summary="3号楼2单元楼道里有烟，好像着火了",
        reporter_id=1,
        opened_at=NINE,
        building="3",
        unit=unit,
        urgent=urgent,
        id=1,
    )
    lifecycle.start_clock(c, NINE, POLICY)
    return c


@pytest.mark.parametrize("urgent", [False, True])
def test_paused_case_has_nothing_due_ever(urgent: bool) -> None:
    c = case(urgent=urgent)
    lifecycle.paused(c, NINE + timedelta(minutes=5))
    assert c.status.is_open and not c.urgent and lifecycle.is_paused(c)
    assert c.next_due is None  # the sweep never sees it again
    assert lifecycle.due_steps(c, NINE + timedelta(days=30)) == []
    assert not lifecycle.notice_due(c, NINE + timedelta(days=1))


def test_met_steps_stay_met_and_resuming_gives_fresh_deadlines() -> None:
    c = case()
    lifecycle.claimed(c, 7, NINE + timedelta(minutes=3))
    lifecycle.paused(c, NINE + timedelta(minutes=5))
    assert c.respond_met is not None
    back = NINE + timedelta(hours=2)
    lifecycle.resumed(c, back, POLICY)
    assert not lifecycle.is_paused(c)
    assert c.respond_met is not None and c.reply_due is not None and c.reply_due > back
    assert Step.RESPOND not in lifecycle.due_steps(c, back + timedelta(days=3))


def test_a_running_clock_is_not_paused() -> None:
    assert not lifecycle.is_paused(case())


def report(text: str, *, building: str | None = "3", unit: str | None = None, cat: str = "fire"):
    return Report(category=cat, summary=text, building=building, unit=unit, room=None, urgent=True)


@pytest.mark.parametrize(
    "text", ["是的3号楼有很大的烟味，快来人", "2单元五楼冒烟了！！", "3号楼着火了，快报警"]
)
def test_one_building_one_danger_minutes_apart_is_one_emergency(text: str) -> None:
    assert same_emergency(
        case(urgent=True), report(text), NINE + timedelta(minutes=1), timedelta(hours=2)
    )


def test_other_unit_other_danger_or_much_later_is_another_emergency() -> None:
    window = timedelta(hours=2)
    fire = case(urgent=True, unit="2")
    soon = NINE + timedelta(minutes=2)
    assert not same_emergency(fire, report("3单元冒烟了", unit="3"), soon, window)
    assert not same_emergency(fire, report("电梯里有人被困", cat="elevator"), soon, window)
    assert not same_emergency(fire, report("有烟味", building="4"), soon, window)
    assert not same_emergency(case(), report("有烟味"), soon, window)  # not urgent
    late = NINE + timedelta(hours=1)
    assert not same_emergency(fire, report("车库冒烟了"), late, window)
