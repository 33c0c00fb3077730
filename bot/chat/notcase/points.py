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
)
MAX_DISPUTE = 60

ANSWER = (
    "您的积分记录（最近几条）：\n{lines}\n"
    "对哪一条有疑问，请直接联系记分的{actor}说明情况；核实后工作人员会用「更正」改过来。"
    "这不是报事，不会发到群里。"
)
NO_RECORD = "您还没有积分记录。查积分请发「我的积分」。"


def disputes(text: str) -> bool:
    return len(text) <= MAX_DISPUTE and _OWN_POINTS.search(text) is not None


def answer(entries: Sequence[LedgerEntry], tz: ZoneInfo) -> str:
    """The recent rows (deductions first: they are what people dispute) and who to ask."""
    shown = [e for e in entries if e.kind is not RuleKind.BASE]
    if not shown:
        return NO_RECORD
    shown.sort(key=lambda e: e.kind is not RuleKind.NEGATIVE)
    disputed = next((e for e in shown if e.kind is RuleKind.NEGATIVE), shown[0])
    actor = f"工作人员（{disputed.actor}）" if disputed.actor else "社区工作人员"
    lines = "\n".join(entry_line(e, tz) for e in shown[:5])
    return ANSWER.format(lines=lines, actor=actor)
