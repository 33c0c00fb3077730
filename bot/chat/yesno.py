"""Yes or no, in everyday words, to a yes/no question the bot itself asked (F5).

"您是要给投票 V0001 投「同意」吗？" answered "是的", "对", "嗯嗯", "确定" was lost: the bot
knew only the command it had spelled out. The question is kept on the person (`Person.extra`,
no new table, as the 住哪 question is) with the command a yes stands for; the next private
message answers it (yes runs the command, no is acknowledged) or, saying something else,
moves the conversation on and drops it. Kept for a short while only: a "好的" an hour later
is about something else.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from bot.chat.phrasing.text import (
    INNER_DECOR,
    MAX_TRAILING,
    TURNS_NO,
    TURNS_YES,
    clauses,
    one_answer,
    undoubled,
)
from bot.domain.community import Person

ASKED_YES = "asked_yes"  # Person.extra: the command a yes stands for
ASKED_NO = "asked_no"  # Person.extra: what to say to a no (None: the default line)
ASKED_AT = "asked_at"
HOLD_FOR = timedelta(minutes=30)
MAX_ANSWER = 12  # "嗯嗯 是的 确定" — longer words say something else

_YES = re.compile(
    r"(?:是的?|是啊|是呀|对的?|对啊|对呀|对头|嗯+|恩+|好的?|好啊|好滴|行|行的|可以|确定|确认|没错|"
    r"没问题|OK|ok|Ok|yes|要的?|投吧|就这样|就这个|正确)(?:的|了|啦|吧|呀|啊|哈|哦)*"
)
_NO = re.compile(
    r"(?:不是|不对|不要|不用|算了|不了|错了|搞错了|不投|先不投|不|否|别|先不|再想想|我再想想)"
    r"(?:的|了|啦|吧|呀|啊|哈|哦)*(?:谢谢)?"
)
YES, NO = "yes", "no"


def ask(person: Person, command: str, now: datetime, *, no: str | None = None) -> None:
    """The bot just asked a yes/no question whose yes is `command` (and a no gets `no`)."""
    asked = {ASKED_YES: command, ASKED_AT: now.isoformat()}
    if no is not None:
        asked[ASKED_NO] = no
    person.extra = {**_dropped(person), **asked}


def pending(person: Person) -> bool:
    return ASKED_YES in person.extra


def verdict(text: str) -> str | None:
    """YES, NO, or None when the words are neither (or both)."""
    words = [c for c in clauses(text) if c]
    if not words or len(INNER_DECOR.sub("", text)) > MAX_ANSWER + MAX_TRAILING:
        return None
    said = {_said(undoubled(w)) for w in words}  # "对的对的", "不用不用": one answer, said twice
    if len(said) == 1 and None not in said:
        return said.pop() if len(INNER_DECOR.sub("", text)) <= MAX_ANSWER else None
    # "是的 谢谢", "不用了 我自己来": the answer with a few words that do not turn it (issue 11).
    return one_answer(text, {YES: _YES, NO: _NO}, {YES: TURNS_YES, NO: TURNS_NO})


def _said(word: str) -> str | None:
    return YES if _YES.fullmatch(word) else NO if _NO.fullmatch(word) else None


def answer(person: Person, text: str, now: datetime) -> tuple[str, str, str | None] | None:
    """(YES or NO, the command, the reply to a no) when `text` answers the pending question;
    None when nothing is pending, it expired, or the words are something else. Answered or
    not, the question is dropped: it is asked once."""
    command = person.extra.get(ASKED_YES)
    if command is None:
        return None
    since = datetime.fromisoformat(person.extra.get(ASKED_AT, now.isoformat()))
    no = person.extra.get(ASKED_NO)
    person.extra = _dropped(person)
    said = verdict(text)
    if said is None or now - since > HOLD_FOR:
        return None
    return said, command, no


def _dropped(person: Person) -> dict[str, str]:
    return {k: v for k, v in person.extra.items() if k not in (ASKED_YES, ASKED_NO, ASKED_AT)}
