"""Photos, voice notes and videos as evidence on cases (issue 14, part 2)."""

from bot.services.evidence.intake import (
    MB,
    EvidenceDesk,
    EvidencePolicy,
    Intake,
    Taken,
    adopt_for_help,
    adopt_waiting,
    take,
)
from bot.services.evidence.retention import delete_case_evidence

__all__ = [
    "MB",
    "EvidenceDesk",
    "EvidencePolicy",
    "Intake",
    "Taken",
    "adopt_for_help",
    "adopt_waiting",
    "delete_case_evidence",
    "take",
]
