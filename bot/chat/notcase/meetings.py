"""A question about a 议事会 without its topic's code: "议事会几点开啊 在哪" (convo4 F28).

The bot told the invitees when and where, but a resident asking in the building group got
silence. When the person's 小区 has meetings coming, the question is answered with the topic
that meets (its status shows the time and place); a question, not a report, and never a case.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, timedelta

from bot.domain.deliberation.topics import Meeting, Topic

MEETING_LASTS = timedelta(hours=3)  # a meeting under way is still the one people ask about
_MEETING = re.compile(r"议事会|开会|议事")
_ASKING = re.compile(
    r"几点|在哪|哪里|哪儿|什么时候|啥时候|哪天|时间|地点|能去|能参加|可以去|可以参加|列席|旁听|吗|[?？]"
)
MAX_QUESTION = 40
# "明天议事会我去不了 有事" after the reminder (convo4 F30): an apology for the organiser.
_ABSENT = re.compile(r"去不了|来不了|参加不了|不能参加|没法参加|不能去|去不成|请假|来不成|请个假")


def absent(text: str) -> bool:
    return len(text) <= MAX_QUESTION and bool(_MEETING.search(text) and _ABSENT.search(text))


def asks(text: str) -> bool:
    return len(text) <= MAX_QUESTION and bool(_MEETING.search(text) and _ASKING.search(text))


def coming(
    topics: Sequence[Topic], meetings_of: dict[int, Sequence[Meeting]], now: datetime
) -> list[Topic]:
    """The open topics with a meeting not yet over, soonest first."""
    since = now - MEETING_LASTS
    soonest: list[tuple[datetime, Topic]] = []
    for topic in topics:
        if topic.closed or topic.id is None:
            continue
        starts = [m.starts_at for m in meetings_of.get(topic.id, ()) if m.starts_at >= since]
        if starts:
            soonest.append((min(starts), topic))
    return [t for _, t in sorted(soonest, key=lambda pair: pair[0])]
