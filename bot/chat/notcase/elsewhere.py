"""A question about another building's outage, said beside "ours is fine" (convo9 f04).

"3号楼是不是停水了？我们1号楼还有水" asks about 3号楼; nobody there reported anything, and the
speaker's own building has water. It is no report for 3号楼 (a case there would send its 党小组
after a rumour). If a case about that building's outage is open, she hears where it stands in
one line; otherwise the bot keeps quiet, as it does with any question among neighbours."""

from __future__ import annotations

import re

from bot.chat.context import Context

_NUMBER = r"[0-9一二两三四五六七八九十]{1,3}"
_THERE = re.compile(
    rf"(?P<b>{_NUMBER})\s*(?:号楼|栋|幢)[^，,。？?！!]{{0,6}}?"
    r"(?:是不是|是否|是)?[^，,。？?！!]{0,4}?(?P<what>停水|停电|停气|没水|没电|没气|断水|断电)"
    r"[了啦]?[啊呀]?(?:吗|么|嘛|[?？])"
)
_OURS_FINE = re.compile(
    rf"(?:我们|我家|俺们|咱们?)(?:这边|这里|家)?(?:(?P<b>{_NUMBER})\s*(?:号楼|栋|幢))?[^，,。？?！!]{{0,3}}?"
    r"(?:还有|有|正常|没事|没停|好好的|好着)"
)
_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"两": 2}
ANSWER = "{building}号楼{what}的事已有居民反映（{code}），正在跟进。"
_CATEGORY = "utilities"


def _number(text: str) -> str:
    if text.isdigit():
        return str(int(text))
    if "十" in text:
        tens, _, ones = text.partition("十")
        return str(
            (_DIGITS.get(tens, 1) if tens else 1) * 10 + (_DIGITS.get(ones, 0) if ones else 0)
        )
    return str(_DIGITS.get(text, text))


def asks_about_another_building(text: str) -> tuple[str, str] | None:
    """(the building asked about, the outage) when the words ask about another building's
    outage and say the speaker's own is fine; else None."""
    said = "".join(text.split())
    there = _THERE.search(said)
    if there is None:
        return None
    ours = _OURS_FINE.search(said, there.end())
    if ours is None:
        return None
    building = _number(there["b"])
    if ours["b"] is not None and _number(ours["b"]) == building:
        return None  # "3号楼是不是停水了？我们3号楼还有水": a contradiction, not elsewhere
    return building, there["what"]


def other_building(ctx: Context, said: str) -> bool:
    asked = asks_about_another_building(said)
    if asked is None or ctx.group is None:
        return False
    building, what = asked
    if ctx.estate_id is not None:
        for case in ctx.uow.cases.find(
            estate_id=ctx.estate_id, category=_CATEGORY, open_only=True, limit=10
        ):
            if case.building == building:
                ctx.reply(ANSWER.format(building=building, what=what, code=case.code))
                break
    return True  # a question among neighbours: no case for a building nobody reported
