"""The outbox sender's reads and writes: each one short transaction, run on the core's thread."""

from __future__ import annotations

from datetime import datetime

from bot.domain.messages import Outbound
from bot.domain.pacing import Candidate
from bot.ports import BlobStore, Clock, SendFailed, UnitOfWorkFactory
from bot.services import outbox


class OutboxRows:
    """One account's outbox rows as the sender needs them: due candidates, today's count,
    claiming a row, settling it, and retrying what failed during an outage."""

    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        clock: Clock,
        account: str,
        media: BlobStore | None = None,
    ) -> None:
        self.uow_factory = uow_factory
        self.clock = clock
        self.account = account
        # Where a photo row's file is read (None: such rows fail, said why).
        self.media = media

    def candidates(self, now: datetime, window: int) -> list[Candidate]:
        with self.uow_factory() as uow:
            return outbox.candidates(uow, self.account, now, window)

    def sent_since(self, since: datetime) -> int:
        with self.uow_factory() as uow:
            return uow.sending.sent_since(self.account, since)

    def claim(self, item_id: int) -> Outbound | None:
        with self.uow_factory() as uow:
            message = outbox.claim(uow, item_id, self.clock.now(), self.media)
            uow.commit()
            return message

    def settle(self, item_id: int, error: SendFailed | None) -> datetime | None:
        with self.uow_factory() as uow:
            retry_at = None
            if error is None:
                outbox.mark_sent(uow, item_id, self.clock.now())
            else:
                retry_at = outbox.mark_failed(
                    uow, item_id, self.clock.now(), error.reason, transient=error.transient
                )
            uow.commit()
            return retry_at

    def retry_now(self) -> int:
        with self.uow_factory() as uow:
            count = outbox.retry_now(uow, self.account, self.clock.now())
            uow.commit()
            return count
