"""A quoted bot message names its case by its code, even when WeChat cut the code off.

WeChat shortens a long quoted message ("【紧急】已受理" of the whole receipt "【紧急】已受理您反映
的问题，编号 E0001…"), so "收到我马上去" under it carried no code and claimed nothing (convo10b
A2). When the quote carries no code, its start is matched against what the bot said in that
group lately: the one message it begins (or several that all name the same code) stands for
the quote, so every rule that reads a code from a quote reads it. Several messages of different
codes beginning the same way: the quote stays as it was (the rules ask or stay silent).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from bot.ports import UnitOfWork

RECENT = timedelta(days=3)  # a receipt older than this is not what a quick reply quotes
MIN_QUOTE = 4  # "收到" quoted is no receipt: too short to say which message
_CODE = re.compile(r"(?<![A-Za-z])[EeWwHhYyQqBbVv]\s*\d{3,}")
# "@钱阿姨 【紧急】已受理…": WeChat quotes the @ the bot's message began with; "…" marks the cut.
_LEADING_AT = re.compile(r"^(?:@\S+[\s\u2005]+)+")
_CUT = re.compile(r"(?:…+|\.{2,}|\s)+$")


def expanded(
    uow: UnitOfWork,
    group_id: int | None,
    quote: str | None,
    now: datetime,
    person_id: int | None = None,
) -> str | None:
    """The whole bot message a shortened quote stands for, or the quote as it was. In a
    private chat (no group) it is matched against what the bot said to that person: "收到
    下午去看看" under "【派单】刘建华" is the 派单 of his case (convofix11c)."""
    if not quote or _CODE.search(quote):
        return quote
    if group_id is None and person_id is None:
        return quote
    start = _CUT.sub("", _LEADING_AT.sub("", quote.strip()))
    if len(start) < MIN_QUOTE:
        return quote
    said = (
        uow.outbox.group_texts_since(group_id, now - RECENT)
        if group_id is not None
        else uow.outbox.private_texts_since(person_id or 0, now - RECENT)
    )
    found = [text for text in said if text.startswith(start) and _CODE.search(text)]
    codes = {_code(text) for text in found}
    return found[0] if len(codes) == 1 else quote


def _code(text: str) -> str:
    match = _CODE.search(text)
    return "".join(match[0].split()).upper() if match else ""
