"""Transport-neutral messages: what every transport feeds in and what the core sends out."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.ports import MediaSource


class MessageType(enum.StrEnum):
    TEXT = "text"
    IMAGE = "image"
    VOICE = "voice"
    VIDEO = "video"
    EMOTICON = "emoticon"  # stickers
    URL = "url"  # shared links / mini programs
    FILE = "file"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Inbound:
    """One message as a transport saw it, before the core knows who or where it is.

    `room_id`/`room_topic` are None for a private chat. `mention_ids` are the WeChat ids
    the message @-mentions; `mentions_bot` is set by the transport when one of them is the bot.
    """

    message_id: str
    sender_id: str
    sender_name: str
    text: str
    at: datetime
    room_id: str | None = None
    room_topic: str | None = None
    type: MessageType = MessageType.TEXT
    mention_ids: tuple[str, ...] = ()
    mention_names: tuple[str, ...] = ()
    mentions_bot: bool = False
    quote: str | None = None
    # The file of an image/voice/video, fetched lazily (only when the core keeps it).
    media: MediaSource | None = field(default=None, compare=False, repr=False)

    @property
    def is_private(self) -> bool:
        return self.room_id is None


@dataclass(frozen=True, slots=True)
class Picture:
    """A photo the core sends (a proof of work), its bytes read from the media folder."""

    name: str  # what the recipient sees as the file name, e.g. "H0001-1.jpg"
    mime: str
    data: bytes = field(repr=False)


@dataclass(frozen=True, slots=True)
class Outbound:
    """One message the core wants sent, as the outbox hands it to a transport.

    Exactly one of `room_id` (a group) or `to_id` (a private chat) is set. The text does not
    carry the "@name" prefixes: a transport renders `mention_ids` its own way
    (Wechaty's `room.say(text, mention_ids=...)` prepends them itself).
    """

    outbox_id: int
    text: str
    room_id: str | None = None
    room_topic: str | None = None
    to_id: str | None = None
    to_name: str | None = None
    mention_ids: tuple[str, ...] = ()
    mention_names: tuple[str, ...] = field(default=())
    idempotency_key: str = ""
    # A photo message: the transport sends these bytes as an image; `text` is then only a
    # label ("[图片] H0001-1.jpg") for a transport that shows text (the simulator).
    picture: Picture | None = field(default=None, repr=False)
