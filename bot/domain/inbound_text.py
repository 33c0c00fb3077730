"""What a transport hands over is made text the core can work with, once, at the door (probe8).

- A lone UTF-16 surrogate (U+D800–DFFF on its own: a broken client, a JSON body with "\\ud800")
  is no character at all: every UTF-8 encoder refuses it, so the keyword matcher raised and the
  message was lost. A pair split into two code points is joined; a lone one becomes U+FFFD,
  as the console shows any unreadable character.
- Characters nobody sees inside a word (a zero-width space, a soft hyphen, a word joiner,
  often pasted along from another app) split it for the keyword matcher: 煤\u200b气泄漏了 was
  no emergency at all. They are dropped from the text, as is a zero-width joiner between
  letters; the joiner that builds an emoji (👨\u200d👩\u200d👧) stays.
- A message longer than MAX_TEXT characters is kept to its first MAX_TEXT with a note of how
  much was cut: no resident types that much, and a script pasting 200,000 characters a
  message would otherwise fill the database (and every page that shows the message).
"""

from __future__ import annotations

import dataclasses
import re

from bot.domain.messages import Inbound

MAX_TEXT = 10_000
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


def _readable(value: str | None) -> str | None:
    return None if value is None else readable(value)


def at_the_door(message: Inbound) -> Inbound:
    text = visible(readable(message.text))
    if len(text) > MAX_TEXT:
        text = text[:MAX_TEXT] + CUT.format(n=len(text) - MAX_TEXT)
    cleaned = dataclasses.replace(
        message,
        text=text,
        sender_name=readable(message.sender_name),
        room_topic=_readable(message.room_topic),
        quote=None if message.quote is None else visible(readable(message.quote)),
        mention_names=tuple(readable(n) for n in message.mention_names),
    )
    return message if cleaned == message else cleaned
