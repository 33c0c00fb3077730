"""Where a resident lives, learned in private chat (convo3 D50, D33).

Private chat is first-class: a shy resident who writes "我住兰亭3号楼2单元 单元门口的路灯坏了"
privately, or an elderly man who sends a 心愿 there, is not sent to the public group. The
小区 comes from the words (its name, or the only 小区 there is); when it cannot be known the
bot asks once and keeps the message (in `Person.extra`, no new table), and the answer
("兰亭1号楼") both places the resident and lets the kept message be handled as if just said.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, timedelta

from bot.domain.community import Estate, Person, Role
from bot.ports import UnitOfWork
from intents.locations import parse_location

WAITING_TEXT = "home_waiting_text"  # Person.extra: the message held until the answer
WAITING_AT = "home_waiting_at"
HOLD_FOR = timedelta(hours=2)  # an answer later than this is about something else
# "兰亭小区" is called "兰亭"; "锦绣家园" may be "锦绣".
_SUFFIX = re.compile(r"(?:小区|家园|花园|社区|苑|园|里)$")
# Words that say the place is home, so its building is the resident's own.
_HOME = re.compile(r"我(?:家)?住|我家在|家住|住在|我是")
# An answer that is little more than a place: "兰亭1号楼", "我住锦绣家园2栋".
_PLACE_ONLY_LEN = 20


def estate_named(estates: Sequence[Estate], text: str) -> Estate | None:
    """The one 小区 the words name (full or short name), or the only 小区 there is."""
    if len(estates) == 1:
        return estates[0]
    named = [e for e in estates if any(n in text for n in _names(e))]
    return named[0] if len(named) == 1 else None


def _names(estate: Estate) -> tuple[str, ...]:
    short = _SUFFIX.sub("", estate.name)
    return (estate.name, short) if len(short) >= 2 else (estate.name,)


def place(uow: UnitOfWork, person: Person, text: str, *, answer: bool = False) -> int | None:
    """The 小区 of a resident writing privately; learned (with the building, when the words
    say it is home or `answer` the bot's question) for a resident the bot could not place."""
    if person.estate_id is not None or person.role is not Role.RESIDENT:
        return person.estate_id
    estate = estate_named(uow.estates.all(), text)
    if estate is None or estate.id is None:
        return None
    person.estate_id = estate.id
    building = parse_location(text).building
    if building and (answer or _HOME.search(text)):
        found = uow.estates.building_by_number(estate.id, building)
        if found is not None:
            person.building_id = found.id
    return estate.id


def hold(person: Person, text: str, now: datetime) -> None:
    """Keep the message the bot could not place until the resident says where they live."""
    held = person.extra.get(WAITING_TEXT)
    if held and held != text and len(held) + len(text) < 500:
        text = f"{held}；{text}"  # "路灯坏了" then "就在我家楼下": both, not the last alone
    person.extra = {**person.extra, WAITING_TEXT: text, WAITING_AT: now.isoformat()}


def answered(uow: UnitOfWork, person: Person, text: str, now: datetime) -> str | None:
    """The held message, when this one answers the question by naming the place."""
    held = person.extra.get(WAITING_TEXT)
    if held is None:
        return None
    since = datetime.fromisoformat(person.extra.get(WAITING_AT, now.isoformat()))
    if now - since > HOLD_FOR:
        _release(person)
        return None
    if len(text) > _PLACE_ONLY_LEN or place(uow, person, text, answer=True) is None:
        return None
    _release(person)
    return held


def example(uow: UnitOfWork) -> str:
    """How to answer, in this community's own names: "兰亭小区3号楼"."""
    estates = uow.estates.all()
    return f"{estates[0].name}3号楼" if estates else "3号楼"


def is_waiting(person: Person) -> bool:
    """Whether a message of theirs is held until they say where they live."""
    return WAITING_TEXT in person.extra


def _release(person: Person) -> None:
    person.extra = {k: v for k, v in person.extra.items() if k not in (WAITING_TEXT, WAITING_AT)}
