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

from bot.domain.cases import CATEGORY_LABELS, Case
from bot.domain.points import RuleKind
from bot.domain.sla import STEPS, Step
from bot.ports import UnitOfWork
from bot.services.console_cases import step_views
from bot.services.deliberation.suggestions import by_month as suggestion_months
from bot.services.reports import Ratio, month_bounds, rates

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
    if quarter:
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
    p = period(key, now, tz)
    board = Dashboard(p)
    for row in rates(uow, now=now, tz=tz, start=p.start, end=p.end, estate_id=estate_id):
        if row.building is not None:
            continue  # 小区 rows already count every case once
        board.opened += row.opened
        _add(board.response, row.response)
        _add(board.resolution, row.resolution)
        _add(board.satisfaction, row.satisfaction)
        for step in STEPS:
            _add(board.steps[step], row.steps[step])
    cases = list(uow.cases.opened_between(p.start, p.end, estate_id))
    estates = {e.id: e.name for e in uow.estates.all()}
    categories = Counter(c.category for c in cases)
    board.by_category = [(CATEGORY_LABELS.get(k, k), n) for k, n in categories.most_common()]
    buildings = Counter(_building_label(c, estates) for c in cases if c.building)
    board.by_building = sorted(buildings.items())
    board.by_month = by_month(uow, now=now, tz=tz, estate_id=estate_id)
    board.top_problems = top_problems(cases, estates)
    open_cases = [c for c in uow.cases.find(estate_id=estate_id, limit=100_000) if c.status.is_open]
    board.open_now = len(open_cases)
    board.overdue_now = sum(
        1 for c in open_cases if any(s.state == "overdue" for s in step_views(c, now))
    )
    board.wishes_fulfilled = len(uow.wishes.fulfilled_between(p.start, p.end, estate_id))
    board.points_awarded = sum(
        e.points
        for e in uow.points.entries(estate_id=estate_id, start=p.start, end=p.end, limit=None)
        if e.kind is RuleKind.POSITIVE
    )
    board.suggestions = len(uow.suggestions.created_between(p.start, p.end, estate_id))
    board.suggestions_by_month = suggestion_months(uow, now=now, tz=tz, estate_id=estate_id)
    return board


def by_month(
    uow: UnitOfWork, *, now: datetime, tz: ZoneInfo, estate_id: int | None, months: int = 12
) -> list[tuple[str, int]]:
    """Cases opened in each of the last `months` months (oldest first, empty months too)."""
    local = now.astimezone(tz)
    keys = []
    year, month = local.year, local.month
    for _ in range(months):
        keys.append(f"{year}-{month:02d}")
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    keys.reverse()
    start, end = month_bounds(keys[0], tz)[0], month_bounds(keys[-1], tz)[1]
    counts = Counter(
        c.opened_at.astimezone(tz).strftime("%Y-%m")
        for c in uow.cases.opened_between(start, end, estate_id)
    )
    return [(k, counts.get(k, 0)) for k in keys]


def top_problems(cases: list[Case], estates: dict[int | None, str]) -> list[Problem]:
    """十件实事: the problems raised most often — same category in the same 楼栋 (or 小区)."""
    groups: dict[tuple[int, str, str | None], list[Case]] = {}
    for c in cases:
        groups.setdefault((c.estate_id, c.category, c.building), []).append(c)
    ranked = sorted(
        groups.items(),
        key=lambda kv: (-len(kv[1]), -sum(c.reporters for c in kv[1]), kv[0][1]),
    )[:TOP_PROBLEMS]
    problems = []
    for (estate_id, category, building), found in ranked:
        place = estates.get(estate_id, "") + (f" {building}号楼" if building else "")
        label = CATEGORY_LABELS.get(category, category)
        problems.append(
            Problem(
                f"{place} · {label}",
                label,
                len(found),
                sum(c.reporters for c in found),
                estate_id,
            )
        )
    return problems


def _building_label(case: Case, estates: dict[int | None, str]) -> str:
    return f"{estates.get(case.estate_id, '')}{case.building}号楼"


def _add(total: Ratio, part: Ratio) -> None:
    total.hit += part.hit
    total.of += part.of
