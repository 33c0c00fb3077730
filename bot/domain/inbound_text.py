"""What a transport hands over is made text the core can work with, once, at the door (probe8).

- A lone UTF-16 surrogate (U+D800–DFFF on its own: a broken client, a JSON body with "\\ud800")
  is no character at all: every UTF-8 encoder refuses it, so the keyword matcher raised and the
  message was lost. A pair split into two code points is joined; a lone one becomes U+FFFD,
  as the console shows any unreadable character.
- Characters nobody sees inside a word (a zero-width space, a soft hyphen, a word joiner,
  often pasted along from another app) split it for the keyword matcher: 煤\u200b气泄漏了 was
  no emergency at all. They are dropped from the text, as is a zero-width joiner between
  letters; the joiner that builds an emoji (👨\u200d👩\u200d👧) stays.
- Names and ids longer than their columns (a nickname of 300 characters, a malformed id from
  a puppet) made PostgreSQL refuse the whole message (StringDataRightTruncation; SQLite
  does not check): names are cut to fit, an id too long keeps its start and a hash of the
  whole, so the same id still means the same person, group or message.
- A name (nickname, group name) is one line of visible text (see `_name`).
- A message longer than MAX_TEXT characters is kept to its first MAX_TEXT with a note of how
  much was cut: no resident types that much, and a script pasting 200,000 characters a
  message would otherwise fill the database (and every page that shows the message).
"""

from __future__ import annotations

import dataclasses
import hashlib
import re

from bot.domain.messages import Inbound

MAX_TEXT = 10_000
# The columns they go to (storage/tables.py): people.display_name, groups.topic, *_id.
MAX_NAME, MAX_TOPIC, MAX_ID = 100, 200, 128
CUT = "…（以下 {n} 字过长未保存）"


# Invisible everywhere; U+200D only where it joins letters or digits (not emoji).
_INVISIBLE = re.compile("[\u00ad\u180e\u200b\u200c\u2060-\u2064\ufeff]")
_JOINER_IN_WORD = re.compile(r"(?<=[^\W_])\u200d|\u200d(?=[^\W_])")


def visible(text: str) -> str:
    """The text without the invisible characters that split words (see the docstring)."""
    if text.isascii():
        return text
    return _JOINER_IN_WORD.sub("", _INVISIBLE.sub("", text))


def readable(text: str) -> str:
    """The text with lone surrogates replaced by U+FFFD (pairs joined)."""
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


# A name is one line: a line break, another control character or a direction override in a
# nickname would let it pass for the bot's own words wherever the bot quotes it (报名名单,
# 公示, 待确认), e.g. "王\n【紧急通知】明天全楼停水" (probe9).
_NOT_IN_A_NAME = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]+")


def _name(value: str, limit: int = MAX_NAME) -> str:
    return " ".join(_NOT_IN_A_NAME.sub(" ", readable(value)).split())[:limit]


def fit_id(value: str) -> str:
    """The id itself when it fits; else its start and a hash of the whole (MAX_ID long)."""
    if len(value) <= MAX_ID:
        return value
    digest = hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()[:31]
    return f"{readable(value)[: MAX_ID - 32]}#{digest}"


def at_the_door(message: Inbound) -> Inbound:
    text = visible(readable(message.text))
    if len(text) > MAX_TEXT:
        text = text[:MAX_TEXT] + CUT.format(n=len(text) - MAX_TEXT)
    cleaned = dataclasses.replace(
        message,
        text=text,
        message_id=fit_id(message.message_id),
        sender_id=fit_id(message.sender_id),
        room_id=None if message.room_id is None else fit_id(message.room_id),
        sender_name=_name(message.sender_name),
        room_topic=None if message.room_topic is None else _name(message.room_topic, MAX_TOPIC),
        quote=None if message.quote is None else visible(readable(message.quote)),
        mention_ids=tuple(fit_id(i) for i in message.mention_ids),
        mention_names=tuple(_name(n) for n in message.mention_names),
    )
    return message if cleaned == message else cleaned
