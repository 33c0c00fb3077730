"""A bot whose classifier holds some messages for review, until the engine's own review band
lands: the real engine, except that a message with one of the `unsure` words is returned with
action="review" (the engine's guess of category and location kept)."""

from __future__ import annotations

import dataclasses

from bot.ports import Classifier
from intents import Intent

UNSURE = ("好像", "是不是")


class UnsureClassifier:
    def __init__(self, engine: Classifier, unsure: tuple[str, ...] = UNSURE) -> None:
        self._engine = engine
        self._unsure = unsure

    def classify(self, text: str) -> Intent:
        intent = self._engine.classify(text)
        if not any(word in text for word in self._unsure):
            return intent
        kind = intent.kind if intent.kind != "chat" else "issue"
        return dataclasses.replace(intent, kind=kind, action="review")
