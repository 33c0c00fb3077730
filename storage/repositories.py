"""Repositories: the only place that knows how domain objects are queried."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from bot.domain.activities import Activity, ActivityStatus, Signup, SignupStatus, Venue
from bot.domain.broadcasts import Broadcast, BroadcastStatus
from bot.domain.cases import OPEN_STATUSES, Case, CaseEvent, CaseStatus
from bot.domain.community import Building, Estate, Group, Person, Role
from bot.domain.pacing import Candidate
from bot.domain.records import OutboxItem, OutboxStatus, StoredMessage
from bot.domain.staff import AuditEntry, StaffUser
from bot.domain.webhooks import DeliveryStatus, WebhookDelivery
from storage import tables


class _Repository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def flush(self) -> None:
        self.session.flush()


class EstateRepository(_Repository):
    def all(self) -> Sequence[Estate]:
        return self.session.scalars(select(Estate).order_by(Estate.id)).all()

    def get(self, estate_id: int) -> Estate | None:
        return self.session.get(Estate, estate_id)

    def by_key(self, key: str) -> Estate | None:
        return self.session.scalars(select(Estate).where(tables.estates.c.key == key)).first()

    def add(self, estate: Estate) -> Estate:
        self.session.add(estate)
        self.session.flush()
        return estate

    def buildings(self, estate_id: int | None = None) -> Sequence[Building]:
        query = select(Building).order_by(Building.estate_id, Building.id)
        if estate_id is not None:
            query = query.where(tables.buildings.c.estate_id == estate_id)
        return self.session.scalars(query).all()

    def building(self, building_id: int) -> Building | None:
        return self.session.get(Building, building_id)

    def building_by_number(self, estate_id: int, number: str) -> Building | None:
        c = tables.buildings.c
        query = select(Building).where(c.estate_id == estate_id, c.number == number)
        return self.session.scalars(query).first()

    def add_building(self, building: Building) -> Building:
        self.session.add(building)
        self.session.flush()
        return building


class GroupRepository(_Repository):
    def by_room_id(self, account: str, room_id: str) -> Group | None:
        c = tables.groups.c
        return self.session.scalars(
            select(Group).where(c.account == account, c.room_id == room_id)
        ).first()

    def by_topic(self, account: str, topic: str) -> Sequence[Group]:
        c = tables.groups.c
        query = select(Group).where(c.account == account, c.topic == topic).order_by(c.id)
        return self.session.scalars(query).all()

    def get(self, group_id: int) -> Group | None:
        return self.session.get(Group, group_id)

    def all(self, account: str | None = None) -> Sequence[Group]:
        query = select(Group).order_by(tables.groups.c.id)
        if account is not None:
            query = query.where(tables.groups.c.account == account)
        return self.session.scalars(query).all()

    def add(self, group: Group) -> Group:
        self.session.add(group)
        self.session.flush()
        return group


class PersonRepository(_Repository):
    def get(self, person_id: int) -> Person | None:
        return self.session.get(Person, person_id)

    def by_wechat_id(self, wechat_id: str) -> Person | None:
        c = tables.people.c
        return self.session.scalars(select(Person).where(c.wechat_id == wechat_id)).first()

    def by_display_name(self, name: str) -> Sequence[Person]:
        c = tables.people.c
        return self.session.scalars(select(Person).where(c.display_name == name)).all()

    def many(self, ids: Sequence[int]) -> dict[int, Person]:
        if not ids:
            return {}
        query = select(Person).where(tables.people.c.id.in_(set(ids)))
        return {p.id: p for p in self.session.scalars(query) if p.id is not None}

    def all(self) -> Sequence[Person]:
        return self.session.scalars(select(Person).order_by(tables.people.c.id)).all()

    def with_role(
        self, estate_id: int, role: Role, building_id: int | None = None
    ) -> Sequence[Person]:
        c = tables.people.c
        query = select(Person).where(c.estate_id == estate_id, c.role == int(role))
        if building_id is not None:
            query = query.where(c.building_id == building_id)
        return self.session.scalars(query.order_by(c.id)).all()

    def staff(self) -> Sequence[Person]:
        """社区 staff and admins (any 小区): the third rung of the ladder."""
        c = tables.people.c
        query = select(Person).where(c.role >= int(Role.STAFF)).order_by(c.id)
        return self.session.scalars(query).all()

    def add(self, person: Person) -> Person:
        self.session.add(person)
        self.session.flush()
        return person


class MessageRepository(_Repository):
    def seen(self, account: str, message_id: str) -> bool:
        c = tables.messages.c
        query = select(c.id).where(c.account == account, c.message_id == message_id)
        # Asked for every message: a Core query on the session's connection skips the
        # ORM's per-statement work (about 10x cheaper here) and needs no mapped objects.
        return self.session.connection().execute(query).first() is not None

    def add(self, message: StoredMessage) -> StoredMessage:
        # Not flushed here: a duplicate message id surfaces as Conflict from commit().
        self.session.add(message)
        return message

    def count(self) -> int:
        return self.session.scalar(select(func.count()).select_from(tables.messages)) or 0


class CaseRepository(_Repository):
    def get(self, case_id: int) -> Case | None:
        return self.session.get(Case, case_id)

    def add(self, case: Case) -> Case:
        self.session.add(case)
        self.session.flush()
        return case

    def open_candidates(
        self, estate_id: int, category: str, building: str, since: datetime
    ) -> Sequence[Case]:
        """Open cases that a new report of this category and building might join."""
        c = tables.cases.c
        query = (
            select(Case)
            .where(
                c.estate_id == estate_id,
                c.category == category,
                c.building == building,
                c.status.in_([str(s) for s in OPEN_STATUSES]),
                func.coalesce(c.updated_at, c.opened_at) >= since,
            )
            .order_by(c.id.desc())
        )
        return self.session.scalars(query).all()

    def by_reporter(self, person_id: int, limit: int = 5) -> Sequence[Case]:
        c = tables.cases.c
        r = tables.case_reporters.c
        query = (
            select(Case)
            .join(tables.case_reporters, r.case_id == c.id)
            .where(r.person_id == person_id)
            .order_by(c.id.desc())
            .limit(limit)
        )
        return self.session.scalars(query).all()

    def list(
        self, *, estate_id: int | None = None, status: str | None = None, limit: int = 200
    ) -> Sequence[Case]:
        c = tables.cases.c
        query = select(Case).order_by(c.id.desc()).limit(limit)
        if estate_id is not None:
            query = query.where(c.estate_id == estate_id)
        if status:
            query = query.where(c.status == status)
        return self.session.scalars(query).all()

    def add_reporter(self, case_id: int, person_id: int, at: datetime) -> bool:
        """Record a (co-)reporter; False when this person had already reported the case."""
        r = tables.case_reporters.c
        exists = self.session.execute(
            select(r.case_id).where(r.case_id == case_id, r.person_id == person_id)
        ).first()
        if exists:
            return False
        self.session.execute(
            tables.case_reporters.insert().values(
                case_id=case_id, person_id=person_id, reported_at=at
            )
        )
        return True

    def reporter_ids(self, case_id: int) -> list[int]:
        r = tables.case_reporters.c
        query = select(r.person_id).where(r.case_id == case_id).order_by(r.reported_at)
        return list(self.session.scalars(query))

    def add_event(self, event: CaseEvent) -> CaseEvent:
        self.session.add(event)
        return event

    def events(self, case_id: int) -> Sequence[CaseEvent]:
        c = tables.case_events.c
        query = select(CaseEvent).where(c.case_id == case_id).order_by(c.at, c.id)
        return self.session.scalars(query).all()

    def claim(self, case: Case, person_id: int, *, replace: int | None = None) -> bool:
        """First claim wins: a conditional UPDATE, so of two racing claims exactly one matches.

        On PostgreSQL the loser's UPDATE waits for the winner's row lock, re-reads the row and
        matches nothing; on SQLite the write lock serialises them the same way. `replace`
        lets a dispatch take the case over from that person. The case is refreshed either way,
        so the caller sees who holds it now.
        """
        assert case.id is not None
        self.session.flush()
        c = tables.cases.c
        holder = c.assignee_id.is_(None)
        if replace is not None:
            holder = holder | (c.assignee_id == replace)
        result = self.session.execute(
            update(tables.cases)
            .where(c.id == case.id, holder, c.status.in_([str(s) for s in OPEN_STATUSES]))
            .values(assignee_id=person_id)
            .execution_options(synchronize_session=False)
        )
        self.session.refresh(case)
        return (result.rowcount or 0) == 1

    def lock(self, case_id: int) -> Case | None:
        """The case, re-read and row-locked until the transaction ends (PostgreSQL)."""
        query = (
            select(Case)
            .where(tables.cases.c.id == case_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        return self.session.scalars(query).first()

    def due(self, now: datetime, limit: int) -> Sequence[Case]:
        """Cases with a timer due, earliest first; rows another process holds are skipped.

        Reads the partial index on next_due only (see bench/sla_sweep.py for the plan).
        """
        c = tables.cases.c
        query = (
            select(Case)
            .where(c.next_due.is_not(None), c.next_due <= now)
            .order_by(c.next_due)
            .limit(limit)
            .with_for_update(skip_locked=True)
            .execution_options(populate_existing=True)
        )
        return self.session.scalars(query).all()

    def awaiting_rating(self, person_id: int) -> Sequence[Case]:
        """Resolved cases this person reported (or co-reported), newest first."""
        c = tables.cases.c
        r = tables.case_reporters.c
        query = (
            select(Case)
            .join(tables.case_reporters, r.case_id == c.id)
            .where(r.person_id == person_id, c.status == str(CaseStatus.RESOLVED))
            .order_by(c.resolved_at.desc(), c.id.desc())
        )
        return self.session.scalars(query).all()

    def unclaimed(self, estate_id: int, limit: int = 20) -> Sequence[Case]:
        c = tables.cases.c
        query = (
            select(Case)
            .where(
                c.estate_id == estate_id,
                c.assignee_id.is_(None),
                c.status.in_([str(s) for s in OPEN_STATUSES]),
            )
            .order_by(c.id)
            .limit(limit)
        )
        return self.session.scalars(query).all()

    def assigned_to(self, person_id: int, limit: int = 20) -> Sequence[Case]:
        c = tables.cases.c
        query = (
            select(Case)
            .where(
                c.assignee_id == person_id,
                c.status.in_([str(s) for s in (*OPEN_STATUSES, CaseStatus.RESOLVED)]),
            )
            .order_by(c.id)
            .limit(limit)
        )
        return self.session.scalars(query).all()

    def opened_between(
        self, start: datetime, end: datetime, estate_id: int | None = None
    ) -> Sequence[Case]:
        """Cases opened in [start, end), for the monthly rates (index on opened_at)."""
        c = tables.cases.c
        query = select(Case).where(c.opened_at >= start, c.opened_at < end).order_by(c.id)
        if estate_id is not None:
            query = query.where(c.estate_id == estate_id)
        return self.session.scalars(query).all()


class WebhookRepository(_Repository):
    def add(self, delivery: WebhookDelivery) -> WebhookDelivery:
        self.session.add(delivery)
        self.session.flush()
        return delivery

    def get(self, delivery_id: int) -> WebhookDelivery | None:
        return self.session.get(WebhookDelivery, delivery_id)

    def due(self, now: datetime, limit: int) -> Sequence[WebhookDelivery]:
        c = tables.webhook_deliveries.c
        query = (
            select(WebhookDelivery)
            .where(c.status == str(DeliveryStatus.PENDING), c.next_attempt_at <= now)
            .order_by(c.next_attempt_at, c.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return self.session.scalars(query).all()

    def for_case(self, case_id: int) -> Sequence[WebhookDelivery]:
        c = tables.webhook_deliveries.c
        query = select(WebhookDelivery).where(c.case_id == case_id).order_by(c.id)
        return self.session.scalars(query).all()

    def list(self, status: str | None = None, limit: int = 200) -> Sequence[WebhookDelivery]:
        c = tables.webhook_deliveries.c
        query = select(WebhookDelivery).order_by(c.id.desc()).limit(limit)
        if status:
            query = query.where(c.status == status)
        return self.session.scalars(query).all()


class OutboxRepository(_Repository):
    def add(self, item: OutboxItem) -> OutboxItem:
        self.session.add(item)
        self.session.flush()
        return item

    def has_key(self, key: str) -> bool:
        c = tables.outbox.c
        return self.session.execute(select(c.id).where(c.key == key)).first() is not None

    def due(self, account: str, now: datetime, limit: int) -> Sequence[OutboxItem]:
        """Pending messages ready to send, oldest first (FOR UPDATE SKIP LOCKED on PostgreSQL)."""
        c = tables.outbox.c
        query = (
            select(OutboxItem)
            .where(
                c.account == account,
                c.status == str(OutboxStatus.PENDING),
                (c.not_before.is_(None)) | (c.not_before <= now),
            )
            .order_by(c.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return self.session.scalars(query).all()

    def get(self, item_id: int) -> OutboxItem | None:
        return self.session.get(OutboxItem, item_id)

    def release_stale(self, account: str, claimed_before: datetime) -> int:
        """Hand back messages a crashed sender had claimed, so they are tried again."""
        c = tables.outbox.c
        result = self.session.execute(
            update(tables.outbox)
            .where(
                c.account == account,
                c.status == str(OutboxStatus.SENDING),
                c.claimed_at <= claimed_before,
            )
            .values(status=str(OutboxStatus.PENDING), claimed_at=None)
        )
        return result.rowcount or 0

    def counts(self, account: str | None = None) -> dict[str, int]:
        c = tables.outbox.c
        query = select(c.status, func.count()).group_by(c.status)
        if account is not None:
            query = query.where(c.account == account)
        return {str(status): n for status, n in self.session.execute(query)}

    # ---- issue 7: one-at-a-time claims, crash recovery, broadcasts ----------------------

    def add_many(self, items: Sequence[OutboxItem]) -> None:
        self.session.add_all(items)
        self.session.flush()

    def candidates(self, account: str, now: datetime, limit: int) -> list[Candidate]:
        """Due messages as the pacer sees them: id, conversation, priority; nothing claimed."""
        c = tables.outbox.c
        query = (
            select(c.id, c.group_id, c.person_id, c.priority)
            .where(
                c.account == account,
                c.status == str(OutboxStatus.PENDING),
                (c.not_before.is_(None)) | (c.not_before <= now),
            )
            .order_by(c.priority, c.id)
            .limit(limit)
        )
        return [
            Candidate(
                row.id, f"g:{row.group_id}" if row.group_id else f"p:{row.person_id}", row.priority
            )
            for row in self.session.execute(query)
        ]

    def claim(self, item_id: int, now: datetime) -> OutboxItem | None:
        """Mark one pending message in flight; None when it is no longer pending."""
        c = tables.outbox.c
        result = self.session.execute(
            update(tables.outbox)
            .where(c.id == item_id, c.status == str(OutboxStatus.PENDING))
            .values(status=str(OutboxStatus.SENDING), claimed_at=now, attempts=c.attempts + 1)
            .execution_options(synchronize_session=False)
        )
        if not result.rowcount:
            return None
        item = self.session.get(OutboxItem, item_id, populate_existing=True)
        return item

    def in_flight(self, account: str) -> Sequence[OutboxItem]:
        c = tables.outbox.c
        query = select(OutboxItem).where(
            c.account == account, c.status == str(OutboxStatus.SENDING)
        )
        return self.session.scalars(query.order_by(c.id)).all()

    def retry_now(self, account: str, now: datetime) -> int:
        """The connection is back: messages waiting out a transient failure may go at once."""
        c = tables.outbox.c
        result = self.session.execute(
            update(tables.outbox)
            .where(
                c.account == account,
                c.status == str(OutboxStatus.PENDING),
                c.error.is_not(None),
                c.not_before > now,
            )
            .values(not_before=now)
            .execution_options(synchronize_session=False)
        )
        return result.rowcount or 0

    def by_broadcast(self, broadcast_id: int) -> Sequence[OutboxItem]:
        c = tables.outbox.c
        query = select(OutboxItem).where(c.broadcast_id == broadcast_id).order_by(c.id)
        return self.session.scalars(query).all()

    def broadcast_counts(self, broadcast_ids: Sequence[int]) -> dict[int, dict[str, int]]:
        if not broadcast_ids:
            return {}
        c = tables.outbox.c
        query = (
            select(c.broadcast_id, c.status, func.count())
            .where(c.broadcast_id.in_(set(broadcast_ids)))
            .group_by(c.broadcast_id, c.status)
        )
        counts: dict[int, dict[str, int]] = {}
        for broadcast_id, status, n in self.session.execute(query):
            counts.setdefault(broadcast_id, {})[str(status)] = n
        return counts

    def withdraw_broadcast(self, broadcast_id: int, now: datetime) -> int:
        c = tables.outbox.c
        result = self.session.execute(
            update(tables.outbox)
            .where(c.broadcast_id == broadcast_id, c.status == str(OutboxStatus.PENDING))
            .values(status=str(OutboxStatus.WITHDRAWN), error="通知已撤回", claimed_at=None)
            .execution_options(synchronize_session=False)
        )
        return result.rowcount or 0

    def status_by_account(self) -> dict[str, dict[str, int]]:
        c = tables.outbox.c
        query = select(c.account, c.status, func.count()).group_by(c.account, c.status)
        counts: dict[str, dict[str, int]] = {}
        for account, status, n in self.session.execute(query):
            counts.setdefault(account, {})[str(status)] = n
        return counts


class ActivityRepository(_Repository):
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
        return bool(result.rowcount)

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


class BroadcastRepository(_Repository):
    def add(self, broadcast: Broadcast) -> Broadcast:
        self.session.add(broadcast)
        self.session.flush()
        return broadcast

    def get(self, broadcast_id: int) -> Broadcast | None:
        return self.session.get(Broadcast, broadcast_id)

    def latest_draft(self, author_id: int) -> Broadcast | None:
        c = tables.broadcasts.c
        query = (
            select(Broadcast)
            .where(c.author_id == author_id, c.status == str(BroadcastStatus.DRAFT))
            .order_by(c.id.desc())
        )
        return self.session.scalars(query).first()

    def latest_by(self, author_id: int) -> Broadcast | None:
        c = tables.broadcasts.c
        query = select(Broadcast).where(c.author_id == author_id).order_by(c.id.desc())
        return self.session.scalars(query).first()

    def recent(self, limit: int = 20, *, estate_id: int | None = None) -> Sequence[Broadcast]:
        c = tables.broadcasts.c
        query = select(Broadcast).order_by(c.id.desc()).limit(limit)
        if estate_id is not None:
            query = query.where(c.scope_estate_id == estate_id)
        return self.session.scalars(query).all()


class StaffRepository(_Repository):
    def by_username(self, username: str) -> StaffUser | None:
        c = tables.staff_users.c
        return self.session.scalars(select(StaffUser).where(c.username == username)).first()

    def get(self, user_id: int) -> StaffUser | None:
        return self.session.get(StaffUser, user_id)

    def all(self) -> Sequence[StaffUser]:
        return self.session.scalars(select(StaffUser).order_by(tables.staff_users.c.id)).all()

    def add(self, user: StaffUser) -> StaffUser:
        self.session.add(user)
        self.session.flush()
        return user

    def audit(self, entry: AuditEntry) -> None:
        self.session.add(entry)

    def audit_log(self, limit: int = 200) -> Sequence[AuditEntry]:
        c = tables.audit_log.c
        return self.session.scalars(select(AuditEntry).order_by(c.id.desc()).limit(limit)).all()
