"""Where a resident lives, learned in private chat (convo3 D50, D33).

Private chat is first-class: a shy resident who writes "我住兰亭3号楼2单元 单元门口的路灯坏了"
privately, or an elderly man who sends a 心愿 there, is not sent to the public group. The
小区 comes from the words (its name, or the only 小区 there is); when it cannot be known the
bot asks once and keeps the message (in `Person.extra`, no new table), and the answer
("兰亭1号楼") both places the resident and lets the kept message be handled as if just said.
People answer a two-part question in two messages ("兰亭小区", then "3号楼"; or "3号楼", then
"兰亭"): half an answer is kept and the other half asked for once, so neither half is lost.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.domain.community import Estate, Person, Role
from bot.ports import UnitOfWork
from intents.locations import parse_location

WAITING_TEXT = "home_waiting_text"  # Person.extra: the message held until the answer
WAITING_AT = "home_waiting_at"
# Half an answer: the building said before the 小区 ("3号楼" with two 小区 that have one), or
# "estate" once the 小区 alone was said and the building asked for.
WAITING_HALF = "home_waiting_half"
_ESTATE_SAID = "estate"
HOLD_FOR = timedelta(hours=2)  # an answer later than this is about something else
# "兰亭小区" is called "兰亭"; "锦绣家园" may be "锦绣".
_SUFFIX = re.compile(r"(?:小区|家园|花园|社区|苑|园|里)$")
# Words that say the place is home, so its building is the resident's own.
_HOME = re.compile(r"我(?:家)?住|我家在|家住|住在|我是")
# An answer that is little more than a place: "兰亭1号楼", "我住锦绣家园2栋".
_PLACE_ONLY_LEN = 20
# What is left of an answer once the place is taken out ("我家住3号楼" → nothing): a few
# characters at most, or it says something besides where ("3号楼电梯坏了").
_PLACE_WORDS = re.compile(
    r"[0-9０-９一二三四五六七八九十两零〇#＃\-—]|号楼|号|栋|幢|楼|单元|门|室|户|我家|我|家|住|在|的|是|那|就|呢|啊|呀|哈|吧"
    r"|[\s,.!?;:~…、，。！？；：～\u2600-\u27bf\U0001f000-\U0001faff\ufe0f]"
)
_NO_BUILDING = re.compile(r"不(?:想|方便|用)?说|不知道|不记得|算了|随便|都行|不告诉")
# The door first ("2号楼1单元301 …"): an address with more words, not a new problem that names
# a building ("3号楼电梯也坏了" is not the answer).
_NUMBER = r"[0-9０-９一二三四五六七八九十两]+"
_BUILDING_FIRST = re.compile(
    rf"^(?:我家?住|住在?|我家在|家住)?\s*{_NUMBER}\s*(?:号楼|栋|幢)\s*(?:{_NUMBER}\s*单元\s*)?"
    r"(?:[0-9０-９]{3,4}|[零〇一二三四五六七八九]{3,4})(?![0-9０-９])"
)
ASK_BUILDING = "好的，{estate}几号楼？（例如“3号楼”）"
ASK_ESTATE = "请问是哪个小区的{building}号楼？（{names}）"


@dataclass(frozen=True)
class Answer:
    """What a private message did to the question "您住哪个小区、几号楼": `held` is the kept
    message to handle now; `ask` the one question for the half still missing."""

    held: str | None = None
    ask: str | None = None


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
    if person.role is not Role.RESIDENT:
        # Staff report for places that are not their home ("兰亭3号楼1单元门口有人私拉电线"
        # from the 网格员, convo10b C5): the 小区 the words name, else their own.
        named = [e for e in uow.estates.all() if any(n in text for n in _names(e))]
        return named[0].id if len(named) == 1 else person.estate_id
    if person.estate_id is not None:
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


def answered(uow: UnitOfWork, person: Person, text: str, now: datetime) -> Answer:
    """The held message when this one answers the question by naming the place; the question
    for the other half when it names only the 小区 or only the building."""
    held = person.extra.get(WAITING_TEXT)
    if held is None:
        return Answer()
    since = datetime.fromisoformat(person.extra.get(WAITING_AT, now.isoformat()))
    if now - since > HOLD_FOR:
        _release(person)
        return Answer()
    half = person.extra.get(WAITING_HALF)
    if half == _ESTATE_SAID:
        return _building_answer(uow, person, text, held)
    if len(text) > _PLACE_ONLY_LEN:
        return Answer()
    estates = uow.estates.all()
    if half is not None and estate_named(estates, text) is not None:
        text = f"{text} {half}号楼"  # "兰亭" after "3号楼": the whole answer
    if place(uow, person, text, answer=True) is not None:
        if (
            person.building_id is None
            and _only_place(text, estates)
            and _has_buildings(uow, person)
        ):
            person.extra = {**person.extra, WAITING_HALF: _ESTATE_SAID}
            return Answer(ask=ASK_BUILDING.format(estate=_estate_name(estates, person)))
        _release(person)
        return Answer(held=held)
    building = parse_location(text).building
    # "2号楼1单元301 晚上7点以后在家": the door first, then the time the held
    # 帮办 needs. The 小区 is still asked for; the words after the building are kept with the
    # held message, so the answer loses nothing (convo11a).
    more = not _only_place(text, estates) and _BUILDING_FIRST.match(text) is not None
    if building and (more or _only_place(text, estates)):
        with_it = [
            e
            for e in estates
            if e.id is not None and uow.estates.building_by_number(e.id, building)
        ]
        if with_it:
            person.extra = {**person.extra, WAITING_HALF: building}
            if more and len(held) + len(text) < 500:
                person.extra = {**person.extra, WAITING_TEXT: f"{held}；{text}"}
            names = " / ".join(e.name for e in with_it)
            return Answer(ask=ASK_ESTATE.format(building=building, names=names))
    return Answer()


def _building_answer(uow: UnitOfWork, person: Person, text: str, held: str) -> Answer:
    """The answer after "兰亭小区几号楼？". The held report is handled now whatever it is: with
    the building, without one after a refusal, or with these words added when they say more
    ("就在单元门口"), as `hold` joins two messages; so nothing she said waits or is lost."""
    building = parse_location(text).building
    if building and person.estate_id is not None:
        found = uow.estates.building_by_number(person.estate_id, building)
        if found is not None:
            person.building_id = found.id
    _release(person)
    more = not (_NO_BUILDING.search(text) or _only_place(text, uow.estates.all()))
    return Answer(held=f"{held}；{text}" if more and len(held) + len(text) < 500 else held)


def _only_place(text: str, estates: Sequence[Estate]) -> bool:
    """Whether the words are a place and nothing else ("兰亭小区", "3号楼", "我家住3栋")."""
    rest = text
    for estate in estates:
        for name in _names(estate):
            rest = rest.replace(name, "")
    rest = _SUFFIX.sub("", _PLACE_WORDS.sub("", rest))
    return len(rest) <= 1


def _has_buildings(uow: UnitOfWork, person: Person) -> bool:
    if person.estate_id is None:
        return False
    return any(b.estate_id == person.estate_id for b in uow.estates.buildings())


def _estate_name(estates: Sequence[Estate], person: Person) -> str:
    return next((e.name for e in estates if e.id == person.estate_id), "")


def example(uow: UnitOfWork) -> str:
    """How to answer, in this community's own names: "兰亭小区3号楼"."""
    estates = uow.estates.all()
    return f"{estates[0].name}3号楼" if estates else "3号楼"


def building_said(person: Person) -> str | None:
    """The building of half an answer ("2号楼" before the 小区), while the other half is asked."""
    half = person.extra.get(WAITING_HALF) if WAITING_TEXT in person.extra else None
    return half if half and half != _ESTATE_SAID else None


def is_waiting(person: Person) -> bool:
    """Whether a message of theirs is held until they say where they live."""
    return WAITING_TEXT in person.extra


def _release(person: Person) -> None:
    gone = (WAITING_TEXT, WAITING_AT, WAITING_HALF)
    person.extra = {k: v for k, v in person.extra.items() if k not in gone}
