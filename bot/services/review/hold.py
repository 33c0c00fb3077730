"""Putting a message on the 待确认 list: no group reply, the engine's guess kept with it."""

from __future__ import annotations

from datetime import datetime

from bot.domain.review import ReviewItem
from bot.ports import UnitOfWork


def hold(
    uow: UnitOfWork,
    *,
    account: str,
    message_key: str,
    estate_id: int,
    sender_id: int,
    text: str,
    received_at: datetime,
    group_id: int | None,
    group_building_id: int | None,
    kind: str,
    category: str | None,
    urgent: bool,
    building: str | None,
    unit: str | None,
    room: str | None,
) -> ReviewItem:
    """Hold one message. Its 楼栋 (for the digest) is the one it names, else its group's."""
    building_id = group_building_id
    if building:
        named = uow.estates.building_by_number(estate_id, building)
        if named is not None:
            building_id = named.id
    return uow.review.add(
        ReviewItem(
            account=account,
            message_key=message_key,
            estate_id=estate_id,
            sender_id=sender_id,
            text=text,
            received_at=received_at,
            group_id=group_id,
            building_id=building_id,
            kind=kind,
            category=category,
            urgent=urgent,
            building=building,
            unit=unit,
            room=room,
        )
    )
