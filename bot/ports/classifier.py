"""The intent engine, as the core sees it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from intents import Intent


class Classifier(Protocol):
    """The intent engine, as the core uses it (intents.IntentEngine satisfies it)."""

    def classify(self, text: str) -> Intent: ...
