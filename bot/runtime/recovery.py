"""Settling the messages a crashed process left in flight, before the sender starts again."""

from __future__ import annotations

import logging

from bot.ports import Clock, DeliveryRecord, PrunableRecord, Transport, UnitOfWorkFactory
from bot.runtime.core import CoreThread
from bot.runtime.status import StaffNotices
from bot.services import outbox

log = logging.getLogger(__name__)


class InFlightRecovery:
    """The sender leaves at most one row in flight per crash (see bot.runtime.sending).

    Whether it went out is only known to the transport, and only if it keeps a record of
    what it delivered; without one, services.outbox.recover assumes the worst.
    """

    def __init__(
        self,
        *,
        core: CoreThread,
        uow_factory: UnitOfWorkFactory,
        transport: Transport,
        clock: Clock,
        account: str,
        resend_uncertain: bool,
        notices: StaffNotices | None = None,
    ) -> None:
        self.notices = notices
        self.core = core
        self.uow_factory = uow_factory
        self.transport = transport
        self.clock = clock
        self.account = account
        self.resend_uncertain = resend_uncertain

    async def run(self) -> outbox.Recovery:
        """Settle messages a crashed process left in flight, asking the transport if it can."""
        keys = await self.core.call(self._in_flight_keys)
        delivered: set[str] | None = None
        record = self.transport if isinstance(self.transport, DeliveryRecord) else None
        # isinstance on a runtime Protocol only checks the name exists; a transport may
        # carry a non-callable `delivered` attribute, which is no record at all.
        if keys and record is not None and callable(getattr(record, "delivered", None)):
            delivered = await record.delivered(keys)
        result: outbox.Recovery = await self.core.call(self._recover, delivered)
        if keys:
            log.warning(
                "recovered %d in-flight messages: %d already delivered, %d re-queued, "
                "%d uncertain (not resent)",
                len(keys),
                result.confirmed,
                result.requeued,
                result.uncertain,
            )
        if result.uncertain and self.notices is not None:
            await self.core.call(
                self.notices.uncertain,
                result.uncertain,
                result.uncertain_groups,
                result.uncertain_private,
            )
        return result

    async def prune(self) -> int:
        """Let a transport's delivery record drop what no recovery will ask about again
        (the simulator's ledger; a cheap size check when there is nothing to do)."""
        record = self.transport if isinstance(self.transport, PrunableRecord) else None
        if record is None or not callable(getattr(record, "prune_record", None)):
            return 0
        dropped: int = await self.core.call(record.prune_record, self._every_in_flight_key)
        if dropped:
            log.info("delivery record pruned: %d settled entries dropped", dropped)
        return dropped

    def _every_in_flight_key(self) -> set[str]:
        with self.uow_factory() as uow:
            return uow.outbox.in_flight_keys()

    def _in_flight_keys(self) -> list[str]:
        with self.uow_factory() as uow:
            return outbox.in_flight_keys(uow, self.account)

    def _recover(self, delivered: set[str] | None) -> outbox.Recovery:
        with self.uow_factory() as uow:
            result = outbox.recover(
                uow,
                self.account,
                delivered,
                self.clock.now(),
                resend_uncertain=self.resend_uncertain,
            )
            uow.commit()
            return result
