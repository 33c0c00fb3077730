""" "刘书记 我这周去外地出差 12月1号到5号都不在小区 楼里的事麻烦您先帮看着": a party member
or 组长 telling the bot, privately, that she will be away (convofix14e, convo14b file 24).

Her words reach the 书记 as said. When they name the days (bot.domain.absence), the absence
is recorded (round fifteen, away15): meanwhile the new-case notices for her 楼栋 and the
ladder's 楼栋党小组长 rung pass her over, and with no other 组长 present the 书记 stands in.
She is told so, with the cases she still holds (they stay hers). Words naming no days
("这几天") record nothing: she is asked for the dates. 「销假」/"我回来了" ends it early. A
message naming a case ("E0001 我出差 交给别人吧") stays the 退回 hint.
"""

from __future__ import annotations

import re
from datetime import date

from bot.chat.context import Context
from bot.domain.absence import Absence, Span, day_text, parse_span
from bot.domain.community import Person, Role

_AWAY = re.compile(
    r"出差|不在小区|不在家|去外地|在外地|回老家|外出|请假|住院|出远门|不在本地|不在这边"
)
# A stretch of time: the words tell an absence, not a passing "我在外地 不方便".
_SPAN = re.compile(
    r"\d{1,2}\s*[号日]|[这本下]周|这个?星期|这几天|几天|一周|一个?星期|这段时间|月底|\d+\s*天"
    r"|[一二两三四五六七八九十]+天|(?:今天|明天|后天)\s*[到至]|\d{1,2}\s*[./]\s*\d{1,2}"
)
_CASE_CODE = re.compile(r"[EeHhWw]\s*\d{1,8}(?!\d)")
# "销假", "我回来了", "我已经回小区了": the whole message, nothing else said.
_BACK = re.compile(r"^(?:销假|我?(?:已经?)?回(?:来|小区)了)[啦。！!~～\s]*$")
_BACK_SAID = re.compile(r"^销假")
ASK_DATES = "请告诉我具体日期，例如「12月1日到5日外出」，登记后督办会转给书记。"


def says_away(text: str) -> bool:
    return bool(_AWAY.search(text) and _SPAN.search(text) and not _CASE_CODE.search(text))


def tell_secretary(ctx: Context) -> bool:
    """Pass a member's "I will be away" on to the 书记; record the days when she names them."""
    sender = ctx.sender
    if not (ctx.is_private and Role.MEMBER <= sender.role < Role.SECRETARY):
        return False
    if sender.estate_id is None or sender.id is None or not says_away(ctx.text):
        return False
    secretaries = _secretaries(ctx)
    where = _where(ctx)
    today = _today(ctx)
    span = parse_span(ctx.text, today)
    who = f"{where}{sender.role.label} {sender.name}"
    said = ctx.text.strip()
    if span is not None:
        _record(ctx, sender.id, span, said)
    for secretary in secretaries:
        ctx.send(_to_secretary(who, where, sender.name, said, span), person=secretary)
    held = [c for c in ctx.uow.cases.assigned_to(sender.id) if c.status.is_open]
    told = "、".join(f"{s.name}书记" for s in secretaries) or "社区工作人员"
    if span is None:
        lines = [f"好的，已转告{told}。{ASK_DATES}"]
    else:
        lines = [f"已登记您 {span.text} 外出。{_meanwhile(ctx, where, secretaries)}"]
    if held:
        codes = "、".join(c.code for c in held[:5])
        lines.append(
            f"您手上还有 {codes} 在办，仍由您承办；要交出去请发「退回 {held[0].code} 原因」，"
            "由书记重新派单。"
        )
    lines.append("一路平安！")
    ctx.reply("\n".join(lines))
    return True


def came_back(ctx: Context) -> bool:
    """ "销假" / "我回来了" from someone away: her absence ends, the notices reach her again."""
    sender = ctx.sender
    text = ctx.text.strip()
    if sender.id is None or sender.role < Role.MEMBER or not _BACK.match(text):
        return False
    if not ctx.is_private and not _BACK_SAID.match(text):
        return False  # "回来了" in a group is chat; 「销假」 there is meant for the bot
    today = _today(ctx)
    absence = ctx.uow.absences.current_for(sender.id, today)
    if absence is None:
        if not _BACK_SAID.match(text):
            return False
        # 「销假」 before a registered absence began: it is called off.
        if ctx.uow.absences.end(sender.id, ctx.now, today):
            ctx.reply("已取消您登记的外出，新诉求通知和督办照常发给您。")
        else:
            ctx.reply("您现在没有登记外出，不用销假。")
        return True
    ctx.uow.absences.end(sender.id, ctx.now, today)
    where = _where(ctx)
    ctx.reply(f"已销假，欢迎回来！{where}的新诉求通知和督办恢复发给您。")
    for secretary in _secretaries(ctx):
        ctx.send(
            f"【销假】{where}{sender.role.label} {sender.name} 已回小区"
            f"（原登记外出至{day_text(absence.ends_on)}），{where}的通知和督办恢复发给她。",
            person=secretary,
        )
    return True


def _record(ctx: Context, person_id: int, span: Span, said: str) -> None:
    # A newer registration replaces what is still to come of an older one.
    ctx.uow.absences.end(person_id, ctx.now, span.starts_on)
    ctx.uow.absences.add(
        Absence(
            person_id=person_id,
            starts_on=span.starts_on,
            ends_on=span.ends_on,
            note=said[:500],
            created_at=ctx.now,
            created_by=person_id,
        )
    )


def _to_secretary(who: str, where: str, name: str, said: str, span: Span | None) -> str:
    if span is None:
        return (
            f"【外出】{who} 私聊说：「{said}」\n"
            f"还没说具体日期（已请她补上）。这期间{where}的诉求请您帮看着：督办仍会先发给{name}，"
            "到时限后升级给您；可以直接「派单 E0001 @党员名字」。"
        )
    return (
        f"【外出登记】{who} {span.text} 外出，私聊说：「{said}」\n"
        f"这期间由您代管{where}：新诉求通知和督办不再发给{name}，改发给您；"
        "可以直接「派单 E0001 @党员名字」。"
    )


def _meanwhile(ctx: Context, where: str, secretaries: list[Person]) -> str:
    sender = ctx.sender
    if sender.role is not Role.LEADER:
        return f"这期间{where}的新诉求通知不再发给您；提前回来请发「销假」。"
    others = [
        p
        for p in ctx.uow.people.with_role(sender.estate_id or 0, Role.LEADER, sender.building_id)
        if p.id != sender.id
    ]
    present = [p for p in others if p.id not in ctx.uow.absences.away_on([p.id or 0], _today(ctx))]
    to = "、".join(p.name for p in present) or "、".join(f"{s.name}书记" for s in secretaries)
    return f"这期间{where}的新诉求通知和督办改发给{to or '书记'}；提前回来请发「销假」。"


def _secretaries(ctx: Context) -> list[Person]:
    return [
        p
        for p in ctx.uow.people.with_role(ctx.sender.estate_id or 0, Role.SECRETARY)
        if p.id != ctx.sender.id and not p.wechat_id.startswith("console:")
    ]


def _where(ctx: Context) -> str:
    building_id = ctx.sender.building_id
    building = ctx.uow.estates.building(building_id) if building_id else None
    return building.name if building else "楼栋"


def _today(ctx: Context) -> date:
    return ctx.now.astimezone(ctx.bot.tz).date()
