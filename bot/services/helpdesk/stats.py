"""The 帮办代办 台账: 事项 and 人次 per service, per 点, per month; the team's hours."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.domain.helpdesk import Catalog, Tally, tally
from bot.domain.points import month_bounds
from bot.ports import UnitOfWork


@dataclass(frozen=True)
class MonthReport:
    month: str  # "2026-11"
    by_service: list[Tally]
    by_point: list[Tally]
    total: Tally
    volunteers: list[tuple[str, int, float]]  # name, 办结事项, hours

    def lines(self) -> list[str]:
        t = self.total
        out = [
            f"帮办代办 {self.month}：受理事项 {t.accepted} 件，办结 {t.done} 件，"
            f"服务 {t.persons} 人次，志愿服务 {t.hours:g} 小时"
            + (f"，满意率 {t.satisfied * 100 // t.rated}%" if t.rated else "")
        ]
        out += [
            f"  {r.label}：受理 {r.accepted} 件，办结 {r.done} 件，{r.persons} 人次"
            for r in self.by_service
        ]
        out += [f"  {r.label}：受理 {r.accepted} 件，{r.persons} 人次" for r in self.by_point]
        out += [f"  队员 {n}：办结 {d} 件，{h:g} 小时" for n, d, h in self.volunteers]
        return out


def month_report(
    uow: UnitOfWork, catalog: Catalog, month: str, tz: ZoneInfo, estate_id: int | None = None
) -> MonthReport:
    start, end = month_bounds(month, tz)
    requests = list(uow.helpdesk.between(start, end, estate_id))
    services = {s.key: s.name for s in catalog.services}
    services.update(
        {r.service_key: r.service_name for r in requests if r.service_key not in services}
    )
    points = {p.key: p.name for p in catalog.points}
    [total] = tally(requests, "all", {"all": "合计"}, start, end) or [
        Tally(key="all", label="合计")
    ]
    done: dict[int, list[float]] = {}
    for r in requests:
        if r.claimer_id is not None and r.done_at is not None and start <= r.done_at < end:
            row = done.setdefault(r.claimer_id, [0, 0.0])
            row[0] += 1
            row[1] += r.hours
    people = uow.people.many(list(done))
    volunteers = sorted(
        (
            (people[pid].name if pid in people else "?", int(v[0]), round(v[1], 1))
            for pid, v in done.items()
        ),
        key=lambda row: (-row[1], row[0]),
    )
    return MonthReport(
        month=month,
        by_service=tally(requests, "service", services, start, end),
        by_point=tally(requests, "point", points, start, end),
        total=total,
        volunteers=volunteers,
    )


def report_section(
    uow: UnitOfWork, catalog: Catalog, month: str, tz: ZoneInfo, estate_id: int | None
) -> str:
    """The 帮办代办 lines of `linli report` for one month; empty when nothing happened."""
    report = month_report(uow, catalog, month, tz, estate_id)
    if not report.total.accepted and not report.total.done:
        return f"帮办代办 {month}：本月没有受理或办结的事项。" if catalog.services else ""
    return "\n".join(report.lines())


def report_json(report: MonthReport) -> dict[str, object]:
    def row(t: Tally) -> dict[str, object]:
        return {
            "key": t.key,
            "name": t.label,
            "accepted": t.accepted,
            "done": t.done,
            "persons": t.persons,
            "hours": t.hours,
            "satisfied": t.satisfied,
            "rated": t.rated,
        }

    return {
        "month": report.month,
        "total": row(report.total),
        "services": [row(t) for t in report.by_service],
        "points": [row(t) for t in report.by_point],
        "volunteers": [{"name": n, "done": d, "hours": h} for n, d, h in report.volunteers],
    }


def period_total(
    uow: UnitOfWork, start: datetime, end: datetime, estate_id: int | None = None
) -> Tally:
    """事项, 人次 and hours over any period (the dashboard's quarter or month)."""
    requests = list(uow.helpdesk.between(start, end, estate_id))
    [total] = tally(requests, "all", {"all": "帮办代办"}, start, end) or [
        Tally(key="all", label="帮办代办")
    ]
    return total
