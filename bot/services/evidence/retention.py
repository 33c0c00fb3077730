"""Evidence goes with its case: whatever deletes a case calls this first."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from bot.ports import BlobStore, UnitOfWork, UnitOfWorkFactory
from bot.services.jobs import DailyGate
from bot.services.privacy.retention import RetentionPolicy

log = logging.getLogger(__name__)


def delete_case_evidence(uow: UnitOfWork, blobs: BlobStore, case_id: int) -> int:
    """Drop the case's evidence rows and the files no other row still uses; how many files
    were deleted. Files go only after the rows: a crash in between leaves an orphan file
    (harmless, re-used by hash) rather than a row pointing at nothing."""
    orphans = uow.evidence.delete_for_case(case_id)
    for sha256 in orphans:
        blobs.delete(sha256)
    return len(orphans)


# ---- files that never joined a case (probe8) -----------------------------------------------
# Every picture in a bound group is kept for a while in case a report adopts it; one that no
# report ever took is personal data with no purpose left. It goes with the messages that never
# became a case: after [retention] message_days, on the same daily run.


def purge_waiting(
    uow_factory: UnitOfWorkFactory, blobs: BlobStore, before: datetime, batch: int
) -> int:
    """Delete files received before `before` that no case took, in batches; how many rows."""
    total = 0
    while True:
        with uow_factory() as uow:
            done, unused = uow.evidence.delete_waiting(before, batch)
            uow.commit()
        for sha256 in unused:  # after the commit, as delete_case_evidence does
            blobs.delete(sha256)
        total += done
        if done < batch:
            return total


def make_jobs(
    uow_factory: UnitOfWorkFactory, blobs: BlobStore, policy: RetentionPolicy
) -> list[Callable[[datetime], int]]:
    """Once a day after the policy's run time (idempotent, like the privacy purge)."""
    gate = DailyGate(policy.tz, policy.run_at)

    def daily_purge_waiting_files(now: datetime) -> int:
        if not gate.due(now):
            return 0
        removed = purge_waiting(uow_factory, blobs, policy.messages_before(now), policy.batch)
        if removed:
            log.info(
                "deleted %d files no case took, older than %s", removed, policy.messages_before(now)
            )
        return removed

    return [daily_purge_waiting_files]
