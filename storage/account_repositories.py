"""Issue 15: each WeChat account's state row, which accounts sit in which group, and the
outbox figures the accounts page shows."""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import Row, and_, delete, func, select, text, update

from bot.domain.accounts import AccountStatus, LinkState
from bot.domain.records import OutboxStatus
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


_CHUNK = 500  # ids per DELETE … IN (…)


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

    # ---- figures from the outbox, for the beat ---------------------------------------

    def queue_length(self, name: str) -> int:
        o = tables.outbox.c
        query = select(func.count()).where(
            o.account == name, o.status.in_([str(OutboxStatus.PENDING), str(OutboxStatus.SENDING)])
        )
        return int(self.session.scalar(query) or 0)

    def sent_since(self, name: str, since: datetime) -> int:
        o = tables.outbox.c
        # Rows sent today were created within the last days: bounding created_at keeps the
        # count on the recent end of the (account, status, id) index, not all of history.
        query = select(func.count()).where(
            o.account == name, o.status == str(OutboxStatus.SENT), o.sent_at >= since
        )
        return int(self.session.scalar(query) or 0)

    # ---- who sits where ---------------------------------------------------------------

    def sits_in(self, group_id: int, name: str, now: datetime) -> bool:
        """Record that `name` is in the group; True when that is news (or it had left)."""
        ga = tables.group_accounts
        row = self.session.execute(
            select(ga.c.last_seen, ga.c.left_at).where(
                ga.c.group_id == group_id, ga.c.account == name
            )
        ).first()
        if row is None:
            with self.session.begin_nested():
                self.session.execute(
                    ga.insert().values(group_id=group_id, account=name, last_seen=now)
                )
            return True
        if row.left_at is not None or row.last_seen is None or now - row.last_seen >= _RESOLUTION:
            self.session.execute(
                update(ga)
                .where(ga.c.group_id == group_id, ga.c.account == name)
                .values(last_seen=now, left_at=None)
            )
            return row.left_at is not None
        return False

    def left(self, group_id: int, name: str, now: datetime) -> None:
        ga = tables.group_accounts
        self.session.execute(
            update(ga).where(ga.c.group_id == group_id, ga.c.account == name).values(left_at=now)
        )

    def present(self, group_id: int) -> list[str]:
        """Accounts in the group now, earliest seen first."""
        ga = tables.group_accounts
        query = (
            select(ga.c.account)
            .where(ga.c.group_id == group_id, ga.c.left_at.is_(None))
            .order_by(ga.c.last_seen, ga.c.account)
        )
        return list(self.session.scalars(query))

    def memberships(self) -> dict[int, list[str]]:
        """Every group's present accounts (for the 群 page)."""
        ga = tables.group_accounts
        query = select(ga.c.group_id, ga.c.account).where(ga.c.left_at.is_(None))
        found: dict[int, list[str]] = {}
        for group_id, account in self.session.execute(query.order_by(ga.c.account)):
            found.setdefault(group_id, []).append(account)
        return found

    def move_pending(self, group_id: int, name: str) -> int:
        """A group changed hands: its waiting messages go through the new owner."""
        o = tables.outbox
        result = self.session.execute(
            update(o)
            .where(
                and_(o.c.group_id == group_id, o.c.status == str(OutboxStatus.PENDING)),
                o.c.account != name,
            )
            .values(account=name)
            .execution_options(synchronize_session=False)
        )
        return rowcount(result)

    def orphans(self, owner: str, taker: str) -> list[tuple[int, str]]:
        """(id, topic) of the bound, joined groups `owner` owns in which `taker` sits too."""
        g = tables.groups.c
        ga = tables.group_accounts.c
        query = (
            select(g.id, g.topic)
            .join(tables.group_accounts, ga.group_id == g.id)
            .where(
                g.account == owner,
                g.left_at.is_(None),
                g.estate_id.is_not(None),
                ga.account == taker,
                ga.left_at.is_(None),
            )
            .order_by(g.id)
        )
        return [(row.id, row.topic) for row in self.session.execute(query)]

    def take_group(self, group_id: int, owner: str, taker: str) -> bool:
        """Move the group from `owner` to `taker`, unless someone moved it meanwhile."""
        g = tables.groups
        result = self.session.execute(
            update(g)
            .where(g.c.id == group_id, g.c.account == owner)
            .values(account=taker)
            .execution_options(synchronize_session=False)
        )
        return bool(rowcount(result))

    # ---- contacts (who each account can write to privately) ---------------------------

    def set_contacts(self, name: str, wechat_ids: Sequence[str], now: datetime) -> int:
        """Replace the account's contacts with `wechat_ids` (the transport's whole list after
        a login). Only the difference is written: a re-login changes a few rows, not
        thousands. Returns how many rows changed."""
        ac = tables.account_contacts
        wanted = {w for w in wechat_ids if w}
        have = set(self.session.scalars(select(ac.c.wechat_id).where(ac.c.account == name)))
        gone = sorted(have - wanted)
        new = sorted(wanted - have)
        for first in range(0, len(gone), _CHUNK):
            self.session.execute(
                delete(ac).where(
                    ac.c.account == name, ac.c.wechat_id.in_(gone[first : first + _CHUNK])
                )
            )
        if new:
            self.session.execute(
                ac.insert(), [{"account": name, "wechat_id": w, "seen_at": now} for w in new]
            )
        return len(gone) + len(new)

    def having(self, wechat_id: str) -> list[str]:
        """The accounts that have `wechat_id` as a contact, by name."""
        ac = tables.account_contacts.c
        query = select(ac.account).where(ac.wechat_id == wechat_id).order_by(ac.account)
        return list(self.session.scalars(query))

    def move_private_pending(self, owner: str, taker: str) -> int:
        """`owner`'s waiting private messages to people `taker` has as contacts go through
        `taker` instead (the owner is down)."""
        o = tables.outbox
        p = tables.people.c
        ac = tables.account_contacts.c
        reachable = (
            select(p.id)
            .join(tables.account_contacts, ac.wechat_id == p.wechat_id)
            .where(ac.account == taker)
        )
        result = self.session.execute(
            update(o)
            .where(
                o.c.account == owner,
                o.c.status == str(OutboxStatus.PENDING),
                o.c.group_id.is_(None),
                o.c.person_id.in_(reachable),
            )
            .values(account=taker)
            .execution_options(synchronize_session=False)
        )
        return rowcount(result)

    def groups_of(self, name: str) -> Sequence[tuple[int, str]]:
        """(id, topic) of the groups the account owns and is still in."""
        g = tables.groups.c
        query = (
            select(g.id, g.topic)
            .where(g.account == name, g.left_at.is_(None), g.estate_id.is_not(None))
            .order_by(g.id)
        )
        return [(row.id, row.topic) for row in self.session.execute(query)]

    def broadcast_by_account(self, broadcast_id: int) -> dict[str, dict[str, int]]:
        o = tables.outbox.c
        query = (
            select(o.account, o.status, func.count())
            .where(o.broadcast_id == broadcast_id)
            .group_by(o.account, o.status)
        )
        found: dict[str, dict[str, int]] = {}
        for account, status, n in self.session.execute(query):
            found.setdefault(account, {})[str(status)] = n
        return found


_RESOLUTION = timedelta(minutes=10)  # "last seen" is for the console
