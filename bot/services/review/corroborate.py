"""Neighbours confirming one uncertain report: it is a case, not three silent 待确认 lines.

Convo3 D6: "4号楼今天水压怎么这么小", then "我家也是 水龙头开最大就一点点", then "+1 水流小的可怜"
— the engine was unsure of each, so all waited for the evening digest while the whole building
had no water pressure and the member who heard of it could not claim anything. A second
resident saying the same kind of thing in the same group within minutes is the confirmation
the 待确认 list waits for: the first message becomes a case, and the others join it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.domain.review import ReviewItem
from bot.ports import UnitOfWork

WINDOW = timedelta(hours=1)  # "我家水压也小" naming the thing: within the hour (convofix11b)
# A bare "我家也是" names nothing: it can only answer what was said just before it, so the
# held words it confirms must be this fresh (chat in between is not seen from here).
BARE_WINDOW = timedelta(minutes=10)


def corroborated(
    uow: UnitOfWork,
    *,
    estate_id: int,
    group_id: int | None,
    sender_id: int,
    category: str | None,
    now: datetime,
    any_category: bool = False,
) -> ReviewItem | None:
    """A pending held message from another resident of this group, of this category, held in
    the last minutes; None when this message confirms nothing. A bare "我家也是" names no
    category (`any_category`): it confirms the newest such message, whatever it was about."""
    if group_id is None or (category is None and not any_category):
        return None
    if not uow.messages.held_may_wait(group_id):
        return None  # nothing held in this group (the arrival saw): no read
    since = now - (BARE_WINDOW if any_category else WINDOW)
    found = [
        item
        for item in uow.review.pending(estate_id=estate_id, limit=50)
        if item.group_id == group_id
        and item.sender_id != sender_id
        and (any_category or item.category == category)
        and since <= item.received_at <= now
    ]
    # The newest: "我家也是" answers what was said just before it.
    found.sort(key=lambda i: (i.received_at, i.id or 0), reverse=True)
    return found[0] if found else None
