"""How fast one WeChat account may send: the pacing rules as a pure, clock-driven object.

WeChat's risk control punishes accounts that send like machines. Field reports suggest staying
under 40 messages a minute per account, at least a second between two messages to one
conversation, and a pause of a few seconds when moving on to another conversation, with some
randomness so the rhythm does not look scripted. The Pacer only decides *when* the next send
may happen and *which* queued message goes next; it never sleeps and never reads a clock, so
tests drive it with any times they like.
"""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

WINDOW = timedelta(minutes=1)


@dataclass(frozen=True)
class RateLimits:
    """Per-account sending limits. Zero switches a rule off."""

    per_minute: int = 40  # messages per rolling minute, whole account
    conversation_gap: float = 1.0  # seconds between two messages to one conversation
    switch_pause: tuple[float, float] = (3.0, 5.0)  # seconds, drawn uniformly, on a switch
    jitter: float = 0.5  # up to this many extra seconds on every wait, drawn uniformly
    max_run: int = 5  # at most this many in a row to one conversation while others wait
    # Messages a local day (the community's timezone), whole account; 0: no daily limit.
    # Bulk posts beyond it wait for the next day; urgent ones go (see DailyQuota).
    per_day: int = 0

    def __post_init__(self) -> None:
        low, high = self.switch_pause
        if self.per_minute < 0 or self.conversation_gap < 0 or self.jitter < 0:
            raise ValueError("rate limits cannot be negative")
        if not 0 <= low <= high:
            raise ValueError("switch_pause must be (low, high) with 0 <= low <= high")
        if self.max_run < 1:
            raise ValueError("max_run must be at least 1")

    @classmethod
    def off(cls) -> RateLimits:
        """No pacing at all: the bot's own ceiling (tests, replay, benchmarks, the simulator)."""
        return cls(per_minute=0, conversation_gap=0.0, switch_pause=(0.0, 0.0), jitter=0.0)

    @property
    def enabled(self) -> bool:
        return bool(self.per_minute or self.conversation_gap or self.switch_pause[1] or self.jitter)


@dataclass(frozen=True)
class Candidate:
    """A queued message as the pacer sees it: its row id, conversation and priority."""

    id: int
    conversation: str  # "g:<group id>" or "p:<person id>"
    priority: int = 0  # lower goes first: 0 replies and alerts, 1 bulk posts


@dataclass(frozen=True)
class Choice:
    candidate: Candidate
    at: datetime  # the earliest moment it may be sent


