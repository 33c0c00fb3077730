"""Photos, voice notes and short videos kept as evidence on a case (issue 14, part 2).

Pure rules: what a file is (sniffed from its first bytes, never from its name), where it
lives in the content-addressed store, and which case a file sent near a report belongs to.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.domain.messages import MessageType


class EvidenceKind(enum.StrEnum):
    PHOTO = "photo"
    VOICE = "voice"
    VIDEO = "video"

    @property
    def label(self) -> str:
        return {"photo": "照片", "voice": "语音", "video": "视频"}[self.value]


# The message types that can become evidence; stickers, links and other files never do.
KIND_OF_TYPE: dict[MessageType, EvidenceKind] = {
    MessageType.IMAGE: EvidenceKind.PHOTO,
    MessageType.VOICE: EvidenceKind.VOICE,
    MessageType.VIDEO: EvidenceKind.VIDEO,
}


@dataclass(eq=False)
class Evidence:
    """One stored file, referenced from a case (or waiting for one: `case_id` None)."""

    account: str
    sha256: str
    mime: str
    size: int
    kind: EvidenceKind
    person_id: int
    at: datetime
    message_id: str  # the transport's id of the message that carried it
    group_id: int | None = None  # None: sent privately
    case_id: int | None = None
    id: int | None = None
    help_id: int | None = None  # a 帮办's proof of work (F1): on the request, not a case


@dataclass(frozen=True)
class Sniffed:
    mime: str
    kind: EvidenceKind


# (offset, magic, mime, kind). Checked in order; the first match wins.
_MAGIC: tuple[tuple[int, bytes, str, EvidenceKind], ...] = (
    (0, b"\xff\xd8\xff", "image/jpeg", EvidenceKind.PHOTO),
    (0, b"\x89PNG\r\n\x1a\n", "image/png", EvidenceKind.PHOTO),
    (0, b"GIF87a", "image/gif", EvidenceKind.PHOTO),
    (0, b"GIF89a", "image/gif", EvidenceKind.PHOTO),
    (0, b"#!SILK_V3", "audio/silk", EvidenceKind.VOICE),  # WeChat voice notes
    (1, b"#!SILK_V3", "audio/silk", EvidenceKind.VOICE),  # the same, with Tencent's 0x02 prefix
    (0, b"#!AMR", "audio/amr", EvidenceKind.VOICE),
    (0, b"OggS", "audio/ogg", EvidenceKind.VOICE),
    (0, b"ID3", "audio/mpeg", EvidenceKind.VOICE),
    (0, b"\x1aE\xdf\xa3", "video/webm", EvidenceKind.VIDEO),
)
_ISO_BRANDS_AUDIO = (b"M4A ", b"M4B ")
_ISO_BRANDS_IMAGE = (b"heic", b"heix", b"mif1", b"msf1")


def sniff(data: bytes) -> Sniffed | None:
    """What the bytes are, from their content alone; None for anything not kept as evidence."""
    for offset, magic, mime, kind in _MAGIC:
        if data[offset : offset + len(magic)] == magic:
            return Sniffed(mime, kind)
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return Sniffed("image/webp", EvidenceKind.PHOTO)
    if data[:4] == b"RIFF" and data[8:12] == b"WAVE":
        return Sniffed("audio/wav", EvidenceKind.VOICE)
    if data[4:8] == b"ftyp":  # ISO base media: mp4, mov, m4a, heic
        brand = data[8:12]
        if brand in _ISO_BRANDS_AUDIO:
            return Sniffed("audio/mp4", EvidenceKind.VOICE)
        if brand in _ISO_BRANDS_IMAGE:
            return Sniffed("image/heic", EvidenceKind.PHOTO)
        if brand == b"qt  ":
            return Sniffed("video/quicktime", EvidenceKind.VIDEO)
        return Sniffed("video/mp4", EvidenceKind.VIDEO)
    return None


_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def is_sha256(text: str) -> bool:
    return bool(_SHA256.match(text))


def blob_path(sha256: str) -> str:
    """Where a file lives under the media folder: "ab/cdef…" (the first byte fans out)."""
    if not is_sha256(sha256):
        raise ValueError("not a sha256 hex digest")
    return f"{sha256[:2]}/{sha256[2:]}"


@dataclass(frozen=True)
class Link:
    """A recent reason to tie a file to a case: the sender reported on it (or quoted the
    bot's message about it), or worked on it (进展/方案/办结)."""

    case_id: int
    at: datetime


def pick_case(
    now: datetime,
    window: timedelta,
    *,
    quoted: int | None = None,
    reported: Link | None = None,
    handled: Link | None = None,
) -> int | None:
    """The case a file sent at `now` belongs to, or None (it waits for a report).

    A quote names the case outright. Otherwise the newest report or handling step within
    the window wins; a file sent before any report is picked up by `adopts` later.
    """
    if quoted is not None:
        return quoted
    near = [
        link
        for link in (reported, handled)
        if link is not None and near_enough(link.at, now, window)
    ]
    if not near:
        return None
    return max(near, key=lambda link: link.at).case_id


def near_enough(earlier: datetime, later: datetime, window: timedelta) -> bool:
    """Within the window, either side (clock skew between a photo and its text is normal)."""
    return abs(later - earlier) <= window


def adopt_since(report_at: datetime, window: timedelta) -> datetime:
    """Files waiting from this moment on belong to a report made at `report_at`."""
    return report_at - window
