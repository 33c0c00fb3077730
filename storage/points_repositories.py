"""Repositories for 微心愿, the 积分 ledger's writes and one person's balance, and the
积分超市 (issue 6). Bulk reads of the ledger: points_report_repositories; the monthly
公示's bookkeeping: publication_repositories; what earns points elsewhere:
point_source_repositories."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import IntegrityError

from bot.domain.community import Person
from bot.domain.market import CatalogItem, Redemption
from bot.domain.points import LedgerEntry
from bot.domain.wishes import Wish, WishEvent, WishStatus
from bot.ports import Conflict
from storage import tables
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

    def waiting(self, person_id: int) -> int:
        c = tables.wishes.c
        open_ = [str(s) for s in WishStatus if s.is_open]
        query = (
            select(func.count())
            .select_from(tables.wishes)
            .where(c.requester_id == person_id, c.status.in_(open_))
        )
        return int(self.session.scalar(query) or 0)

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