class Pacer:
    """Chooses the next message and the moment it may leave, from what was sent before.

    Random draws (the switch pause, the jitter) are made once after each send, so asking
    twice between two sends gives the same answer.
    """

    def __init__(self, limits: RateLimits, rng: random.Random | None = None) -> None:
        self.limits = limits
        self._rng = rng or random.Random()
        self._recent: deque[datetime] = deque()  # send times within the last minute
        self._last_to: dict[str, datetime] = {}
        self._last_conversation: str | None = None
        self._last_at: datetime | None = None
        self._run = 0  # consecutive sends to the last conversation
        self._switch_pause = 0.0
        self._jitter = 0.0
        self._hold_until: datetime | None = None
        self._latest: datetime | None = None  # the latest moment the clock has read
        self._draw()

    # ---- decisions ----------------------------------------------------------------------

    def choose(self, candidates: Sequence[Candidate], now: datetime) -> Choice | None:
        """The next message to send (from `candidates`, oldest first) and when it may go.

        The most urgent priority class goes first. Within it, a message to the conversation
        we are already in is preferred (a 1 s gap instead of a 3–5 s switch), but only for
        `max_run` messages in a row, so one busy group cannot starve the others.
        """
        if not candidates:
            return None
        top = min(c.priority for c in candidates)
        urgent = [c for c in candidates if c.priority == top]
        pick = urgent[0]
        if self.limits.enabled and self._last_conversation is not None:
            same = next((c for c in urgent if c.conversation == self._last_conversation), None)
            others_wait = any(c.conversation != self._last_conversation for c in urgent)
            if same is not None and (self._run < self.limits.max_run or not others_wait):
                pick = same
        return Choice(pick, self.ready_at(pick.conversation, now))

    def ready_at(self, conversation: str, now: datetime) -> datetime:
        """The earliest moment a message to `conversation` may be sent."""
        self._follow(now)
        limits = self.limits
        at = now
        if self._hold_until is not None:
            at = max(at, self._hold_until)
        if not limits.enabled:
            return at
        self._forget(now)
        if limits.per_minute and len(self._recent) >= limits.per_minute:
            at = max(at, self._recent[len(self._recent) - limits.per_minute] + WINDOW)
        last_here = self._last_to.get(conversation)
        if last_here is not None:
            at = max(at, last_here + timedelta(seconds=limits.conversation_gap))
        if self._last_at is not None and conversation != self._last_conversation:
            at = max(at, self._last_at + timedelta(seconds=self._switch_pause))
        if at > now:  # jitter only stretches a real wait; an idle queue sends at once
            at += timedelta(seconds=self._jitter)
        return at

    # ---- what happened ------------------------------------------------------------------

    def sent(self, conversation: str, at: datetime) -> None:
        """Record a send (or a failed attempt: WeChat counted it all the same)."""
        self._follow(at)
        self._recent.append(at)
        self._last_to[conversation] = at
        self._run = self._run + 1 if conversation == self._last_conversation else 1
        self._last_conversation = conversation
        self._last_at = at
        self._forget(at)
        self._draw()

    def hold(self, until: datetime) -> None:
        """Send nothing before `until` (the connection is down or WeChat pushed back)."""
        self._hold_until = until if self._hold_until is None else max(self._hold_until, until)

    def held(self, now: datetime) -> bool:
        self._follow(now)
        return self._hold_until is not None and now < self._hold_until

    def release(self) -> None:
        """The connection is back: lift a hold early."""
        self._hold_until = None

    # ---- internals ----------------------------------------------------------------------

    def _draw(self) -> None:
        low, high = self.limits.switch_pause
        self._switch_pause = self._rng.uniform(low, high) if high else 0.0
        self._jitter = self._rng.uniform(0.0, self.limits.jitter) if self.limits.jitter else 0.0

    def _follow(self, now: datetime) -> None:
        """The system clock was set back (NTP, a date corrected by hand): move what was
        recorded back with it. Waits are measured from those moments, so left alone every
        message, an emergency's answer too, would wait for as long as the clock jumped."""
        latest, self._latest = self._latest, now
        if latest is None or now >= latest:
            return
        back = latest - now
        self._recent = deque(t - back for t in self._recent)
        self._last_to = {k: t - back for k, t in self._last_to.items()}
        if self._last_at is not None:
            self._last_at -= back
        if self._hold_until is not None:
            self._hold_until -= back

    def _forget(self, now: datetime) -> None:
        while self._recent and self._recent[0] <= now - WINDOW:
            self._recent.popleft()
        gap = timedelta(seconds=self.limits.conversation_gap)
        if len(self._last_to) > 512:  # a few hundred groups at most; keep it bounded
            self._last_to = {k: v for k, v in self._last_to.items() if v > now - gap}


class DailyQuota:
    """[sending] per_day: how many messages the account has sent this local day, and whether
    a message of some priority may go now.

    Only bulk posts (priority >= `bulk`: broadcasts, previews, reminders, 公示) are held
    when the day's sends reach the limit; they wait for the next local midnight. Replies to
    someone who just wrote, danger alerts and SLA escalation notices (priority 0) are never
    held to tomorrow: a 困人 alert or an overdue case cannot wait a night. They still count,
    so a busy day shows above the limit on the accounts page; size per_day with room for
    them. Pure: the caller gives the time and the count it found in the database.
    """

    def __init__(self, limit: int, tz: ZoneInfo, bulk: int = 1) -> None:
        self.limit = limit
        self.tz = tz
        self.bulk = bulk
        self.day: date | None = None  # the local day `sent` counts
        self.sent = 0

    def today(self, now: datetime) -> date:
        return now.astimezone(self.tz).date()

    def midnight(self, now: datetime) -> datetime:
        """The local midnight that began `now`'s day (the database counts from it)."""
        return datetime.combine(self.today(now), time(0), self.tz)

    def next_day(self, now: datetime) -> datetime:
        return datetime.combine(self.today(now) + timedelta(days=1), time(0), self.tz)

    def known(self, now: datetime) -> bool:
        """Whether `sent` is today's count (False: read it from the database first)."""
        return self.day == self.today(now)

    def load(self, now: datetime, sent: int) -> None:
        self.day, self.sent = self.today(now), sent

    def full(self, now: datetime) -> bool:
        return bool(self.limit) and self.known(now) and self.sent >= self.limit

    def allows(self, priority: int, now: datetime) -> bool:
        return priority < self.bulk or not self.full(now)

    def count(self, now: datetime) -> None:
        if not self.known(now):
            self.load(now, 0)
        self.sent += 1
