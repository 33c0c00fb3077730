"""Repositories for 微心愿, the 积分 ledger and the 积分超市 (issue 6)."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, func, or_, select, update
from sqlalchemy.exc import IntegrityError

from bot.domain.activities import Signup
from bot.domain.cases import Case
from bot.domain.community import Group, Person
from bot.domain.market import CatalogItem, Redemption
from bot.domain.points import LedgerEntry, RuleKind
from bot.domain.wishes import Wish, WishEvent, WishStatus
from bot.ports import Conflict
from storage import rollup, tables
from storage.repository import Repository, rowcount

OPEN_WISHES = [str(WishStatus.OPEN), str(WishStatus.CLAIMED)]


class WishRepository(Repository):
    def add(self, wish: Wish) -> Wish:
        self.session.add(wish)
        self.session.flush()
        return wish

    def get(self, wish_id: int) -> Wish | None:
        return self.session.get(Wish, wish_id)

    def lock(self, wish_id: int) -> Wish | None:
        """The wish, re-read and row-locked until the transaction ends (PostgreSQL)."""
        query = (
            select(Wish)
            .where(tables.wishes.c.id == wish_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        return self.session.scalars(query).first()

    def claim(self, wish: Wish, person_id: int, now: datetime) -> bool:
        """First claim wins: a conditional UPDATE, exactly one of two racing claims matches."""
        assert wish.id is not None
        self.session.flush()
        c = tables.wishes.c
        result = self.session.execute(
            update(tables.wishes)
            .where(c.id == wish.id, c.claimer_id.is_(None), c.status == str(WishStatus.OPEN))
            .values(
                claimer_id=person_id,
                claimed_at=now,
                status=str(WishStatus.CLAIMED),
                next_due=None,
                updated_at=now,
            )
            .execution_options(synchronize_session=False)
        )
        self.session.refresh(wish)
        return rowcount(result) == 1

    def add_event(self, event: WishEvent) -> WishEvent:
        self.session.add(event)
        return event

    def events(self, wish_id: int) -> Sequence[WishEvent]:
        c = tables.wish_events.c
        query = select(WishEvent).where(c.wish_id == wish_id).order_by(c.at, c.id)
        return self.session.scalars(query).all()

    def open_wishes(
        self,
        estate_id: int,
        *,
        building_id: int | None = None,
        public_only: bool = False,
        limit: int = 20,
    ) -> Sequence[Wish]:
        c = tables.wishes.c
        query = select(Wish).where(c.estate_id == estate_id, c.status.in_(OPEN_WISHES))
        if building_id is not None:
            query = query.where(c.building_id == building_id)
        if public_only:
            query = query.where(c.public.is_(True))
        return self.session.scalars(query.order_by(c.id).limit(limit)).all()

    def by_requester(self, person_id: int, limit: int = 5) -> Sequence[Wish]:
        c = tables.wishes.c
        query = select(Wish).where(c.requester_id == person_id).order_by(c.id.desc()).limit(limit)
        return self.session.scalars(query).all()

    def claimed_by(self, person_id: int, limit: int = 20) -> Sequence[Wish]:
        c = tables.wishes.c
        query = (
            select(Wish)
            .where(c.claimer_id == person_id, c.status == str(WishStatus.CLAIMED))
            .order_by(c.id)
            .limit(limit)
        )
        return self.session.scalars(query).all()

    def due(self, now: datetime, limit: int) -> Sequence[Wish]:
        """Wishes whose timer is due; rows another process holds are skipped."""
        return self._due(Wish, tables.wishes, now, limit)

    def fulfilled_between(
        self, start: datetime, end: datetime, estate_id: int | None = None
    ) -> Sequence[Wish]:
        c = tables.wishes.c
        query = select(Wish).where(
            c.status == str(WishStatus.FULFILLED), c.fulfilled_at >= start, c.fulfilled_at < end
        )
        if estate_id is not None:
            query = query.where(c.estate_id == estate_id)
        return self.session.scalars(query.order_by(c.id)).all()


class PointsRepository(Repository):
    def add(self, entry: LedgerEntry) -> LedgerEntry:
        self.session.add(entry)
        try:
            self.session.flush()
        except IntegrityError as exc:
            # The entry's key was taken by another process at the same moment (two bots
            # awarding the same thing): the caller's transaction is lost as a whole.
            raise Conflict(str(exc.orig)) from exc
        return entry

    def get(self, entry_id: int) -> LedgerEntry | None:
        return self.session.get(LedgerEntry, entry_id)

    def has_key(self, key: str) -> bool:
        c = tables.points_ledger.c
        return self.session.execute(select(c.id).where(c.key == key)).first() is not None

    def balance(self, person_id: int) -> int:
        """The one indexed SUM a balance is (ix_points_ledger_person_points covers it)."""
        c = tables.points_ledger.c
        query = select(func.coalesce(func.sum(c.points), 0)).where(c.person_id == person_id)
        return int(self.session.scalar(query) or 0)

    def used(self, person_id: int, rule: str, start: datetime, end: datetime) -> int:
        """Points of one rule booked to one person in [start, end), corrections included."""
        c = tables.points_ledger.c
        query = select(func.coalesce(func.sum(c.points), 0)).where(
            c.person_id == person_id, c.rule == rule, c.at >= start, c.at < end
        )
        return int(self.session.scalar(query) or 0)

    def recent(self, person_id: int, limit: int = 5) -> Sequence[LedgerEntry]:
        c = tables.points_ledger.c
        query = (
            select(LedgerEntry)
            .where(c.person_id == person_id)
            .order_by(c.at.desc(), c.id.desc())
            .limit(limit)
        )
        return self.session.scalars(query).all()

    def reversal_of(self, entry_id: int) -> LedgerEntry | None:
        c = tables.points_ledger.c
        return self.session.scalars(select(LedgerEntry).where(c.reverses_id == entry_id)).first()

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
        if estate_id is not None:
            query = query.where(c.estate_id == estate_id)
        if person_id is not None:
            query = query.where(c.person_id == person_id)
        if rule:
            query = query.where(c.rule == rule)
        if start is not None:
            query = query.where(c.at >= start)
        if end is not None:
            query = query.where(c.at < end)
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
        if estate_id is not None:
            query = query.where(c.estate_id == estate_id)
        if start is not None:
            query = query.where(c.at >= start)
        if end is not None:
            query = query.where(c.at < end)
        if rule:
            query = query.where(c.rule == rule)
        if after is not None:
            then = select(c.at).where(c.id == after).scalar_subquery()
            query = query.where(or_(c.at > then, and_(c.at == then, c.id > after)))
        if limit is not None:
            query = query.limit(limit)
        rows = self.session.execute(query)
        yield from ((entry, real, name, wxid) for entry, real, name, wxid in rows)

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
        query = select(func.coalesce(func.sum(c.points), 0)).where(
            c.at >= start, c.at < end, c.kind == str(RuleKind.POSITIVE)
        )
        if estate_id is not None:
            query = query.where(c.estate_id == estate_id)
        return int(self.session.scalar(query) or 0)

    def contributions(
        self, start: datetime, end: datetime, estate_id: int | None = None
    ) -> list[tuple[int, int | None, int | None, int]]:
        """(person, 小区, 楼栋, points) for [start, end): awards and deductions, no spending."""
        c = tables.points_ledger.c
        kinds = [str(RuleKind.POSITIVE), str(RuleKind.NEGATIVE)]
        query = (
            select(c.person_id, c.estate_id, c.building_id, func.sum(c.points))
            .where(c.at >= start, c.at < end, c.kind.in_(kinds))
            .group_by(c.person_id, c.estate_id, c.building_id)
        )
        if estate_id is not None:
            query = query.where(c.estate_id == estate_id)
        return [(p, e, b, int(n or 0)) for p, e, b, n in self.session.execute(query)]

    def lock_person(self, person_id: int) -> None:
        """Serialise spending by one person until the transaction ends.

        A no-op UPDATE rather than SELECT … FOR UPDATE: it row-locks on PostgreSQL and takes
        SQLite's write lock, so the balance read next cannot be stale on either backend.
        """
        self.session.flush()
        c = tables.people.c
        self.session.execute(
            update(tables.people)
            .where(c.id == person_id)
            .values(display_name=c.display_name)
            .execution_options(synchronize_session=False)
        )

    def people_named(self, name: str) -> Sequence[Person]:
        c = tables.people.c
        query = select(Person).where(or_(c.display_name == name, c.real_name == name))
        return self.session.scalars(query.order_by(c.id)).all()

    # ---- star scores read the case records (read-only) -----------------------------------

    def cases_resolved_between(self, start: datetime, end: datetime) -> Sequence[Case]:
        c = tables.cases.c
        query = select(Case).where(
            c.assignee_id.is_not(None), c.resolved_at >= start, c.resolved_at < end
        )
        return self.session.scalars(query.order_by(c.id)).all()

    def cases_rated_between(self, start: datetime, end: datetime) -> Sequence[Case]:
        c = tables.cases.c
        query = select(Case).where(
            c.assignee_id.is_not(None), c.rated_at >= start, c.rated_at < end
        )
        return self.session.scalars(query.order_by(c.id)).all()

    def cases_opened_between(
        self, start: datetime, end: datetime, categories: Sequence[str], urgent: bool
    ) -> Sequence[Case]:
        """Cases opened in [start, end) of these categories (or urgent, when `urgent`)."""
        c = tables.cases.c
        match: ColumnElement[bool] = c.category.in_(list(categories))
        if urgent:
            match = or_(match, c.urgent.is_(True))
        query = select(Case).where(c.opened_at >= start, c.opened_at < end, match)
        return self.session.scalars(query.order_by(c.id)).all()

    def unbooked_attendance(self, limit: int = 200) -> Sequence[Signup]:
        """签到 rows whose points the ledger has not booked yet (the activities seam)."""
        c = tables.activity_signups.c
        query = (
            select(Signup)
            .where(c.attended_at.is_not(None), c.points > 0, c.points_awarded_at.is_(None))
            .order_by(c.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return self.session.scalars(query).all()

    # ---- 一月一示: what was posted where -------------------------------------------------

    def published_groups(self, month: str) -> set[int]:
        c = tables.points_publications.c
        return set(self.session.scalars(select(c.group_id).where(c.month == month)))

    def add_publication(self, group_id: int, month: str, at: datetime) -> None:
        self.session.execute(
            tables.points_publications.insert().values(group_id=group_id, month=month, posted_at=at)
        )

    def add_publications(self, group_ids: Sequence[int], month: str, at: datetime) -> None:
        """One statement (executemany) for a batch of groups."""
        if group_ids:
            self.session.execute(
                tables.points_publications.insert(),
                [{"group_id": g, "month": month, "posted_at": at} for g in group_ids],
            )

    def unpublished_groups(self, account: str, month: str, limit: int) -> Sequence[Group]:
        """The account's bound, joined groups with no 公示 for `month` yet, by 小区."""
        g = tables.groups.c
        query = (
            select(Group)
            .where(
                g.account == account,
                g.estate_id.is_not(None),
                g.left_at.is_(None),
                ~self._published(month, g.id),
            )
            .order_by(g.estate_id, g.id)
            .limit(limit)
        )
        return self.session.scalars(query).all()

    def claim_unpublished(self, group_ids: Sequence[int], month: str) -> set[int]:
        """Of these groups, the ones still without a 公示 that no other transaction holds,
        locked until this one ends (FOR UPDATE SKIP LOCKED; SQLite writers take turns)."""
        if not group_ids:
            return set()
        g = tables.groups.c
        query = (
            select(g.id)
            .where(g.id.in_(sorted(set(group_ids))), ~self._published(month, g.id))
            .with_for_update(skip_locked=True)
        )
        return set(self.session.scalars(query))

    @staticmethod
    def _published(month: str, group_id: Any) -> Any:
        p = tables.points_publications.c
        return exists().where(p.group_id == group_id, p.month == month)


