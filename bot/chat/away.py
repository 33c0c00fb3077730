""" "刘书记 我这周去外地出差 12月1号到5号都不在小区 楼里的事麻烦您先帮看着": a party member
or 组长 telling the bot, privately, that she will be away (convofix14e, convo14b file 24).

The message was meant for her 书记 and got the 退回 format line about a case that did not
exist yet. Now it reaches the 书记 as said, and she is told plainly what happens meanwhile:
the bot has no absence roster, so 督办 for her 楼栋 still reach her first and climb to the
书记 on the usual deadlines; cases she holds are listed with how to hand them back. A message
naming a case ("E0001 我出差 交给别人吧") stays the 退回 hint.
"""

from __future__ import annotations

import re

from bot.chat.context import Context
from bot.domain.community import Role

_AWAY = re.compile(
    r"出差|不在小区|不在家|去外地|在外地|回老家|外出|请假|住院|出远门|不在本地|不在这边"
)
# A stretch of time: the words tell an absence, not a passing "我在外地 不方便".
_SPAN = re.compile(
    r"\d{1,2}\s*[号日]|[这本下]周|这个?星期|这几天|几天|一周|一个?星期|这段时间|月底|\d+\s*天"
)
_CASE_CODE = re.compile(r"[EeHhWw]\s*\d{1,8}(?!\d)")


def says_away(text: str) -> bool:
    return bool(_AWAY.search(text) and _SPAN.search(text) and not _CASE_CODE.search(text))


def tell_secretary(ctx: Context) -> bool:
    """Pass a member's "I will be away" on to the 书记 and say what happens meanwhile."""
    sender = ctx.sender
    if not (ctx.is_private and Role.MEMBER <= sender.role < Role.SECRETARY):
        return False
    if sender.estate_id is None or not says_away(ctx.text):
        return False
    secretaries = [
        p
        for p in ctx.uow.people.with_role(sender.estate_id, Role.SECRETARY)
        if p.id != sender.id and not p.wechat_id.startswith("console:")
    ]
    building = ctx.uow.estates.building(sender.building_id) if sender.building_id else None
    where = building.name if building else "楼栋"
    who = f"{where}{sender.role.label} {sender.name}"
    for secretary in secretaries:
        ctx.send(
            f"【外出】{who} 私聊说：「{ctx.text.strip()}」\n"
            f"这期间{where}的诉求请您帮看着：督办仍会先发给{sender.name}，"
            "到时限后升级给您；可以直接「派单 E0001 @党员名字」。",
            person=secretary,
        )
    held = [c for c in ctx.uow.cases.assigned_to(sender.id or 0) if c.status.is_open]
    told = "、".join(f"{s.name}书记" for s in secretaries) or "社区工作人员"
    lines = [
        f"好的，已转告{told}。注意：机器人还不能自动替您代管，这几天{where}的督办仍会先发给您，"
        "到时限后再升级给书记。"
    ]
    if held:
        codes = "、".join(c.code for c in held[:5])
        lines.append(
            f"您手上还有 {codes} 在办，要交出去请发「退回 {held[0].code} 原因」，由书记重新派单。"
        )
    lines.append("一路平安！")
    ctx.reply("\n".join(lines))
    return True
