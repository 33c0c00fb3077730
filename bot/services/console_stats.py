"""The dashboard's numbers: the 12345 rates and 2341 compliance (bot.services.reports),
open and overdue counts, cases by category / 楼栋 / month, the 十件实事, wishes and points.

A period is a quarter ("2026Q4") or a month ("2026-11"), in local time.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.domain.case_figures import CaseGroup, Share
from bot.domain.cases import CATEGORY_LABELS
from bot.domain.points import last_months
from bot.domain.sla import STEPS, Step
from bot.ports import UnitOfWork
from bot.services.deliberation.suggestions import by_month as suggestion_months
from bot.services.reports import Ratio, month_bounds

TOP_PROBLEMS = 10


class PeriodError(ValueError):
    pass


@dataclass(frozen=True)
class Period:
    key: str  # "2026Q4" or "2026-11"
    label: str
    start: datetime
    end: datetime


def period(key: str | None, now: datetime, tz: ZoneInfo) -> Period:
    local = now.astimezone(tz)
    if not key:
        key = f"{local.year}Q{(local.month - 1) // 3 + 1}"
    quarter = re.fullmatch(r"(\d{4})Q([1-4])", key)
    # The same years as a month: outside them the bounds (and the months before, on the
    # charts) leave what a datetime can hold.
    if quarter and 2000 <= int(quarter[1]) <= 2100:
        year, q = int(quarter[1]), int(quarter[2])
        start = month_bounds(f"{year}-{3 * q - 2:02d}", tz)[0]
        end = month_bounds(f"{year}-{3 * q:02d}", tz)[1]
        return Period(key, f"{year}年第{q}季度", start, end)
    if re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", key) and 2000 <= int(key[:4]) <= 2100:
        start, end = month_bounds(key, tz)
        return Period(key, f"{key[:4]}年{int(key[5:])}月", start, end)
    raise PeriodError("时间段应写成 2026Q4（季度）或 2026-11（月份）。")


@dataclass(frozen=True)
class Problem:
    label: str
    category: str
    cases: int
    residents: int
    estate_id: int | None = None  # so a 十件实事 item can become a 议题 of its 小区


@dataclass
class Dashboard:
    period: Period
    opened: int = 0
    response: Ratio = field(default_factory=Ratio)
    resolution: Ratio = field(default_factory=Ratio)
    satisfaction: Ratio = field(default_factory=Ratio)
    steps: dict[Step, Ratio] = field(default_factory=lambda: {s: Ratio() for s in STEPS})
    open_now: int = 0
    overdue_now: int = 0
    by_category: list[tuple[str, int]] = field(default_factory=list)
    by_building: list[tuple[str, int]] = field(default_factory=list)
    by_month: list[tuple[str, int]] = field(default_factory=list)
    top_problems: list[Problem] = field(default_factory=list)
    wishes_fulfilled: int = 0
    points_awarded: int = 0
    suggestions: int = 0  # 金点子: 说事 received in the period
    suggestions_by_month: list[tuple[str, int]] = field(default_factory=list)


def dashboard(
    uow: UnitOfWork, *, now: datetime, tz: ZoneInfo, key: str | None, estate_id: int | None
) -> Dashboard:
    """Counted by the database (storage/case_figures.py): at district size a quarter holds tens
    of thousands of cases, which are never loaded to be counted."""
    p = period(key, now, tz)
    board = Dashboard(p)
    tally = uow.cases.tally(p.start, p.end, estate_id, now)
    board.opened = tally.opened
    _add(board.response, tally.response)
    _add(board.resolution, tally.resolution)
    _add(board.satisfaction, tally.satisfaction)
    for step in STEPS:
        _add(board.steps[step], tally.steps[step])
    groups = uow.cases.groups(p.start, p.end, estate_id)
    estates = {e.id: e.name for e in uow.estates.all()}
    categories: Counter[str] = Counter()
    buildings: Counter[str] = Counter()
    for g in groups:
        categories[g.category] += g.cases
        if g.building:
            buildings[_building_label(g.estate_id, g.building, estates)] += g.cases
    board.by_category = [(CATEGORY_LABELS.get(k, k), n) for k, n in categories.most_common()]
    board.by_building = sorted(buildings.items())
    board.by_month = by_month(uow, now=now, tz=tz, estate_id=estate_id)
    board.top_problems = top_problems(groups, estates)
    board.open_now, board.overdue_now = uow.cases.open_counts(estate_id, now)
    board.wishes_fulfilled = len(uow.wishes.fulfilled_between(p.start, p.end, estate_id))
    board.points_awarded = uow.points_reports.awarded(p.start, p.end, estate_id)
    board.suggestions = len(uow.suggestions.created_between(p.start, p.end, estate_id))
    board.suggestions_by_month = suggestion_months(uow, now=now, tz=tz, estate_id=estate_id)
    return board


def by_month(
    uow: UnitOfWork, *, now: datetime, tz: ZoneInfo, estate_id: int | None, months: int = 12
) -> list[tuple[str, int]]:
    """Cases opened in each of the last `months` months (oldest first, empty months too)."""
    keys = last_months(now, tz, months)
    counts = uow.cases.opened_per_period([month_bounds(k, tz) for k in keys], estate_id)
    return list(zip(keys, counts, strict=True))


def top_problems(groups: list[CaseGroup], estates: dict[int | None, str]) -> list[Problem]:
    """十件实事: the problems raised most often — same category in the same 楼栋 (or 小区)."""
    ranked = sorted(
        groups,
        key=lambda g: (-g.cases, -g.reporters, g.category, g.estate_id, g.building or ""),
    )[:TOP_PROBLEMS]
    problems = []
    for g in ranked:
        place = estates.get(g.estate_id, "") + (f" {g.building}号楼" if g.building else "")
        label = CATEGORY_LABELS.get(g.category, g.category)
        problems.append(Problem(f"{place} · {label}", label, g.cases, g.reporters, g.estate_id))
    return problems


def _building_label(estate_id: int, building: str, estates: dict[int | None, str]) -> str:
    return f"{estates.get(estate_id, '')}{building}号楼"


def _add(total: Ratio, part: Share) -> None:
    total.hit += part.hit
    total.of += part.of
