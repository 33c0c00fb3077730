"""The values the engine hands out: an `Intent` and its `Location`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Kind = Literal["issue", "wish", "chat"]
# What the bot does with a message: open a case, register a 微心愿, put it on the staff's
# 待确认 (review) list with no group reply, or nothing.
Action = Literal["case", "wish", "review", "none"]
_DEFAULT_ACTION: dict[str, Action] = {"issue": "case", "wish": "wish", "chat": "none"}

# The exact category keys of the product; the lexicon may not invent others.
CATEGORIES: tuple[str, ...] = (
    "elevator",
    "utilities",
    "sanitation",
    "parking",
    "ebike",
    "fire_safety",
    "facilities",
    "noise",
    "greenery",
    "pets",
    "property",
    "neighbor",
    "other",
)
KINDS: tuple[Kind, ...] = ("issue", "wish", "chat")


@dataclass(frozen=True, slots=True)
class Location:
    """Building / unit / room as written by residents, digits only ("3", "2", "502")."""

    building: str | None = None
    unit: str | None = None
    room: str | None = None

    def __bool__(self) -> bool:
        return any((self.building, self.unit, self.room))


@dataclass(frozen=True, slots=True)
class Intent:
    kind: Kind
    category: str | None = None
    confidence: float = 1.0
    urgent: bool = False
    location: Location = field(default_factory=Location)
    terms: tuple[str, ...] = ()
    # None: follows from `kind` (issue → case, wish → wish, chat → none).
    action: Action | None = None

    def __post_init__(self) -> None:
        if self.action is None:
            object.__setattr__(self, "action", _DEFAULT_ACTION[self.kind])

    def to_json(self) -> dict[str, Any]:
        """The flat shape `linli classify` prints (without the input text)."""
        return {
            "kind": self.kind,
            "action": self.action,
            "category": self.category,
            "confidence": round(self.confidence, 3),
            "urgent": self.urgent,
            "building": self.location.building,
            "unit": self.location.unit,
            "room": self.location.room,
            "terms": list(self.terms),
        }


CHAT = Intent(kind="chat", confidence=1.0)
