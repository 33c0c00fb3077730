"""Pure mapping between python-wechaty payloads and the core's messages: message types, quoted
replies, mentions (both ways), timestamps. No wechaty import: these run on plain values."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from bot.domain.echo import Echo
from bot.domain.messages import Inbound, MessageType

# WeChat separates an "@name" from what follows with U+2005 (four-per-em space); python-wechaty's
# room.say() joins several mentions with it and puts a plain space before the text.
AT_SEPARATOR = "\u2005"

# How puppets (padlocal, xp, …) render a quoted reply as text; WeChat's own "copy" uses it too.
_QUOTE_RE = re.compile(r"^「(?P<quote>.+?)」\n(?:- ){6,}-?\n(?P<text>.*)$", re.DOTALL)

# grpc MessageType names, after python-wechaty's own _map_message_type, to the core's types.
_TYPE_MAP: dict[str, MessageType] = {
    "MESSAGE_TYPE_TEXT": MessageType.TEXT,
    "MESSAGE_TYPE_IMAGE": MessageType.IMAGE,
    "MESSAGE_TYPE_AUDIO": MessageType.VOICE,
    "MESSAGE_TYPE_VIDEO": MessageType.VIDEO,
    "MESSAGE_TYPE_EMOTICON": MessageType.EMOTICON,
    "MESSAGE_TYPE_URL": MessageType.URL,
    "MESSAGE_TYPE_MINI_PROGRAM": MessageType.URL,
    "MESSAGE_TYPE_ATTACHMENT": MessageType.FILE,
}


def map_message_type(type_name: str) -> MessageType:
    return _TYPE_MAP.get(type_name, MessageType.OTHER)


def parse_quote(text: str) -> tuple[str, str | None]:
    """Split a quoted reply into (reply text, quoted text); (text, None) when it is not one."""
    match = _QUOTE_RE.match(text)
    if match is None:
        return text, None
    return match.group("text"), match.group("quote")


def render_mentions(names: list[str], text: str) -> str:
    """The text WeChat shows for a message that @-mentions `names`, as room.say() renders it."""
    if not names:
        return text
    return AT_SEPARATOR.join(f"@{name}" for name in names) + " " + text


def mentioned_names_in(text: str, members: dict[str, str]) -> list[tuple[str, str]]:
    """(id, name) of members whose "@name" appears in text: for puppets that send no id list."""
    found: list[tuple[str, str]] = []
    # Longest names first, so "@王五一" is not taken for "@王五".
    for member_id, name in sorted(members.items(), key=lambda kv: -len(kv[1])):
        if name and re.search(rf"@{re.escape(name)}(?:\u2005|\s|$)", text):
            found.append((member_id, name))
    return found


def to_datetime(timestamp: float) -> datetime:
    if not timestamp:
        return datetime.now(UTC)
    # Puppets disagree on seconds vs milliseconds; anything past 5138 AD in seconds is millis.
    seconds = timestamp / 1000 if timestamp > 10**11 else timestamp
    return datetime.fromtimestamp(seconds, UTC)


def message_type_of(raw: Any) -> MessageType:
    """The core's type of a wechaty `MessagePayload`."""
    return map_message_type(getattr(raw.type, "name", str(raw.type)))


def inbound_from(
    raw: Any,
    *,
    sender_name: str,
    topic: str | None,
    mention_ids: tuple[str, ...],
    mention_names: tuple[str, ...],
    self_id: str | None,
) -> Inbound:
    """The core's `Inbound` for a wechaty `MessagePayload`, its talker's name, the room's topic
    and the mentions already resolved to ids and names."""
    message_type = message_type_of(raw)
    text = raw.text or ""
    quote: str | None = None
    if message_type is MessageType.TEXT:
        text, quote = parse_quote(text)
    else:
        text = ""  # the mock's and real puppets' XML/JSON bodies are of no use to the core
    return Inbound(
        message_id=raw.id,
        sender_id=raw.from_id,
        sender_name=sender_name,
        text=text,
        at=to_datetime(raw.timestamp),
        room_id=raw.room_id or None,
        room_topic=topic,
        type=message_type,
        mention_ids=mention_ids,
        mention_names=mention_names,
        mentions_bot=self_id is not None and self_id in mention_ids,
        quote=quote,
    )


def echo_from(raw: Any) -> Echo:
    """The core's `Echo` for a wechaty `MessagePayload` the bot's own account sent."""
    room_id = raw.room_id or None
    return Echo(
        message_id=raw.id,
        text=raw.text or "",
        at=to_datetime(raw.timestamp),
        room_id=room_id,
        to_id=None if room_id else (raw.to_id or None),
    )
