"""Repository for 待确认 (held messages), the daily digests sent about them, and corrections."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import exists, func, or_, select, update
from sqlalchemy.exc import IntegrityError

from bot.domain.review import Correction, ReviewItem, ReviewStatus
from bot.ports import Conflict
from storage import tables
from storage.repository import Repository, rowcount


class ReviewRepository(Repository):
    def add(self, item: ReviewItem) -> ReviewItem:
        self.session.add(item)
        try:
            self.session.flush()
        except IntegrityError as exc:
            # The same message held twice: two deliveries raced past the pipeline's check.
            raise Conflict(str(exc.orig)) from exc
        return item

    def get(self, item_id: int) -> ReviewItem | None:
        return self.session.get(ReviewItem, item_id, populate_existing=True)

    def settle(self, item_id: int, status: ReviewStatus, by: str, at: datetime) -> bool:
        # One conditional UPDATE: on PostgreSQL a second transaction waits for the first and
        # then finds the row no longer pending (READ COMMITTED re-checks the WHERE); SQLite
        # serialises writers. Either way exactly one decision wins.
        c = tables.review_items.c
        result = self.session.execute(
            update(tables.review_items)
            .where(c.id == item_id, c.status == str(ReviewStatus.PENDING))
            .values(status=str(status), decided_by=by[:100], decided_at=at)
            .execution_options(synchronize_session=False)
        )
        won = rowcount(result) == 1
        if won:
            self.get(item_id)  # refresh the object the caller may hold
        return won

    def pending(
        self,
        *,
        estate_id: int | None = None,
        account: str | None = None,
        before: datetime | None = None,
        limit: int = 500,
    ) -> Sequence[ReviewItem]:
        c = tables.review_items.c
        query = select(ReviewItem).where(c.status == str(ReviewStatus.PENDING))
        if estate_id is not None:
            query = query.where(c.estate_id == estate_id)
        if account is not None:
            query = query.where(c.account == account)
        if before is not None:
            query = query.where(c.received_at <= before)
        return self.session.scalars(query.order_by(c.id).limit(limit)).all()

    def recent(
        self,
        *,
        estate_id: int | None = None,
        status: ReviewStatus | None = None,
        limit: int = 200,
        before_id: int | None = None,
        building: str | None = None,
    ) -> Sequence[ReviewItem]:
        """Newest first, a page at a time (`before_id`: older than that item; keyset, so a
        page deep in three years costs what the first does). `building` ("3"): the items
        of that 楼栋, by their group's 楼栋 or the one named, filtered before the limit."""
        c = tables.review_items.c
        query = select(ReviewItem)
        if estate_id is not None:
            query = query.where(c.estate_id == estate_id)
        if status is not None:
            query = query.where(c.status == str(status))
        if before_id is not None:
            query = query.where(c.id < before_id)
        if building:
            b = tables.buildings.c
            numbered = select(b.id).where(b.number == building)
            if estate_id is not None:
                numbered = numbered.where(b.estate_id == estate_id)
            query = query.where(or_(c.building == building, c.building_id.in_(numbered)))
        return self.session.scalars(query.order_by(c.id.desc()).limit(limit)).all()

    def for_case(self, case_id: int) -> ReviewItem | None:
        c = tables.review_items.c
        query = select(ReviewItem).where(c.case_id == case_id).order_by(c.id).limit(1)
        return self.session.scalars(query).first()

    def count_pending(self, estate_id: int | None = None) -> int:
        c = tables.review_items.c
        query = select(func.count()).where(c.status == str(ReviewStatus.PENDING))
        if estate_id is not None:
            query = query.where(c.estate_id == estate_id)
        return int(self.session.scalar(query) or 0)

    def digest_sent(self, person_id: int, day: str) -> bool:
        c = tables.review_digests.c
        query = select(exists().where(c.person_id == person_id, c.day == day))
        return bool(self.session.scalar(query))

    def add_digest(self, person_id: int, day: str, at: datetime, items: int) -> None:
        try:
            with self.session.begin_nested():
                self.session.execute(
                    tables.review_digests.insert().values(
                        person_id=person_id, day=day, sent_at=at, items=items
                    )
                )
        except IntegrityError as exc:
            raise Conflict(str(exc.orig)) from exc

    def add_correction(self, correction: Correction) -> Correction:
        self.session.add(correction)
        self.session.flush()
        return correction

    def corrections(self, estate_id: int | None = None) -> Sequence[Correction]:
        c = tables.corrections.c
        query = select(Correction)
        if estate_id is not None:
            query = query.where(c.estate_id == estate_id)
        return self.session.scalars(query.order_by(c.id)).all()
