"""Issue 15: which accounts sit in which group (group_accounts), and which one owns it
(groups.account): the 群 page, the choice of a group's sender and automatic failover."""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import cache

from sqlalchemy import ColumnElement, Select, TextClause, and_, bindparam, select, text, update

from storage import tables
from storage.repository import Repository, rowcount

_RESOLUTION = timedelta(minutes=10)  # "last seen" is for the console


@cache
def _sits_in_statement() -> TextClause:
    """INSERT … ON CONFLICT DO UPDATE … WHERE, in the syntax PostgreSQL and SQLite (3.24+)
    share; text, so it is compiled once (a dialect INSERT with on_conflict is never cached,
    see storage.case_reporter_repositories). The WHERE leaves a row seen lately untouched,
    so a message does not rewrite it (last seen is for the console)."""
    c = tables.group_accounts.c
    statement = text(
        "INSERT INTO group_accounts (group_id, account, last_seen) "
        "VALUES (:group_id, :account, :now) "
        "ON CONFLICT (group_id, account) DO UPDATE SET last_seen = excluded.last_seen, "
        "left_at = NULL "
        "WHERE group_accounts.left_at IS NOT NULL OR group_accounts.last_seen IS NULL "
        "OR group_accounts.last_seen <= :stale"
    ).bindparams(
        bindparam("group_id", type_=c.group_id.type),
        bindparam("account", type_=c.account.type),
        bindparam("now", type_=c.last_seen.type),
        bindparam("stale", type_=c.last_seen.type),
    )
    # The count of rows written says whether it wrote; kept for an INSERT only when asked.
    return statement.execution_options(preserve_rowcount=True)


def _owned_by(name: str) -> ColumnElement[bool]:
    """The bound groups (with a 小区) the account owns and is still in: the ones failover
    and the logout notice speak of."""
    g = tables.groups.c
    return and_(g.account == name, g.left_at.is_(None), g.estate_id.is_not(None))


class GroupAccountRepository(Repository):
    def sits_in(self, group_id: int, name: str, now: datetime) -> bool:
        """Record that `name` is in the group; True when that wrote its row (new, back after
        leaving, or last seen 10 minutes ago or more): one upsert, where a SELECT and then
        an INSERT or UPDATE took two round trips."""
        values = {
            "group_id": group_id,
            "account": name,
            "now": now,
            "stale": now - _RESOLUTION,
        }
        return bool(rowcount(self.session.execute(_sits_in_statement(), values)))

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
