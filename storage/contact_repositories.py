"""Issue 15: whom each account can write to privately (its WeChat contacts)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, select

from storage import tables
from storage.repository import Repository

_CHUNK = 500  # ids per DELETE … IN (…)


class ContactRepository(Repository):
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
