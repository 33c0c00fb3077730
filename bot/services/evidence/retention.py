"""Evidence goes with its case: whatever deletes a case calls this first."""

from __future__ import annotations

from bot.ports import BlobStore, UnitOfWork


def delete_case_evidence(uow: UnitOfWork, blobs: BlobStore, case_id: int) -> int:
    """Drop the case's evidence rows and the files no other row still uses; how many files
    were deleted. Files go only after the rows: a crash in between leaves an orphan file
    (harmless, re-used by hash) rather than a row pointing at nothing."""
    orphans = uow.evidence.delete_for_case(case_id)
    for sha256 in orphans:
        blobs.delete(sha256)
    return len(orphans)
