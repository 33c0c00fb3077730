"""What the pipeline did with one message: the runtime paces replies and counts by it."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from bot.domain.records import OutboxItem


class Outcome(enum.StrEnum):
    HANDLED = "handled"  # a command or intent handler ran
    SILENT = "silent"  # stored, nothing to say (small talk)
    DUPLICATE = "duplicate"  # this message id was already processed
    UNBOUND = "unbound"  # a room the config does not know
    ELSEWHERE = "elsewhere"  # another bot account owns this group and answers there


@dataclass(frozen=True)
class Result:
    outcome: Outcome
    sent: tuple[OutboxItem, ...] = ()
