"""待确认: messages the intent engine was unsure of, held for a person to decide, and the
labelled examples (corrections) every decision leaves behind for retraining.

A held message gets no group reply. Staff (on the console) or the building's 楼栋党小组长 (by
answering the daily digest privately) either turn it into a case (转为诉求) or set it aside
(不是诉求). Each decision, and each later change of a case's category, is a correction.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.domain.cases import CATEGORY_LABELS, format_place
from bot.domain.community import Person, Role

REVIEW_PREFIX = "Q"
DIGEST_LIMIT = 20  # items listed in one private digest; the rest are on the console
_CODE = re.compile(r"^[Qq]?\s*0*(\d{1,9})$")


class ReviewStatus(enum.StrEnum):
    PENDING = "pending"
    CONVERTED = "converted"  # 转为诉求: a case was opened (or joined)
    DISMISSED = "dismissed"  # 不是诉求

    @property
    def label(self) -> str:
        return {"pending": "待确认", "converted": "已转为诉求", "dismissed": "不是诉求"}[self.value]


class ReviewRefused(Exception):
    """A review decision cannot be taken; the text (Chinese) says why."""


@dataclass(eq=False)
class ReviewItem:
    """One held message with the engine's guess (kind, category, location, urgency)."""

    account: str
    message_key: str  # the chat message id, unique per account
    estate_id: int
    sender_id: int
    text: str
    received_at: datetime
    group_id: int | None = None
    building_id: int | None = None  # the 楼栋 whose 党小组长 sees it in the digest
    kind: str = "issue"
    category: str | None = None
    urgent: bool = False
    building: str | None = None  # the location guess, as written ("3", "2", "502")
    unit: str | None = None
    room: str | None = None
    status: ReviewStatus = ReviewStatus.PENDING
    decided_at: datetime | None = None
    decided_by: str | None = None
    case_id: int | None = None
    id: int | None = None

    @property
    def code(self) -> str:
        return format_review_code(self.id or 0)

    @property
    def category_label(self) -> str:
        return CATEGORY_LABELS.get(self.category or "", "未判断")

    @property
    def place(self) -> str:
        return format_place(self.building, self.unit, self.room)

    @property
    def guess(self) -> str:
        """The engine's guess in a few words: 电梯 · 3号楼 (紧急)."""
        parts = [self.category_label]
        if self.place:
            parts.append(self.place)
        return " · ".join(parts) + ("（紧急）" if self.urgent else "")


class CorrectionLabel(enum.StrEnum):
    CONVERTED = "converted"  # 转为诉求 with the final category
    DISMISSED = "dismissed"  # 不是诉求
    RECATEGORIZED = "recategorized"  # a case's category changed by staff


@dataclass(eq=False)
class Correction:
    """A message with the label a person gave it: one line of training data."""

    community: str
    label: CorrectionLabel
    text: str
    kind: str  # issue / wish / chat
    actor: str
    at: datetime
    category: str | None = None
    urgent: bool = False
    building: str | None = None
    unit: str | None = None
    room: str | None = None
    estate_id: int | None = None
    review_id: int | None = None
    case_id: int | None = None
    id: int | None = None

    def corpus_line(self) -> dict[str, Any]:
        """The intents corpus format (tests/data/intents_*.jsonl) plus its source."""
        return {
            "text": self.text,
            "kind": self.kind,
            "category": self.category if self.kind != "chat" else None,
            "alt": [],
            "urgent": self.urgent if self.kind != "chat" else False,
            "building": self.building,
            "unit": self.unit,
            "room": self.room,
            "source": f"correction:{self.community}",
        }


def format_review_code(item_id: int) -> str:
    return f"{REVIEW_PREFIX}{item_id:04d}"


def parse_review_code(token: str) -> int | None:
    """'Q0003', 'q3', 'Q 3', '3' -> 3; anything else None."""
    match = _CODE.match(token.strip())
    return int(match[1]) if match and 0 < int(match[1]) < 2**31 else None


def may_decide(person: Person, item: ReviewItem) -> bool:
    """Who may settle a held message from chat: its 楼栋's 党小组长, or the 小区's 支部书记
    (who also gets the messages without a building), or community staff."""
    if person.role >= Role.STAFF:
        return True
    if person.estate_id != item.estate_id:
        return False
    if person.role is Role.SECRETARY:
        return True
    return person.role is Role.LEADER and (
        item.building_id is not None and person.building_id == item.building_id
    )


def check_category(category: str | None) -> str:
    if category not in CATEGORY_LABELS:
        raise ReviewRefused("请选择诉求类别。")
    return category


def render_digest(
    items: list[ReviewItem], names: dict[int, str], groups: dict[int, str], tz: Any
) -> str:
    """The daily private digest of held messages, numbered by their Q codes."""
    head = f"【待确认】有 {len(items)} 条消息可能是居民反映的问题，请您看一下："
    lines = [head]
    for item in items[:DIGEST_LIMIT]:
        when = item.received_at.astimezone(tz).strftime("%m-%d %H:%M")
        where = groups.get(item.group_id or 0, "私聊")
        who = names.get(item.sender_id, "居民")
        text = item.text if len(item.text) <= 60 else item.text[:59] + "…"
        lines.append(f"{item.code} {when} {where} {who}：{text}（猜：{item.guess}）")
    if len(items) > DIGEST_LIMIT:
        lines.append(f"……还有 {len(items) - DIGEST_LIMIT} 条，请在后台「诉求 · 待确认」查看。")
    first = items[0].code
    lines.append(f"是诉求请回复「是 {first}」，不是请回复「不是 {first}」（换成对应编号）。")
    return "\n".join(lines)
