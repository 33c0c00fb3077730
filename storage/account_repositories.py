"""Issue 15: each WeChat account's state row (online, logged out …), its heartbeat and the
logout notice. Where the accounts sit, whom they can reach and what they send live in
group_account_repositories, contact_repositories and sending_repositories."""

from __future__ import annotations

import zlib
from datetime import datetime

from sqlalchemy import Row, select, text, update

from bot.domain.accounts import AccountStatus, LinkState
from storage import tables
from storage.repository import Repository, rowcount


def _status(row: Row[tuple[object, ...]]) -> AccountStatus:
    m = row._mapping
    try:
        state = LinkState(m["state"])
    except ValueError:
        state = LinkState.OFFLINE
    return AccountStatus(
        name=m["name"],
        state=state,
        detail=m["detail"] or "",
        since=m["since"],
        heartbeat_at=m["heartbeat_at"],
        queue=m["queue"],
        sent_today=m["sent_today"],
        per_minute=m["per_minute"],
        per_day=m["per_day"],
        logout_noticed_at=m["logout_noticed_at"],
    )


class AccountRepository(Repository):
    def exclusive(self, what: str) -> None:
        """Hold a database-wide lock on `what` until the transaction ends (PostgreSQL; SQLite
        writers are serialised anyway)."""
        if self.session.get_bind().dialect.name == "postgresql":
            key = zlib.crc32(what.encode()) - 2**31  # a stable signed 32-bit key
            self.session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": key})

    def get(self, name: str) -> AccountStatus | None:
        a = tables.accounts
        row = self.session.execute(select(a).where(a.c.name == name)).first()
        return _status(row) if row is not None else None

    def all(self) -> list[AccountStatus]:
        a = tables.accounts
        return [_status(r) for r in self.session.execute(select(a).order_by(a.c.name))]

    def lock(self, name: str) -> AccountStatus | None:
        """The row, locked until the transaction ends (the logout notice is sent once)."""
        a = tables.accounts
        row = self.session.execute(select(a).where(a.c.name == name).with_for_update()).first()
        return _status(row) if row is not None else None

    def ensure(self, name: str, now: datetime) -> None:
        """A row for `name` (offline until its transport reports); racing inserts are fine."""
        if self.get(name) is not None:
            return
        with self.session.begin_nested():
            self.session.execute(
                tables.accounts.insert().values(
                    name=name, state=str(LinkState.OFFLINE), detail="", since=now
                )
            )

    def set_state(self, name: str, state: LinkState, detail: str, now: datetime) -> bool:
        """Record a new state; True when it differs from the last one (a change)."""
        a = tables.accounts
        result = self.session.execute(
            update(a)
            .where(a.c.name == name, (a.c.state != str(state)) | (a.c.detail != detail))
            .values(state=str(state), detail=detail[:500], since=now, heartbeat_at=now)
        )
        return bool(rowcount(result))

    def beat(
        self,
        name: str,
        now: datetime,
        *,
        queue: int,
        sent_today: int,
        per_minute: int,
        per_day: int,
    ) -> None:
        a = tables.accounts
        self.session.execute(
            update(a)
            .where(a.c.name == name)
            .values(
                heartbeat_at=now,
                queue=queue,
                sent_today=sent_today,
                per_minute=per_minute,
                per_day=per_day,
            )
        )

    def set_logout_noticed(self, name: str, at: datetime | None) -> None:
        a = tables.accounts
        self.session.execute(update(a).where(a.c.name == name).values(logout_noticed_at=at))
