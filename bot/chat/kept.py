"""When handling a message fails on a bug: the resident's words are still kept.

The handling transaction is gone with whatever it had half done (a case, replies), so nothing
is answered; but "3号楼电梯关了人" must not vanish because some rule tripped over it. The
message is stored on its own, and in a bound 小区 it goes on the 待确认 list (urgent when it
names a danger), where a person reads it and can turn it into a case.
"""

from __future__ import annotations

from datetime import datetime

from bot.chat.outcome import Outcome, Result
from bot.domain.messages import Inbound
from bot.domain.records import StoredMessage
from bot.domain.safety import dangers_named
from bot.ports import UnitOfWorkFactory
from bot.services import directory
from bot.services.review.hold import hold


def keep_words(
    uow_factory: UnitOfWorkFactory, account: str, message: Inbound, now: datetime
) -> Result:
    with uow_factory() as uow:
        arrived = directory.arrive(uow, account, message, now)
        if arrived is None:
            return Result(Outcome.DUPLICATE)
        group, sender, _ = arrived
        if group is not None and group.account != account:
            uow.commit()
            return Result(Outcome.ELSEWHERE)
        assert sender is not None and sender.id is not None
        uow.messages.add(
            StoredMessage(
                account=account,
                message_id=message.message_id,
                group_id=group.id if group else None,
                sender_id=sender.id,
                type=str(message.type),
                text=message.text,
                received_at=now,
            )
        )
        estate_id = group.estate_id if group is not None else sender.estate_id
        if message.text.strip() and estate_id is not None:
            hold(
                uow,
                account=account,
                message_key=message.message_id,
                estate_id=estate_id,
                sender_id=sender.id,
                text=message.text,
                received_at=now,
                group_id=group.id if group else None,
                group_building_id=group.building_id if group else None,
                kind="issue",
                category=None,
                urgent=bool(dangers_named(message.text)),
                building=None,
                unit=None,
                room=None,
            )
        uow.commit()
    return Result(Outcome.SILENT)
