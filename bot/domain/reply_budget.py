"""How many of one resident's messages the bot answers in a minute (probe8).

A WeChat account sends about 40 messages a minute in all, to every group it sits in. One
resident pasting the same line a thousand times, or a script, would otherwise get a reply
to each: a wall of @-replies in the group and, behind them in the outbox, every other
group's answers and alerts waiting for minutes. So a resident's messages are answered up to
`per_window` in any rolling `window`; the next one gets a single notice that they are going
too fast, the rest of the burst no reply at all, until the resident has gone a whole window
without going over (a flood keeps its sender silenced, not answered twenty a minute). Every
message is still stored and handled (a report still opens or joins its case): only the
answers are held back. After the quiet window the count starts afresh, notice included.

The budget counts messages, not replies: a message answered in two parts counts once, and a
message handled again after a lost connection is not counted twice. Party members and staff
act through the bot and are not limited. State is per process and in memory: a group is
answered by one account's process, and a restart forgives a burst.
"""

from __future__ import annotations

import enum
from collections import deque
from datetime import datetime, timedelta

# Twenty, not ten: a resident trying the bot's commands one after another, or a scripted
# conversation replayed without clock lines (every message in the same instant), stays
# answered; a flood still costs the account twenty replies, not a thousand.
PER_WINDOW = 20
WINDOW = timedelta(minutes=1)
# Past this many people tracked, those whose window has passed are forgotten.
SWEEP_AT = 10_000

TOO_FAST = "您发得太快了：消息都已记下，这一分钟里不再逐条回复。有急事请直接打电话给物业或社区。"


class Verdict(enum.Enum):
    REPLY = "reply"
    NOTICE = "notice"  # answer with TOO_FAST instead, once
    SILENT = "silent"


class ReplyBudget:
    def __init__(self, per_window: int = PER_WINDOW, window: timedelta = WINDOW) -> None:
        self.per_window = per_window
        self.window = window
        self._answered: dict[int, deque[tuple[datetime, str]]] = {}
        self._told: dict[int, str] = {}  # person -> the message that carried the notice
        self._over: dict[int, datetime] = {}  # person -> the last message past the limit
        self._latest: datetime | None = None  # the latest moment the clock has read

    def verdict(self, person_id: int, message_id: str, now: datetime) -> Verdict:
        self._follow(now)
        if len(self._answered) > SWEEP_AT:
            self._sweep(now)
        answered = self._answered.setdefault(person_id, deque())
        while answered and answered[0][0] <= now - self.window:
            answered.popleft()
        if any(seen == message_id for _, seen in answered):
            return Verdict.REPLY  # another part of an answered message, or a retry of it
        over = self._over.get(person_id)
        if over is not None and over <= now - self.window:
            del self._over[person_id]  # a quiet window since the burst: forgiven
            self._told.pop(person_id, None)
            over = None
        if over is None and len(answered) < self.per_window:
            answered.append((now, message_id))
            return Verdict.REPLY
        self._over[person_id] = now
        told = self._told.setdefault(person_id, message_id)
        return Verdict.NOTICE if told == message_id else Verdict.SILENT

    def _follow(self, now: datetime) -> None:
        """The clock was set back: move what was recorded back with it. Left in the future,
        it never aged out, and a resident who had tried a few commands got no answer, an
        emergency's too, for the jump plus a minute."""
        latest, self._latest = self._latest, now
        if latest is None or now >= latest:
            return
        back = latest - now
        self._answered = {
            p: deque((t - back, m) for t, m in kept) for p, kept in self._answered.items()
        }
        self._over = {p: t - back for p, t in self._over.items()}

    def _sweep(self, now: datetime) -> None:
        for person_id, answered in list(self._answered.items()):
            over = self._over.get(person_id)
            recent = answered[-1][0] if answered else None
            if over is not None and over > now - self.window:
                continue
            if recent is None or recent <= now - self.window:
                del self._answered[person_id]
                self._told.pop(person_id, None)
                self._over.pop(person_id, None)
