"""一月一示: which groups have had a month's 积分公示 posted, so each gets it once however
many processes post at the same time."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import exists, select

from bot.domain.community import Group
from storage import tables
from storage.repository import Repository


def _published(month: str, group_id: Any) -> Any:
    p = tables.points_publications.c
    return exists().where(p.group_id == group_id, p.month == month)


class PublicationRepository(Repository):
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
                ~_published(month, g.id),
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
            .where(g.id.in_(sorted(set(group_ids))), ~_published(month, g.id))
            .with_for_update(skip_locked=True)
        )
        return set(self.session.scalars(query))
