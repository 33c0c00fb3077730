"""Exporting corrections as labelled examples in the intents corpus format (JSONL)."""

from __future__ import annotations

import json
from collections.abc import Iterator

from bot.ports import UnitOfWork


def corpus_lines(uow: UnitOfWork, estate_id: int | None = None) -> Iterator[str]:
    """One JSON line per correction, oldest first; a message corrected twice appears twice
    (the later line is the one that counts when a trainer de-duplicates by text)."""
    for correction in uow.review.corrections(estate_id):
        yield json.dumps(correction.corpus_line(), ensure_ascii=False)
