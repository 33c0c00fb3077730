"""The "2341" clock: deadlines for each step, working days, quiet hours. Time is passed in.

From 神堂沟街道's 红色楼管家: respond within 20 minutes, reply within 30 minutes, coordinate
within 4 hours, give a solution within 1 working day. A non-urgent case's clock runs only in
service hours (07:30–22:00 by default): a report made at 23:00 starts its clock at 07:30, so
nobody is chased at night and the ladder does not climb while people sleep. Urgent cases run
on the wall clock with tighter times.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import chinese_calendar

from bot.domain.holidays import statutory_rest_days


class Step(enum.StrEnum):
    RESPOND = "respond"  # 20 min: someone claimed the case
    REPLY = "reply"  # 30 min: the handler told the resident something (进展/方案/办结)
    COORDINATE = "coordinate"  # 4 h: coordinated (方案, 部门报到) or solved (办结)
    SOLUTION = "solution"  # 1 working day: a solution plan (方案) or solved (办结)

    @property
    def label(self) -> str:
        return STEP_LABELS[self]


STEPS: tuple[Step, ...] = (Step.RESPOND, Step.REPLY, Step.COORDINATE, Step.SOLUTION)
STEP_LABELS = {
    Step.RESPOND: "响应",
    Step.REPLY: "回复居民",
    Step.COORDINATE: "协调解决",
    Step.SOLUTION: "给出解决方案",
}


@dataclass(frozen=True)
class StepTimes:
    respond: timedelta
    reply: timedelta
    coordinate: timedelta
    solution_working_days: int = 1
    solution: timedelta | None = None  # set for urgent cases: wall-clock hours, not days


NORMAL_TIMES = StepTimes(timedelta(minutes=20), timedelta(minutes=30), timedelta(hours=4))
URGENT_TIMES = StepTimes(
    timedelta(minutes=5), timedelta(minutes=10), timedelta(hours=1), solution=timedelta(hours=4)
)


@dataclass(frozen=True)
class QuietHours:
    """People are not chased between `start` and `end` local time (the window wraps midnight)."""

    start: time = time(22, 0)
    end: time = time(7, 30)

    def is_quiet(self, when: datetime, tz: ZoneInfo) -> bool:
        local = when.astimezone(tz).time()
        if self.start == self.end:
            return False
        if self.start > self.end:
            return local >= self.start or local < self.end
        return self.start <= local < self.end

    def next_open(self, when: datetime, tz: ZoneInfo) -> datetime:
        """`when` itself if it is in service hours, else the end of this quiet spell."""
        if not self.is_quiet(when, tz):
            return when
        local = when.astimezone(tz)
        opens = local.replace(hour=self.end.hour, minute=self.end.minute, second=0, microsecond=0)
        if opens <= local:
            opens = (local + timedelta(days=1)).replace(
                hour=self.end.hour, minute=self.end.minute, second=0, microsecond=0
            )
        return opens.astimezone(when.tzinfo)

    def next_close(self, when: datetime, tz: ZoneInfo) -> datetime:
        """The next moment quiet hours begin, at or after `when` (assumed in service hours)."""
        local = when.astimezone(tz)
        closes = local.replace(
            hour=self.start.hour, minute=self.start.minute, second=0, microsecond=0
        )
        if closes <= local:
            closes = (local + timedelta(days=1)).replace(
                hour=self.start.hour, minute=self.start.minute, second=0, microsecond=0
            )
        return closes.astimezone(when.tzinfo)


@dataclass(frozen=True)
class WorkCalendar:
    """The official calendar with its 调休 days (chinese_calendar), plus local overrides.

    chinesecalendar only knows the years the State Council has published; for a year it does
    not know yet, the statutory holidays are computed from the law (bot.domain.holidays: the
    days off, not the 调休 swaps), and `extra_holidays`/`extra_workdays` from the config fill
    in the published arrangement. `covers()` tells callers (the sweep's daily warning, the
    console, `linli report`) when that happens.
    """

    extra_holidays: frozenset[date] = frozenset()
    extra_workdays: frozenset[date] = frozenset()

    def covers(self, day: date) -> bool:
        try:
            chinese_calendar.is_workday(day)
        except NotImplementedError:
            return False
        return True

    def is_workday(self, day: date) -> bool:
        if day in self.extra_workdays:
            return True
        if day in self.extra_holidays:
            return False
        try:
            return bool(chinese_calendar.is_workday(day))
        except NotImplementedError:
            return day.weekday() < 5 and day not in statutory_rest_days(day.year)

    def add_working_days(self, start: datetime, days: int, tz: ZoneInfo) -> datetime:
        """The same local time `days` working days later.

        A start on a rest day counts from the start of the next working day, so a report on
        a Sunday is due at the end of Monday (with a 调休 Saturday counted as a working day).
        """
        local = start.astimezone(tz)
        if not self.is_workday(local.date()):
            day = self._next_workday(local.date())
            local = datetime.combine(day, time(0, 0), tzinfo=tz)
        day = local.date()
        for _ in range(days):
            day = self._next_workday(day)
        return datetime.combine(day, local.timetz().replace(tzinfo=None), tzinfo=tz).astimezone(
            start.tzinfo
        )

    def _next_workday(self, day: date) -> date:
        for _ in range(60):  # the longest run of rest days is well under two months
            day += timedelta(days=1)
            if self.is_workday(day):
                return day
        raise ValueError(f"no working day within 60 days after {day}")


@dataclass(frozen=True)
class SlaPolicy:
    normal: StepTimes = NORMAL_TIMES
    urgent: StepTimes = URGENT_TIMES
    rating_wait: timedelta = timedelta(days=3)
    quiet: QuietHours = field(default_factory=QuietHours)
    calendar: WorkCalendar = field(default_factory=WorkCalendar)
    tz: ZoneInfo = field(default_factory=lambda: ZoneInfo("Asia/Shanghai"))

    def clock_start(self, at: datetime, urgent: bool) -> datetime:
        return at if urgent else self.quiet.next_open(at, self.tz)

    def deadlines(self, start: datetime, urgent: bool) -> dict[Step, datetime]:
        """Each step's deadline for a clock (re)started at `start`."""
        times = self.urgent if urgent else self.normal
        begin = self.clock_start(start, urgent)
        if times.solution is not None:
            solution = self._after(begin, times.solution, urgent)
        else:
            solution = self.calendar.add_working_days(begin, times.solution_working_days, self.tz)
        return {
            Step.RESPOND: self._after(begin, times.respond, urgent),
            Step.REPLY: self._after(begin, times.reply, urgent),
            Step.COORDINATE: self._after(begin, times.coordinate, urgent),
            Step.SOLUTION: solution,
        }

    def _after(self, begin: datetime, span: timedelta, urgent: bool) -> datetime:
        return begin + span if urgent else add_service_time(begin, span, self.quiet, self.tz)

    def release_time(self, now: datetime, urgent: bool) -> datetime | None:
        """When a reminder to people may go out: now, or after quiet hours (None means now)."""
        if urgent or not self.quiet.is_quiet(now, self.tz):
            return None
        return self.quiet.next_open(now, self.tz)


def add_service_time(start: datetime, span: timedelta, quiet: QuietHours, tz: ZoneInfo) -> datetime:
    """`start + span`, counting only service hours (the clock pauses during quiet hours)."""
    at = quiet.next_open(start, tz)
    left = span
    for _ in range(3660):  # bounded: a year of days is far more than any SLA span
        closes = quiet.next_close(at, tz)
        if at + left <= closes or quiet.start == quiet.end:
            return at + left
        left -= closes - at
        at = quiet.next_open(closes, tz)
    raise ValueError("service-time span too long")


def first_due(times: Iterable[datetime | None]) -> datetime | None:
    present = [t for t in times if t is not None]
    return min(present) if present else None
