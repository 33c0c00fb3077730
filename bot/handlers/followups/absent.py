"""A case about someone's home reported by a neighbour while they are away (convo14
neighbour_away): "隔壁302老周家出差去了 …门缝底下往外渗水". When the owner speaks up ("谢谢钱姐！
我是302的 在外地 我让我儿子下午过去看看 总闸在楼道管井里") he is the resident the case is about:
he joins it and his words go to whoever acts, never a case of their own. What he asks next
("能不能先帮我把总闸关一下") is a request to the case's handler, not a 微心愿 for the slow wish
path.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from bot.chat.context import Context
from bot.domain.cases import Case, summarize
from bot.domain.escalation import describe
from bot.handlers.case_context import mailer_for
from bot.handlers.followups.common import group_of, urgent_words, who_acts
from bot.services.cases import join_case
from bot.services.claims import add_note

OWNER_HEARD = "已把您说的记到诉求 {code}（您家的问题，{reporter}反映的），并转告了{who}。"
REQUEST_PASSED = "已把您的请求记到诉求 {code}，并转告了{who}，请留意他们联系您。"
OWNER_KNOWN = timedelta(days=2)  # the owner answers the day he sees the group, or the next
REQUEST_WINDOW = timedelta(minutes=30)  # his request right after he spoke about the case
# "我是302的", "我家就是302", "302是我家": the room the words say is the sender's own.
_MY_ROOM = re.compile(
    r"我(?:家)?(?:就)?(?:是|住)\s*(?P<a>\d{3,4})(?!\d)|(?<!\d)(?P<b>\d{3,4})\s*(?:室)?(?:就)?是我家"
)


def owner_speaks(ctx: Context) -> bool:
    """The words say the room of a recent open case of this group is the sender's: he joins
    it, and his words reach whoever acts on it (convo14 neighbour_away)."""
    if ctx.group is None or ctx.estate_id is None or ctx.sender.id is None:
        return False
    room = own_room(ctx.message.text)
    case = _case_of_room(ctx, room) if room is not None else None
    if case is None or case.id is None:
        return False
    reporters = ctx.uow.cases.reporter_ids(case.id)
    if ctx.sender.id in reporters:
        return False  # his own report: the reporter's rules read his words
    first = ctx.uow.people.get(reporters[0]) if reporters else None
    join_case(ctx.uow, case, ctx.sender.id, ctx.now, group_of(ctx))
    _pass_on(ctx, case, "【住户补充】")
    who = _who(ctx, case)
    reporter = f"{first.name}" if first is not None else "邻居"
    ctx.reply(OWNER_HEARD.format(code=case.code, reporter=reporter, who=who))
    return True


def own_room(text: str) -> str | None:
    """The room the words say is the sender's ("我是302的" → "302"), or None."""
    said = _MY_ROOM.search(text)
    return (said["a"] or said["b"]) if said is not None else None


def request_on_case(ctx: Context) -> bool:
    """ "能不能先帮我把总闸关一下" minutes after he spoke about his case in this group: the
    request goes to whoever acts on that case (a 微心愿 would wait for a volunteer)."""
    if ctx.group is None or ctx.sender.id is None or urgent_words(ctx):
        return False
    since = ctx.now - REQUEST_WINDOW
    for case in ctx.uow.cases.by_reporter(ctx.sender.id, limit=5):
        if not case.status.is_open or case.group_id != ctx.group.id:
            continue
        if not _spoke_since(ctx, case, since):
            continue
        _pass_on(ctx, case, "【居民请求】")
        ctx.reply(REQUEST_PASSED.format(code=case.code, who=_who(ctx, case)))
        return True
    return False


def _spoke_since(ctx: Context, case: Case, since: datetime) -> bool:
    """He reported the case, or spoke on it, this recently (not a member's claim or news)."""
    assert case.id is not None
    if case.opened_at >= since and ctx.uow.cases.reporter_ids(case.id)[:1] == [ctx.sender.id]:
        return True
    return any(e.actor_id == ctx.sender.id and e.at >= since for e in ctx.uow.cases.events(case.id))


def _case_of_room(ctx: Context, room: str) -> Case | None:
    assert ctx.group is not None
    since = ctx.now - OWNER_KNOWN
    for case in ctx.uow.cases.find(estate_id=ctx.estate_id, open_only=True, limit=20):
        if case.room == room and case.group_id == ctx.group.id and case.opened_at >= since:
            return case
    return None


def _pass_on(ctx: Context, case: Case, lead: str) -> None:
    """On the case's timeline, and to whoever acts on it."""
    add_note(ctx.uow, case, ctx.sender, summarize(ctx.message.text), ctx.now)
    ctx.stored.case_id = case.id
    people, _ = who_acts(ctx, case)
    text = f"{lead}诉求 {describe(case)}：{ctx.sender.name}说「{summarize(ctx.message.text)}」"
    mailer_for(ctx).to_people(people, text, urgent=case.urgent)


def _who(ctx: Context, case: Case) -> str:
    _, who = who_acts(ctx, case)
    return who.strip()
