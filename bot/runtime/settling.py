"""What became of each send, written to the outbox: sent, failed for good, or held (the
connection is likely down, or the puppet's echo may still confirm it). When the database is
away the outcome is kept in memory until it is back, so at most one row is ever in doubt."""

from __future__ import annotations

import enum
import logging
from dataclasses import dataclass

from bot.domain.pacing import Pacer
from bot.ports import Clock, SendFailed, Unavailable
from bot.runtime.core import CoreThread
from bot.runtime.echoes import EchoWatch
from bot.runtime.outbox_rows import OutboxRows
from bot.services import outbox

# The sender's own logger: these lines read as before, under the name operators filter on.
log = logging.getLogger("bot.runtime.sending")


class Step(enum.Enum):
    """What one turn of the sender came to."""

    IDLE = "idle"  # nothing due
    SENT = "sent"
    FAILED = "failed"  # permanently; the sender moves on
    OFFLINE = "offline"  # a transient failure: the sender holds until the backoff or online
    WAITED = "waited"  # the pacer asked for a pause, taken
    SKIPPED = "skipped"  # the row was no longer pending (withdrawn)


@dataclass(frozen=True)
class Outcome:
    """What became of one handed-over row: delivered (error None) or how it failed."""

    item_id: int
    error: SendFailed | None


class OutcomeWriter:
    """Settles each send in the database and tells the pacer to hold after a transient failure."""

    def __init__(
        self,
        *,
        core: CoreThread,
        rows: OutboxRows,
        echoes: EchoWatch,
        pacer: Pacer,
        clock: Clock,
    ) -> None:
        self.core = core
        self.rows = rows
        self.echoes = echoes
        self.pacer = pacer
        self.clock = clock
        # A send whose outcome the database could not take yet (see conclude).
        self._unsettled: Outcome | None = None

    async def settle_unsettled(self) -> bool:
        """Write the outcome a database outage kept from being written; False while the
        database is still away (the sender then sends nothing: one row in doubt at most)."""
        outcome = self._unsettled
        if outcome is None:
            return True
        try:
            await self.conclude(outcome)
        except Unavailable:
            return False
        return True

    async def conclude(self, outcome: Outcome) -> Step:
        """Settle a send in the database. When the database is away the outcome is kept in
        memory and written once it is back (settle_unsettled): otherwise the row would stay
        in flight until a restart, whose recovery would call a delivered message uncertain
        and never send a failed one (fault9)."""
        self._unsettled = outcome
        try:
            step = await self._write(outcome)
        except Unavailable as exc:
            log.warning(
                "outbox row %s: outcome kept until the database is back (%s)", outcome.item_id, exc
            )
            raise
        self._unsettled = None
        return step

    async def _write(self, outcome: Outcome) -> Step:
        item_id, error = outcome.item_id, outcome.error
        if error is None:
            await self.core.call(self.rows.settle, item_id, None)
            return Step.SENT
        if error.maybe_delivered and await self.echoes.hold(item_id, error.reason):
            # Its echo may confirm it; meanwhile hold the rest as for any transient failure.
            self.pacer.hold(self.clock.now() + outbox.retry_delay(1))
            return Step.OFFLINE
        retry_at = await self.core.call(self.rows.settle, item_id, error)
        if error.transient:
            # Most likely the connection: hold everything until the backoff or until the
            # transport reports it is back, rather than burning every row's attempts.
            self.pacer.hold(retry_at or self.clock.now())
            return Step.OFFLINE
        return Step.FAILED
