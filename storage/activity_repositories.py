"""Repository for 党群阵地 activities: venues, activities, sign-ups, notices and previews."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select, update

from bot.domain.activities import Activity, ActivityStatus, Signup, SignupStatus, Venue
from storage import tables
from storage.repository import Repository, rowcount


class ActivityRepository(Repository):
    """Venues, activities, sign-ups, and which groups heard of what."""

    def venues(self) -> Sequence[Venue]:
        return self.session.scalars(select(Venue).order_by(tables.venues.c.id)).all()

    def venue(self, venue_id: int) -> Venue | None:
        return self.session.get(Venue, venue_id)

    def venue_by_key(self, key: str) -> Venue | None:
        c = tables.venues.c
        return self.session.scalars(select(Venue).where(c.key == key)).first()

    def add_venue(self, venue: Venue) -> Venue:
        self.session.add(venue)
        self.session.flush()
        return venue

    def get(self, activity_id: int) -> Activity | None:
        return self.session.get(Activity, activity_id)

    def add(self, activity: Activity) -> Activity:
        self.session.add(activity)
        self.session.flush()
        return activity

    def between(
        self, start: datetime, end: datetime, *, planned_only: bool = True
    ) -> Sequence[Activity]:
        c = tables.activities.c
        query = select(Activity).where(c.starts_at >= start, c.starts_at < end)
        if planned_only:
            query = query.where(c.status == str(ActivityStatus.PLANNED))
        return self.session.scalars(query.order_by(c.starts_at, c.id)).all()

    def lock(self, activity_id: int) -> bool:
        """Serialise sign-ups on one activity until commit: a row lock on PostgreSQL, the
        write lock on SQLite. Must come before the seats are counted."""
        c = tables.activities.c
        result = self.session.execute(
            update(tables.activities)
            .where(c.id == activity_id)
            .values(lock_seq=c.lock_seq + 1)
            .execution_options(synchronize_session=False)
        )
        return rowcount(result) > 0

    def signup(self, activity_id: int, person_id: int) -> Signup | None:
        c = tables.activity_signups.c
        query = select(Signup).where(c.activity_id == activity_id, c.person_id == person_id)
        return self.session.scalars(query).first()

    def add_signup(self, signup: Signup) -> Signup:
        self.session.add(signup)
        self.session.flush()
        return signup

    def signups(
        self, activity_id: int, statuses: Sequence[SignupStatus] | None = None
    ) -> Sequence[Signup]:
        c = tables.activity_signups.c
        query = select(Signup).where(c.activity_id == activity_id)
        if statuses is not None:
            query = query.where(c.status.in_([str(s) for s in statuses]))
        return self.session.scalars(query.order_by(c.created_at, c.id)).all()

    def count_signups(self, activity_id: int, status: SignupStatus) -> int:
        self.session.flush()  # a Core count does not autoflush: count what was just changed
        c = tables.activity_signups.c
        query = select(func.count()).where(c.activity_id == activity_id, c.status == str(status))
        return self.session.scalar(query) or 0

    def signups_of(self, person_id: int, since: datetime) -> Sequence[tuple[Signup, Activity]]:
        s, a = tables.activity_signups.c, tables.activities.c
        query = (
            select(Signup, Activity)
            .join(tables.activities, a.id == s.activity_id)
            .where(s.person_id == person_id, a.ends_at >= since)
            .order_by(a.starts_at)
        )
        return [(row[0], row[1]) for row in self.session.execute(query)]

    def add_notice(self, activity_id: int, group_id: int, at: datetime) -> bool:
        n = tables.activity_notices.c
        exists = self.session.execute(
            select(n.activity_id).where(n.activity_id == activity_id, n.group_id == group_id)
        ).first()
        if exists:
            return False
        values = {"activity_id": activity_id, "group_id": group_id, "at": at}
        self.session.execute(tables.activity_notices.insert().values(**values))
        return True

    def notice_groups(self, activity_id: int) -> list[int]:
        n = tables.activity_notices.c
        query = select(n.group_id).where(n.activity_id == activity_id).order_by(n.group_id)
        return list(self.session.scalars(query))

    def previewed(self, month: str, group_ids: Sequence[int]) -> set[int]:
        p = tables.activity_previews.c
        if not group_ids:
            return set()
        query = select(p.group_id).where(p.month == month, p.group_id.in_(set(group_ids)))
        return set(self.session.scalars(query))

    def add_preview(self, group_id: int, month: str, at: datetime) -> None:
        self.session.execute(
            tables.activity_previews.insert().values(group_id=group_id, month=month, posted_at=at)
        )
