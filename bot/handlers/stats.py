"""统计: the 书记 or staff asks privately how the week (or month) went, and gets it in words.

    统计 / 统计 本周 / 统计 本月 / 统计 上周 / 统计 上个月 / 统计 今天

"小助手 本周情况怎么样", "这周统计一下 多少件 办了几件", "本月办结率多少" are read into this
command (bot.chat.fallback.figures_period): the weekly look is a 书记's main use of the bot,
and the resident fallback was all she got (convofix14e, convo14b file 11). A 书记 sees her
小区, staff the whole community; the console's reports remain the place for the details.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from bot.chat.context import Context
from bot.chat.router import Router
from bot.domain.community import Role
from bot.domain.escalation import describe
from bot.services.reports import period_figures

MAX_LISTED = 6
# The period words, in the order they are tried ("上个月" before "月").
_PERIODS = (
    ("上周", r"上周|上个?星期|上个?礼拜"),
    ("上个月", r"上个?月"),
    ("今天", r"今天|今日"),
    ("本月", r"本月|这个?月|当月|月度|月"),
    ("本周", r"本周|这周|这个?星期|这个?礼拜|周"),
)


def build_router() -> Router:
    router = Router("stats")

    @router.command(
        "统计",
        "本周统计",
        "本月统计",
        # Only period words after it: "统计 我们楼有几户要装电梯" is a resident's speech.
        args=r"(?P<words>(?:本周|这周|上周|本月|这个月|上个月|今天)?\s*(?:情况|数据|一下)?)",
        strict=True,
        usage="统计 本周",
        min_role=Role.SECRETARY,
        where="private",
    )
    def figures(ctx: Context, args: re.Match[str]) -> None:
        # "本月统计" names its period in the command word itself.
        words = f"{ctx.text} {args['words']}"
        ctx.reply(summary(ctx, period_named(words)))

    return router


def period_named(words: str) -> str:
    """The period the words name; 本周 when none is named."""
    for label, pattern in _PERIODS:
        if re.search(pattern, words):
            return label
    return "本周"


def bounds(label: str, today: date) -> tuple[date, date]:
    """[first day, day after the last) of the period, in local days."""
    monday = today - timedelta(days=today.weekday())
    first_of_month = today.replace(day=1)
    if label == "今天":
        return today, today + timedelta(days=1)
    if label == "上周":
        return monday - timedelta(days=7), monday
    if label == "本月":
        return first_of_month, today + timedelta(days=1)
    if label == "上个月":
        return (first_of_month - timedelta(days=1)).replace(day=1), first_of_month
    return monday, today + timedelta(days=1)


def summary(ctx: Context, label: str) -> str:
    tz = ctx.bot.tz
    first, after = bounds(label, ctx.now.astimezone(tz).date())
    start = datetime.combine(first, time(), tzinfo=tz)
    end = min(datetime.combine(after, time(), tzinfo=tz), ctx.now)
    estate_id = ctx.sender.estate_id if ctx.sender.role < Role.STAFF else None
    estate = ctx.uow.estates.get(estate_id) if estate_id is not None else None
    where = estate.name if estate else "全社区"
    last = after - timedelta(days=1)
    span = f"{first.month}月{first.day}日" + (
        f"—{last.month}月{last.day}日" if last != first else ""
    )
    f = period_figures(ctx.uow, now=ctx.now, start=start, end=end, estate_id=estate_id)
    head = f"{where} {label}（{span}）"
    if not f.opened:
        return f"{head}：没有新诉求。发「待认领」看还没人接的诉求。"
    lines = [
        f"{head}：新诉求 {f.opened} 件，已办结 {f.resolved} 件，在办 {len(f.still_open)} 件"
        + (f"（其中超时 {f.overdue} 件）" if f.overdue else "")
        + f"；办结率 {f.resolution.show()}。",
        f"已评价 {f.rated} 件，满意率 {f.satisfaction.show()}。" if f.rated else "还没有居民评价。",
    ]
    if f.still_open:
        handlers = ctx.uow.people.many([c.assignee_id for c in f.still_open if c.assignee_id])
        lines.append("在办的诉求：")
        for case in f.still_open[:MAX_LISTED]:
            who = handlers.get(case.assignee_id or 0)
            lines.append(f"{describe(case)} · {f'{who.name} 承办' if who else '待认领'}")
        if len(f.still_open) > MAX_LISTED:
            lines.append(f"……共 {len(f.still_open)} 件，全部在控制台「诉求台账」。")
    lines.append("也可以发「统计 本月」「统计 上周」；按月的响应率、满意率在控制台报表里。")
    return "\n".join(lines)
