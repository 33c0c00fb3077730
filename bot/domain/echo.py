"""The bot's own messages seen coming back (a puppet's "self" messages), and whether one of
them is the message an in-doubt outbox row tried to send.

Context: a send whose outcome is unknown (the connection dropped, or the call timed out,
after the gateway may have accepted it) is held "in doubt" instead of resent at once. Many
puppets report every message the account sends as a message event from the account itself;
when such an echo matches the held row — same conversation, same text, sent around the time
the row was handed over — the row went out and is not sent again. Pure rules, time passed in.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

# WeChat separates "@name" mentions with U+2005; the text follows after a plain space.
_MENTION_GAP = ("\u2005", " ")

# How much earlier than the hand-over an echo's timestamp may be and still count: the
# puppet's clock (WeChat's server time, often whole seconds) is not the bot's clock.
CLOCK_SKEW = timedelta(seconds=5)


@dataclass(frozen=True, slots=True)
class Echo:
    """A message the bot's own account was seen to send, as the puppet reported it."""

    message_id: str
    text: str
    at: datetime  # the puppet's timestamp of the message
    room_id: str | None = None  # a group message
    to_id: str | None = None  # a private message: who it went to


@dataclass(frozen=True, slots=True)
class Awaiting:
    """An in-doubt outbox row as the transport would have sent it."""

    item_id: int
    text: str
    claimed_at: datetime  # when the (last) attempt was handed to the transport
    room_id: str | None = None
    to_id: str | None = None
    mentions: bool = False  # the transport put "@name" mentions before the text


def same_text(sent: str, echoed: str, *, mentions: bool) -> bool:
    """The echo carries the text the row sent: the same, or (with mentions) the same after
    the transport's "@name …" prefix, whose names the core does not know exactly."""
    sent, echoed = sent.strip(), echoed.strip()
    if not sent:
        return False
    if echoed == sent:
        return True
    if not mentions or not echoed.startswith("@") or not echoed.endswith(sent):
        return False
    prefix = echoed[: len(echoed) - len(sent)]
    return prefix.endswith(_MENTION_GAP)


def matches(row: Awaiting, echo: Echo, window: timedelta) -> bool:
    """Same conversation, same text, and sent between just before the hand-over and
    `window` after it (an older echo is an earlier message with the same words)."""
    if row.room_id is not None:
        if echo.room_id != row.room_id:
            return False
    elif echo.room_id is not None or row.to_id is None or echo.to_id != row.to_id:
        return False
    if not row.claimed_at - CLOCK_SKEW <= echo.at <= row.claimed_at + window:
        return False
    return same_text(row.text, echo.text, mentions=row.mentions)


def pair(
    rows: Sequence[Awaiting], echoes: Iterable[Echo], window: timedelta
) -> list[tuple[Awaiting, Echo]]:
    """Each echo confirms at most one row and each row takes at most one echo: the oldest
    row first, each with the earliest matching echo still unused."""
    unused = sorted(echoes, key=lambda e: e.at)
    paired: list[tuple[Awaiting, Echo]] = []
    for row in sorted(rows, key=lambda r: (r.claimed_at, r.item_id)):
        for echo in unused:
            if matches(row, echo, window):
                paired.append((row, echo))
                unused.remove(echo)
                break
    return paired
