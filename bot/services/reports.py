"""The three rates of the 12345 hotline, and "2341" compliance, per 小区, 楼栋 and month.

- 响应率: cases claimed within the response deadline ÷ cases whose response is decided
  (claimed, or the deadline passed).
- 解决率: cases 办结 (resolved, rated or not) ÷ cases opened.
- 满意率: 满意 + 基本满意 ÷ cases rated (未评价 is not a rating and is left out).
- 2341 compliance, per step: steps met on time ÷ steps decided (met, or the deadline passed).
  A reopened case is measured on its current cycle; `breaches` keeps every slip.
Months are local calendar months of the opening time. Used by the console and `linli report`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.config import CommunityConfig
from bot.domain.cases import Case, CaseStatus, Rating
from bot.domain.lifecycle import step_state
from bot.domain.sla import STEPS, Step
from bot.ports import UnitOfWork, UnitOfWorkFactory
from bot.services.helpdesk.catalog import catalog_from_config
from bot.services.helpdesk.stats import month_report, report_json, report_section
from bot.services.sla import calendar_gap, calendar_warning, policy_from_config


@dataclass
class Ratio:
    hit: int = 0
    of: int = 0

    def add(self, hit: bool) -> None:
        self.hit += hit
        self.of += 1

    @property
    def rate(self) -> float | None:
        return self.hit / self.of if self.of else None

    def show(self) -> str:
        return "—" if self.rate is None else f"{self.rate:.0%}"


@dataclass
class RateRow:
    month: str  # "2026-11"
    estate: str
    building: str | None  # None: the whole 小区
    opened: int = 0
    breaches: int = 0
    response: Ratio = field(default_factory=Ratio)
    resolution: Ratio = field(default_factory=Ratio)
    satisfaction: Ratio = field(default_factory=Ratio)
    steps: dict[Step, Ratio] = field(default_factory=lambda: {s: Ratio() for s in STEPS})

    @property
    def scope(self) -> str:
        return self.estate + (f" {self.building}号楼" if self.building else "（全小区）")

    def to_json(self) -> dict[str, Any]:
        return {
            "month": self.month,
            "estate": self.estate,
            "building": self.building,
            "opened": self.opened,
            "breaches": self.breaches,
            "response_rate": self.response.rate,
            "resolution_rate": self.resolution.rate,
            "satisfaction_rate": self.satisfaction.rate,
            "rated": self.satisfaction.of,
            "compliance": {
                str(step): {"met": r.hit, "decided": r.of, "rate": r.rate}
                for step, r in self.steps.items()
            },
        }


def month_bounds(month: str, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """ "2026-11" -> [Nov 1st 00:00, Dec 1st 00:00) local time."""
    year, mon = (int(part) for part in month.split("-"))
    start = datetime(year, mon, 1, tzinfo=tz)
    end = datetime(year + (mon == 12), mon % 12 + 1, 1, tzinfo=tz)
    return start, end


def rates(
    uow: UnitOfWork,
    *,
    now: datetime,
    tz: ZoneInfo,
    start: datetime,
    end: datetime,
    estate_id: int | None = None,
) -> list[RateRow]:
    """Rows per (month, 小区) and (month, 小区, 楼栋), in that order within each month."""
    names = {e.id: e.name for e in uow.estates.all()}
    rows: dict[tuple[str, str, str | None], RateRow] = {}
    for case in uow.cases.opened_between(start, end, estate_id):
        month = case.opened_at.astimezone(tz).strftime("%Y-%m")
        estate = names.get(case.estate_id, str(case.estate_id))
        keys: list[tuple[str, str, str | None]] = [(month, estate, None)]
        if case.building:  # a case without a 楼栋 counts for the 小区 only
            keys.append((month, estate, case.building))
        for key in keys:
            _count(rows.setdefault(key, RateRow(*key)), case, now)
    return sorted(rows.values(), key=lambda r: (r.month, r.estate, r.building or ""))


def _count(row: RateRow, case: Case, now: datetime) -> None:
    row.opened += 1
    row.breaches += case.breaches
    respond = _decided(case, Step.RESPOND, now)
    if respond is not None:
        row.response.add(respond)
    row.resolution.add(case.resolved_at is not None or case.status is CaseStatus.REVIEWED)
    if case.rating is not None and case.rating is not Rating.UNRATED:
        row.satisfaction.add(case.rating in (Rating.SATISFIED, Rating.BASIC))
    for step in STEPS:
        decided = _decided(case, step, now)
        if decided is not None:
            row.steps[step].add(decided)


def _decided(case: Case, step: Step, now: datetime) -> bool | None:
    """True met on time, False missed, None not decided yet (or no deadline recorded)."""
    state = step_state(case, step)
    if state.due is None:
        return None
    if state.met is not None:
        return state.met <= state.due
    return False if state.due <= now else None


def render_table(rows: list[RateRow]) -> str:
    """A plain text table for `linli report`."""
    if not rows:
        return "这段时间没有诉求。"
    head = ["月份", "范围", "诉求", "响应率", "解决率", "满意率"] + [
        f"{s.label}达标" for s in STEPS
    ]
    body = [
        [
            r.month,
            r.scope,
            str(r.opened),
            r.response.show(),
            r.resolution.show(),
            r.satisfaction.show(),
            *(f"{r.steps[s].show()} ({r.steps[s].hit}/{r.steps[s].of})" for s in STEPS),
        ]
        for r in rows
    ]
    widths = [max(_width(line[i]) for line in [head, *body]) for i in range(len(head))]
    out = []
    for line in [head, *body]:
        out.append("  ".join(_pad(cell, w) for cell, w in zip(line, widths, strict=True)))
    return "\n".join(out)


def _width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


class ReportError(Exception):
    """Bad arguments to the report; the message says which."""


def report_text(
    uow_factory: UnitOfWorkFactory,
    config: CommunityConfig,
    now: datetime,
    month: str | None,
    estate_key: str | None,
    as_json: bool,
    helpdesk: bool = False,
) -> str:
    """What `linli report` prints: a table, or JSON rows; with `helpdesk`, the 帮办代办 台账."""
    tz = ZoneInfo(config.community.timezone)
    if month is not None:
        if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", month) or not 2000 <= int(month[:4]) <= 2100:
            raise ReportError(f"月份 {month!r} 应写成 2026-11")
        start, end = month_bounds(month, tz)
    else:
        local = now.astimezone(tz)
        start = month_bounds(f"{local.year - 1}-{local.month:02d}", tz)[1]
        end = month_bounds(f"{local.year}-{local.month:02d}", tz)[1]
    with uow_factory() as uow:
        estate_id = None
        if estate_key is not None:
            estate = uow.estates.by_key(estate_key)
            if estate is None:
                raise ReportError(f"没有 key 为 {estate_key!r} 的小区")
            estate_id = estate.id
        local = now.astimezone(tz)
        hd_month = month or f"{local.year}-{local.month:02d}"
        catalog = catalog_from_config(config)
        if helpdesk:
            hd = month_report(uow, catalog, hd_month, tz, estate_id)
            if as_json:
                return json.dumps(report_json(hd), ensure_ascii=False, indent=2)
            return "\n".join(hd.lines())
        hd_lines = report_section(uow, catalog, hd_month, tz, estate_id)
        rows = rates(uow, now=now, tz=tz, start=start, end=end, estate_id=estate_id)
    if as_json:
        return json.dumps([r.to_json() for r in rows], ensure_ascii=False, indent=2)
    table = render_table(rows)
    policy = policy_from_config(config)
    gap = calendar_gap(policy, now.astimezone(tz).date())
    table += "\n\n" + hd_lines if hd_lines else ""
    return table + ("\n\n" + calendar_warning(gap) if gap else "")


@dataclass
class PeriodFigures:
    """The cases opened in a period, as a 书记 asks after them ("本周情况怎么样")."""

    opened: int = 0
    resolved: int = 0
    overdue: int = 0  # still open with a step past its deadline
    rated: int = 0
    satisfied: int = 0  # 满意 + 基本满意
    still_open: list[Case] = field(default_factory=list)

    @property
    def resolution(self) -> Ratio:
        return Ratio(self.resolved, self.opened)

    @property
    def satisfaction(self) -> Ratio:
        return Ratio(self.satisfied, self.rated)


def period_figures(
    uow: UnitOfWork, *, now: datetime, start: datetime, end: datetime, estate_id: int | None
) -> PeriodFigures:
    """Counts over the cases opened in [start, end), measured as `rates` measures them."""
    figures = PeriodFigures()
    for case in uow.cases.opened_between(start, end, estate_id):
        figures.opened += 1
        if case.status.is_open:  # a reopened case is open again, whatever it was before
            figures.still_open.append(case)
            figures.overdue += any(_decided(case, step, now) is False for step in STEPS)
        else:
            figures.resolved += 1
        if case.rating is not None and case.rating is not Rating.UNRATED:
            figures.rated += 1
            figures.satisfied += case.rating in (Rating.SATISFIED, Rating.BASIC)
    return figures