class MarketRepository(Repository):
    def add_item(self, item: CatalogItem) -> CatalogItem:
        self.session.add(item)
        self.session.flush()
        return item

    def item(self, item_id: int) -> CatalogItem | None:
        return self.session.get(CatalogItem, item_id)

    def items(
        self, estate_id: int | None = None, *, active_only: bool = True
    ) -> Sequence[CatalogItem]:
        """Items offered in this 小区 (its own and the community-wide ones)."""
        c = tables.catalog_items.c
        query = select(CatalogItem).order_by(c.price, c.id)
        if estate_id is not None:
            query = query.where(or_(c.estate_id.is_(None), c.estate_id == estate_id))
        if active_only:
            query = query.where(c.active.is_(True))
        return self.session.scalars(query).all()

    def take_one(self, item_id: int, now: datetime) -> bool:
        """Take one from stock if any is left: of racing redemptions of the last one, one wins."""
        self.session.flush()
        c = tables.catalog_items.c
        result = self.session.execute(
            update(tables.catalog_items)
            .where(c.id == item_id, c.stock >= 1, c.active.is_(True))
            .values(stock=c.stock - 1, updated_at=now)
            .execution_options(synchronize_session=False)
        )
        return rowcount(result) == 1

    def refresh(self, item: CatalogItem) -> None:
        self.session.refresh(item)

    def add_redemption(self, redemption: Redemption) -> Redemption:
        self.session.add(redemption)
        self.session.flush()
        return redemption

    def redemptions(
        self, *, person_id: int | None = None, limit: int = 200
    ) -> Sequence[Redemption]:
        c = tables.redemptions.c
        query = select(Redemption).order_by(c.id.desc()).limit(limit)
        if person_id is not None:
            query = query.where(c.person_id == person_id)
        return self.session.scalars(query).all()
