"""Where to go instead, asked right after the bot said it cannot do something (convo15).

"那我该找谁啊" after the 帮办 refusal ("…暂时不能直接申请 … 也可以联系社区党群服务中心帮办代办
窗口，电话 …") got the generic greeting: the bot had just named the place, and lost it. The
refusal keeps that place on the person (`Person.extra`, as the yes/no question is kept); a
short private question who or where to turn to, soon after, is answered with it. Later the
same words are about something else and go on as before.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from bot.chat.phrasing.text import trim
from bot.domain.community import Person

REFERRED = "referred_to"  # Person.extra: the place (name, address, hours, phone) named
REFERRED_AT = "referred_at"
HOLD_FOR = timedelta(hours=1)
MAX_QUESTION = 20
ANSWER = (
    "可以找{where}。也可以请您的楼栋长或支部书记帮忙联系；想请邻居帮一把，"
    "发「心愿 想请人帮忙……」登记微心愿。"
)
# "那我该找谁啊", "去哪办", "谁能帮我", "打哪个电话", "那怎么办": who or where, asked.
_WHO_OR_WHERE = re.compile(
    r"找谁|找哪|问谁|联系谁|谁(?:能|可以|会)?(?:帮|管|办)|(?:去|上|到)哪(?:儿|里)?(?:办|问|弄|找|去)?"
    r"|(?:打|拨)(?:哪个|什么|啥)电话|电话(?:是)?(?:多少|几号)|怎么联系|(?:那|那我)(?:该|应该)?(?:怎么办|咋办|怎么弄)"
)


# What may stand around the question: "那我该…啊", "养老金认证找谁办". A fault said with it
# ("谁能帮我修一下水管") is a new problem, not this question.
_AROUND = re.compile(r"那|我|该|应该|要|得|请问|这个|那个|这事|的|办|弄|问|呢|啊|呀|吗|么|[\W_]")
MAX_AROUND = 6
_FAULT = re.compile(r"坏|漏|堵|修|不亮|停水|停电|爆|火|烟|摔|救|急")


def refer(person: Person, where: str, now: datetime) -> None:
    """The bot just told this person it cannot do it and named `where` to go instead."""
    person.extra = {**person.extra, REFERRED: where, REFERRED_AT: now.isoformat()}


def asks_who_or_where(text: str) -> bool:
    said = trim(text)
    if not 0 < len(said) <= MAX_QUESTION or _WHO_OR_WHERE.search(said) is None:
        return False
    rest = _AROUND.sub("", _WHO_OR_WHERE.sub("", said))
    return len(rest) <= MAX_AROUND and _FAULT.search(said) is None


def answer(person: Person, text: str, now: datetime) -> str | None:
    """The place again, when `text` asks who or where soon after the refusal; else None."""
    where = person.extra.get(REFERRED)
    if where is None or not asks_who_or_where(text):
        return None
    since = datetime.fromisoformat(person.extra.get(REFERRED_AT, now.isoformat()))
    if now - since > HOLD_FOR:
        return None
    return ANSWER.format(where=where)
