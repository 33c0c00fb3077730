"""A resident asks for another volunteer for her 帮办 (convofix13): "能不能换个人来 小孙上班忙".

The bot cannot pick a volunteer itself: a 帮办 goes to whoever of the building's 帮办代办队
takes it first. So the smallest answer that keeps PRODUCT §10's shape: the volunteer who took it
is asked to hand it back ("退回 H0001 居民希望换人", which offers it to the team again, as any
hand-back does), the 楼栋党小组长 is told so that someone follows it up, and the resident is told
plainly how it goes on (and that 取消帮办 H0001 is always open to her). Only when she has exactly
one 帮办 that a volunteer holds; otherwise her words go on as a detail or small talk.
"""

from __future__ import annotations

import re

from bot.chat import phrasing
from bot.chat.context import Context
from bot.domain.escalation import Rung
from bot.domain.helpdesk import EventKind
from bot.domain.helpdesk import Status as HelpStatus
from bot.services.helpdesk import requests, team

MAX_WORDS = 60
# "换个人来", "换一位队员", "换个别的同志吧", "能换人吗", "别让他来了", "不要小孙来了".
_CHANGE = re.compile(
    r"换(?:个|一个|位|一位|名|一名)?(?:别(?:的|人)|其他|其它)?"
    r"(?:人|同志|队员|志愿者|师傅|小伙子|姑娘)"
    r"|换掉|另(?:找|派|换)(?:个|一个|位|一位)?(?:人|同志|队员|志愿者)"
    r"|(?:别|不要)(?:让|叫)(?:他|她|\S{1,3})来了"
)
# Not about the volunteer: "换个人多的时间", "换人民币". "不用他来了 我女儿买回来了" is no
# request for someone else either (it is her cancelling: 取消帮办 stays hers to say).
_NOT_PERSON = re.compile(r"换(?:个)?人(?:多|少|民)")

TO_RESIDENT = (
    "好的，您想换一位队员来办帮办 {code}（{service}），已转告接单的 {claimer}"
    "{leaders}。{claimer} 退回后会另派队员，有人接单会告诉您；"
    "不想等也可以回复「取消帮办 {code}」后重新申请。"
)
TO_CLAIMER = (
    "帮办 {code}「{service}」居民希望换一位队员来办：{text}\n"
    "如果可以，请回复「退回 {code} 居民希望换人」，我们会另找队员；想继续办，请先和居民商量好。"
)
TO_LEADER = (
    "【帮办换人】{code} {service}{where}：居民 {resident} 希望换一位队员（现在是 {claimer} 接单），"
    "已请 {claimer} 退回后重新派单，请帮忙协调。"
)


def asks_for_another(text: str) -> bool:
    said = phrasing.trim(text)
    if not said or len(said) > MAX_WORDS or _NOT_PERSON.search(said):
        return False
    return _CHANGE.search(said) is not None


def ask(ctx: Context) -> bool:
    """Her one claimed 帮办, and words asking for someone else to do it: relayed, answered."""
    person = ctx.sender.id
    if person is None or not asks_for_another(ctx.text):
        return False
    held = [
        r
        for r in ctx.uow.helpdesk.of_person(person)
        if r.requester_id == person and r.status is HelpStatus.CLAIMED and r.claimer_id
    ]
    if len(held) != 1:
        return False
    request = held[0]
    claimer = ctx.uow.people.get(request.claimer_id) if request.claimer_id else None
    if claimer is None:
        return False
    said = phrasing.trim(ctx.text)
    requests.event(
        ctx.uow, request, ctx.now, EventKind.PROGRESS, ctx.sender, f"{requests.ADDED}{said}"
    )
    text = dict(code=request.code, service=request.service_name, claimer=claimer.name)
    ctx.send(TO_CLAIMER.format(text=said, **text), person=claimer)
    leaders = [
        p
        for p in team.rung_people(ctx.uow, request, Rung.LEADER)
        if p.id not in (claimer.id, person)
    ]
    where = team.place(ctx.uow, request)
    for leader in leaders:
        ctx.send(
            TO_LEADER.format(
                where=f" · {where}" if where else "", resident=ctx.sender.name, **text
            ),
            person=leader,
        )
    named = "、".join(p.name for p in leaders[:3])
    ctx.reply(TO_RESIDENT.format(leaders=f"，以及楼栋党小组长 {named}" if named else "", **text))
    return True
