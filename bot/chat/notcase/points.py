"""A resident disputing or asking about their points ("凭什么扣我分 我没飞线").

Words like 扣分 and 飞线 also name a fault, so the intent engine read the protest as an
electric-bike report and the case went to the 党员群 with the resident's name (convo4 F44).
Whoever has points on the ledger and speaks about their own points gets their record and
the way to have it corrected; nothing about their points is ever said in a group.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from bot.domain.points import LedgerEntry, RuleKind
from bot.services.points import entry_line

# About one's own points: "凭什么扣我分", "我的分怎么少了", "为什么给我减分", "积分不对".
_OWN_POINTS = re.compile(
    r"扣(?:了)?(?:我|俺)(?:的)?(?:\d+|[一二两三四五六七八九十几]+)?分"
    r"|(?:给|把)(?:我|俺)(?:扣|减)(?:了)?(?:\d+|[一二两三四五六七八九十几]+)?分"
    r"|(?:我|俺)的?(?:积)?分(?:怎么|为什么|咋|凭什么)?(?:少了|扣了|被扣|不对|错了|没了)"
    r"|(?:扣|减)(?:我|俺)?(?:的)?(?:积)?分(?:不对|错了|凭什么|为什么|不公平)"
    r"|(?:凭什么|为什么|为啥|咋|怎么)(?:要|就)?(?:扣|减)(?:我)?(?:的)?(?:积)?分"
    r"|积分(?:不对|错了|有问题|算错)"
    # "我怎么比张阿姨少", "是不是记错了" after the 公示 (convo14b): compared, or a row missed
    r"|(?:我|俺)(?:的)?(?:积分|分)?(?:怎么|为什么|为啥|咋|凭什么)?比[^，,。！!？?\s]{1,6}(?:少|低)"
    r"|(?:记|算|加)错了?|漏记|少记|少加|没(?:给我)?(?:记|加)上"
)
# The ambiguous words above ("记错了", "比她少") are about points only beside these.
_ABOUT_POINTS = re.compile(r"积分|分数|加分|扣分|公示|[0-9一二两三四五六七八九十几]+\s*分")
MAX_DISPUTE = 60

ANSWER = "您的积分记录（最近几条）：\n{lines}\n{then}这不是报事，不会发到群里。"
ASK_ACTOR = "对哪一条有疑问，请直接联系记分的{actor}说明情况；核实后工作人员会用「更正」改过来。"
NO_RECORD = "您还没有积分记录。查积分请发「我的积分」。"
STAFF_NOTE = (
    "【积分疑问】{name} 对积分有疑问：「{said}」\n最近记录：\n{lines}\n"
    "核实后要补记请「加分」，要改请「更正 #编号」，并告诉居民结果。"
)
PASSED_ON = "您的话已转告{who}核实，有结果会告诉您。"


def disputes(text: str) -> bool:
    found = _OWN_POINTS.search(text) if len(text) <= MAX_DISPUTE else None
    return found is not None and ("分" in found.group() or _ABOUT_POINTS.search(text) is not None)


def disputed(entries: Sequence[LedgerEntry]) -> LedgerEntry | None:
    """The row a protest is most likely about: a deduction, else the newest award."""
    shown = [e for e in entries if e.kind is not RuleKind.BASE]
    shown.sort(key=lambda e: e.kind is not RuleKind.NEGATIVE)
    return shown[0] if shown else None


def for_staff(name: str, said: str, entries: Sequence[LedgerEntry], tz: ZoneInfo) -> str:
    """What the staff who keep the ledger hear of the protest: the words and the rows."""
    shown = [e for e in entries if e.kind is not RuleKind.BASE][:5]
    lines = "\n".join(entry_line(e, tz) for e in shown) or "（还没有积分记录）"
    return STAFF_NOTE.format(name=name, said=said, lines=lines)


def answer(entries: Sequence[LedgerEntry], tz: ZoneInfo, passed_to: str = "") -> str:
    """The recent rows (deductions first: they are what people dispute), and who was told or
    who to ask."""
    shown = [e for e in entries if e.kind is not RuleKind.BASE]
    if not shown:
        return NO_RECORD
    shown.sort(key=lambda e: e.kind is not RuleKind.NEGATIVE)
    row = shown[0]
    actor = f"工作人员（{row.actor}）" if row.actor else "社区工作人员"
    then = PASSED_ON.format(who=passed_to) if passed_to else ASK_ACTOR.format(actor=actor)
    lines = "\n".join(entry_line(e, tz) for e in shown[:5])
    return ANSWER.format(lines=lines, then=then)
