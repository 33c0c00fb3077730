"""Issue 15: which accounts sit in which group (group_accounts), and which one owns it
(groups.account): the 群 page, the choice of a group's sender and automatic failover."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, Select, and_, select, update

from storage import tables
from storage.repository import Repository, rowcount

_RESOLUTION = timedelta(minutes=10)  # "last seen" is for the console


def _owned_by(name: str) -> ColumnElement[bool]:
    """The bound groups (with a 小区) the account owns and is still in: the ones failover
    and the logout notice speak of."""
    g = tables.groups.c
    return and_(g.account == name, g.left_at.is_(None), g.estate_id.is_not(None))


class GroupAccountRepository(Repository):
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

    # ---- which account owns a group ----------------------------------------------------

    def groups_of(self, name: str) -> list[tuple[int, str]]:
        """(id, topic) of the groups the account owns and is still in."""
        g = tables.groups.c
        return self._topics(select(g.id, g.topic).where(_owned_by(name)))

    def orphans(self, owner: str, taker: str) -> list[tuple[int, str]]:
        """(id, topic) of the bound, joined groups `owner` owns in which `taker` sits too."""
        g, ga = tables.groups.c, tables.group_accounts.c
        query = (
            select(g.id, g.topic)
            .join(tables.group_accounts, ga.group_id == g.id)
            .where(_owned_by(owner), ga.account == taker, ga.left_at.is_(None))
        )
        return self._topics(query)

    def _topics(self, query: Select[tuple[int, str]]) -> list[tuple[int, str]]:
        ordered = query.order_by(tables.groups.c.id)
        return [(row.id, row.topic) for row in self.session.execute(ordered)]

    def take_group(self, group_id: int, owner: str, taker: str) -> bool:
        """Move the group from `owner` to `taker`, unless someone moved it meanwhile."""
        g = tables.groups.c
        result = self.session.execute(
            update(tables.groups)
            .where(g.id == group_id, g.account == owner)
            .values(account=taker)
            .execution_options(synchronize_session=False)
        )
        return bool(rowcount(result))
