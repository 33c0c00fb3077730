"""Linli's intent engine: jieba keyword intents kept as data, locations, urgency, abstention.

`import intents` is cheap: the tokenizer and lexicon are built on the first `classify` call (or
explicitly with `IntentEngine.from_files()`), never at import.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from intents.locations import parse_location
from intents.model import CATEGORIES, KINDS, Intent, Location
from intents.normalize import normalize

if TYPE_CHECKING:
    from intents.engine import IntentEngine

__all__ = [
    "CATEGORIES",
    "KINDS",
    "Intent",
    "IntentEngine",
    "Location",
    "classify",
    "default_engine",
    "normalize",
    "parse_location",
]


@cache
def default_engine() -> IntentEngine:
    """The packaged lexicon with no community additions, built once per process."""
    from intents.engine import IntentEngine

    return IntentEngine.from_files()


def classify(text: str) -> Intent:
    return default_engine().classify(text)


def __getattr__(name: str) -> object:
    # `from intents import IntentEngine` without importing jieba at `import intents`.
    if name == "IntentEngine":
        from intents.engine import IntentEngine

        return IntentEngine
    raise AttributeError(f"module 'intents' has no attribute {name!r}")
