"""说事: a resident's suggestion (金点子). Kept with its author, answered privately by staff,
merged into another one saying the same, or promoted to a 议题."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import datetime

from bot.domain.privacy import mask_personal

SUGGESTION_PREFIX = "S"
TEXT_LIMIT = 1000
SUMMARY_LIMIT = 60
MIN_TEXT = 2

_CODE = re.compile(r"^[Ss]\s*0*(\d{1,9})$")


class SuggestionError(Exception):
    """The action does not apply; the message is shown to the person as is."""


class SuggestionStatus(enum.StrEnum):
    NEW = "new"  # 待回复
    ANSWERED = "answered"  # 已回复
    MERGED = "merged"  # 已合并 into another
    PROMOTED = "promoted"  # 已转议题

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS = {
    SuggestionStatus.NEW: "待回复",
    SuggestionStatus.ANSWERED: "已回复",
    SuggestionStatus.MERGED: "已合并",
    SuggestionStatus.PROMOTED: "已转议题",
}


@dataclass(eq=False)
class Suggestion:
    estate_id: int | None
    person_id: int
    text: str
    created_at: datetime
    group_id: int | None = None  # None: said privately
    building_id: int | None = None
    account: str = ""  # the bot account that heard it: the answer goes back the same way
    status: SuggestionStatus = SuggestionStatus.NEW
    answer: str = ""
    answered_by: str = ""
    answered_at: datetime | None = None
    merged_into: int | None = None
    topic_id: int | None = None
    id: int | None = None

    @property
    def code(self) -> str:
        return format_suggestion_code(self.id or 0)

    @property
    def summary(self) -> str:
        """Masked and shortened: what lists show."""
        text = mask_personal(" ".join(self.text.split()))
        return text if len(text) <= SUMMARY_LIMIT else text[: SUMMARY_LIMIT - 1] + "…"


def format_suggestion_code(suggestion_id: int) -> str:
    return f"{SUGGESTION_PREFIX}{suggestion_id:04d}"


def parse_suggestion_code(token: str) -> int | None:
    match = _CODE.match(token.strip())
    return int(match[1]) if match and int(match[1]) > 0 else None


def check_text(text: str) -> str:
    text = text.strip()
    if len(text) < MIN_TEXT:
        raise SuggestionError("请把您的建议写在后面，例如「说事 楼下能不能装几把休息椅」。")
    return text[:TEXT_LIMIT]


def check_open(suggestion: Suggestion) -> None:
    if suggestion.status in (SuggestionStatus.MERGED, SuggestionStatus.PROMOTED):
        raise SuggestionError(f"{suggestion.code} {suggestion.status.label}，不能再处理。")


def merge(suggestion: Suggestion, into: Suggestion) -> None:
    """Two residents said the same thing: keep one, and the other points to it."""
    check_open(suggestion)
    if into.id == suggestion.id:
        raise SuggestionError("不能合并到它自己。")
    if into.status is SuggestionStatus.MERGED:
        raise SuggestionError(f"{into.code} 已合并到别处，请合并到 S{into.merged_into:04d}。")
    known = None not in (into.estate_id, suggestion.estate_id)
    if known and into.estate_id != suggestion.estate_id:
        raise SuggestionError("只能合并同一个小区的说事。")
    suggestion.status = SuggestionStatus.MERGED
    # Said privately by someone not on the roster: it belongs where the one it joins is.
    suggestion.estate_id = suggestion.estate_id or into.estate_id
    suggestion.merged_into = into.id
