"""Reading the 积分 ledger in bulk: the console's pages, the export's rows, the dashboard's
发放积分 and the monthly 公示's contributions. The ledger's writes and one person's balance
are storage/points_repositories.py."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import Select, and_, func, or_, select

from bot.domain.points import LedgerEntry, RuleKind
from storage import rollup, tables
from storage.repository import Repository

Q = TypeVar("Q", bound=Select[Any])


def _within(
    query: Q,
    *,
    estate_id: int | None,
    start: datetime | None,
    end: datetime | None,
    rule: str | None = None,
) -> Q:
    """The filters every bulk read of the ledger takes: a 小区, [start, end), a rule."""
    c = tables.points_ledger.c
    if estate_id is not None:
        query = query.where(c.estate_id == estate_id)
    if start is not None:
        query = query.where(c.at >= start)
    if end is not None:
        query = query.where(c.at < end)
    if rule:
        query = query.where(c.rule == rule)
    return query


class PointsReportRepository(Repository):
    def entries(
        self,
        *,
        estate_id: int | None = None,
        person_id: int | None = None,
        rule: str | None = None,
        start: datetime | None = None,
        end: datetime | None = None,
        limit: int | None = 500,
        person_ids: Collection[int] | None = None,
        before_id: int | None = None,
        newest_first: bool = False,
    ) -> Sequence[LedgerEntry]:
        """Oldest first (the export's order), or newest first a page at a time (the console)."""
        c = tables.points_ledger.c
        order = (c.at.desc(), c.id.desc()) if newest_first else (c.at, c.id)
        query = select(LedgerEntry).order_by(*order)
        if person_ids is not None:
            query = query.where(c.person_id.in_(sorted(person_ids)))
        if before_id is not None:
            query = query.where(c.id < before_id)
        if person_id is not None:
            query = query.where(c.person_id == person_id)
        query = _within(query, estate_id=estate_id, start=start, end=end, rule=rule)
        if limit is not None:
            query = query.limit(limit)
        return self.session.scalars(query).all()

    def named_entries(
        self,
        *,
        estate_id: int | None = None,
        start: datetime | None = None,
        end: datetime | None = None,
        rule: str | None = None,
        limit: int | None = None,
        after: int | None = None,
    ) -> Iterator[tuple[LedgerEntry, str | None, str, str]]:
        """Entries oldest first with their resident's real name, display name and WeChat id,
        joined in the database (not looked up by a list of every id in the month) and
        fetched a batch at a time, for an export of any length. `after`: the entries after
        the one with that id in this order (keyset paging)."""
        c, p = tables.points_ledger.c, tables.people.c
        query = (
            select(LedgerEntry, p.real_name, p.display_name, p.wechat_id)
            .join(tables.people, p.id == c.person_id)
            .order_by(c.at, c.id)
            .execution_options(yield_per=2000)
        )
        query = _within(query, estate_id=estate_id, start=start, end=end, rule=rule)
        if after is not None:
            then = select(c.at).where(c.id == after).scalar_subquery()
            query = query.where(or_(c.at > then, and_(c.at == then, c.id > after)))
        if limit is not None:
            query = query.limit(limit)
        rows = self.session.execute(query)
        yield from ((entry, real, name, wxid) for entry, real, name, wxid in rows)

    def fingerprint(self, *, estate_id: int | None, start: datetime, end: datetime) -> str:
        """What a month's ledger is made of, in one indexed read: its row count, last id and
        points total. The ledger only grows (a correction is a new, reversing row), so a
        finished month's export stays right while these three stay the same."""
        c = tables.points_ledger.c
        query = _within(
            select(func.count(), func.max(c.id), func.sum(c.points)),
            estate_id=estate_id,
            start=start,
            end=end,
        )
        count, last, total = self.session.execute(query).one()
        return f"{count}:{last or 0}:{total or 0}"

    def awarded(self, start: datetime, end: datetime, estate_id: int | None = None) -> int:
        """Points given by positive rules in [start, end) (the dashboard's 发放积分)."""
        if rollup.ready(self.session, (start, end)):  # whole months: storage/rollup.py
            r = tables.points_months.c
            summed = select(func.coalesce(func.sum(r.awarded), 0)).where(
                r.month >= start, r.month < end
            )
            if estate_id is not None:
                summed = summed.where(r.estate_id == estate_id)
            return int(self.session.scalar(summed) or 0)
        c = tables.points_ledger.c
        query = select(func.coalesce(func.sum(c.points), 0)).where(c.kind == str(RuleKind.POSITIVE))
        query = _within(query, estate_id=estate_id, start=start, end=end)
        return int(self.session.scalar(query) or 0)

    def contributions(
        self, start: datetime, end: datetime, estate_id: int | None = None
    ) -> list[tuple[int, int | None, int | None, int]]:
        """(person, 小区, 楼栋, points) for [start, end): awards and deductions, no spending."""
        c = tables.points_ledger.c
        kinds = [str(RuleKind.POSITIVE), str(RuleKind.NEGATIVE)]
        query = (
            select(c.person_id, c.estate_id, c.building_id, func.sum(c.points))
            .where(c.kind.in_(kinds))
            .group_by(c.person_id, c.estate_id, c.building_id)
        )
        query = _within(query, estate_id=estate_id, start=start, end=end)
        return [(p, e, b, int(n or 0)) for p, e, b, n in self.session.execute(query)]
