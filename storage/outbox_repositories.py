"""Repositories for the paced outbox and the staff broadcasts that fill it (issue 7)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select, update

from bot.domain.broadcasts import Broadcast, BroadcastStatus
from bot.domain.pacing import Candidate
from bot.domain.records import OutboxItem, OutboxStatus
from storage import tables
from storage.repository import Repository, rowcount


class OutboxRepository(Repository):
    def add(self, item: OutboxItem) -> OutboxItem:
        # Not flushed: the row is written with the rest of the transaction (a duplicate key
        # surfaces as Conflict from commit()); a flush per reply was a third of a report's cost.
        self.session.add(item)
        return item

    def add_rows(self, items: Sequence[OutboxItem]) -> None:
        """Many new messages in one statement (executemany), for a job writing a batch; their
        ids are not read back (nothing in that transaction needs them)."""
        if not items:
            return
        columns = [c.key for c in tables.outbox.columns if c.key != "id"]
        self.session.execute(
            tables.outbox.insert(),
            [{column: getattr(item, column) for column in columns} for item in items],
        )

    def has_key(self, key: str) -> bool:
        c = tables.outbox.c
        return self.session.execute(select(c.id).where(c.key == key)).first() is not None

    def posted_after(self, group_id: int, text: str, after: datetime) -> bool:
        """The same text was queued for this group after `after` (and not dropped)."""
        c = tables.outbox.c
        query = select(c.id).where(
            c.group_id == group_id,
            c.created_at > after,
            c.text == text,
            c.status.not_in([str(OutboxStatus.FAILED), str(OutboxStatus.WITHDRAWN)]),
        )
        return self.session.execute(query.limit(1)).first() is not None

    def group_texts_since(self, group_id: int, since: datetime, limit: int = 200) -> list[str]:
        """What the bot said in a group since `since`, newest first (not the dropped rows)."""
        c = tables.outbox.c
        query = (
            select(c.text)
            .where(
                c.group_id == group_id,
                c.created_at >= since,
                c.status.not_in([str(OutboxStatus.FAILED), str(OutboxStatus.WITHDRAWN)]),
            )
            .order_by(c.created_at.desc(), c.id.desc())
            .limit(limit)
        )
        return list(self.session.scalars(query))

    def private_texts_since(self, person_id: int, since: datetime, limit: int = 200) -> list[str]:
        """What the bot said privately to a person since `since`, newest first."""
        c = tables.outbox.c
        query = (
            select(c.text)
            .where(
                c.person_id == person_id,
                c.group_id.is_(None),
                c.created_at >= since,
                c.status.not_in([str(OutboxStatus.FAILED), str(OutboxStatus.WITHDRAWN)]),
            )
            .order_by(c.created_at.desc(), c.id.desc())
            .limit(limit)
        )
        return list(self.session.scalars(query))

    def by_key(self, key: str) -> OutboxItem | None:
        c = tables.outbox.c
        return self.session.scalars(select(OutboxItem).where(c.key == key)).first()

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
            .values(status=str(OutboxStatus.PENDING), claimed_at=None, confirm_by=None)
        )
        return rowcount(result)

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
        if not rowcount(result):
            return None
        item = self.session.get(OutboxItem, item_id, populate_existing=True)
        return item

    def in_flight(self, account: str) -> Sequence[OutboxItem]:
        c = tables.outbox.c
        query = select(OutboxItem).where(
            c.account == account, c.status == str(OutboxStatus.SENDING)
        )
        return self.session.scalars(query.order_by(c.id)).all()

    def in_flight_keys(self) -> set[str]:
        """Keys of every account's in-flight rows (what a shared delivery record must keep)."""
        c = tables.outbox.c
        query = select(c.key).where(c.status == str(OutboxStatus.SENDING))
        return set(self.session.scalars(query))

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
        return rowcount(result)

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
        return rowcount(result)

    def status_by_account(self) -> dict[str, dict[str, int]]:
        c = tables.outbox.c
        query = select(c.account, c.status, func.count()).group_by(c.account, c.status)
        counts: dict[str, dict[str, int]] = {}
        for account, status, n in self.session.execute(query):
            counts.setdefault(account, {})[str(status)] = n
        return counts


class BroadcastRepository(Repository):
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
