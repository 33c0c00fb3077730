"""Issue 15: the outbox as one account sees it: what it has waiting and has sent today (its
heartbeat and daily quota), and waiting messages moved to another account when a group
changes hands or the account is down."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, func, select, update

from bot.domain.records import OutboxStatus
from storage import tables
from storage.repository import Repository, rowcount


class SendingRepository(Repository):
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
