"""A question is not a case (convo4 rule 3).

Before the intent engine may open a 诉求, a message that belongs to something the bot already
knows goes there: a status question about the person's own request (「我的帮办」 in "怎么还没人来
啊 我的帮办呢"), a protest about their own points, a reply to a staff notice that still holds,
an opinion on a 议题 open for opinions. Each of these became a case that climbed the whole
escalation ladder. Each module knows one of them; this one fixes their order (the most
explicit first) and what the bot does with each.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.chat import phrasing, sole
from bot.chat.context import Context
from bot.chat.notcase import meetings, notices, own, points, topics, votes
from bot.chat.phrasing.handling import DONE
from bot.chat.phrasing.text import QUESTION, clean_note
from bot.domain.community import Role
from bot.domain.deliberation.topics import Stage
from bot.domain.helpdesk import Status as HelpStatus
from bot.domain.wishes import WishStatus
from bot.services.deliberation import open_votes

ASK_TOPIC = "您是在对哪个议题提意见？请回复「意见 {first} 您的想法」（换成议题编号）：{codes}。"

ASK_MEETING = "最近有几个议事会：{codes}。发「议题 {first}」看时间和地点（换成议题编号）。"
HOW_TO_VOTE = (
    "正在投票：{named}。请私聊我发送「投票 {code} 1」（1 换成选项序号，也可以写选项），"
    "截止前可以改票。"
)
ASK_CLAIM = "想认领哪一件？请发「认领 {first}」（换成编号）：{codes}。"
MAX_CLAIM = 30
MAX_NEWS = 30
_NEWS = re.compile(
    r"已经?到|到了|排队|出发|在路上|路上了|正在|买到|买好|交好|交完|送到|送过去|取到|取好|办好|办完|弄好"
)
_CLAIMING = re.compile(r"认领|我来帮")
_ANY_CODE = re.compile(r"(?<![A-Za-z])[EeWwHh]\s*\d")
Run = Callable[[str], bool]  # runs a command text as if typed; False when it does not apply


def redirect(ctx: Context, run: Run) -> bool:
    """Answer the message from the flow it belongs to; False leaves it to the intent engine."""
    said = ctx.text
    return (
        _withdraw_which(ctx, said)
        or _fulfilled_which(ctx, said)
        or _own_status(ctx, said, run)
        or _claim_sole(ctx, said, run)
        or _volunteer_news(ctx, said, run)
        or _points(ctx, said)
        or _notice(ctx, said)
        or _vote(ctx, said, run)
        or _meeting(ctx, said, run)
        or _topic(ctx, said, run)
    )


def _withdraw_which(ctx: Context, said: str) -> bool:
    """ "不要了 撤回吧" with several open requests: name them and ask which (rule 1)."""
    if (
        ctx.sender.id is None
        or phrasing.withdrawal(phrasing.trim(said), private=ctx.is_private) is None
    ):
        return False
    items = sole.withdrawable(ctx.uow, ctx.sender.id)
    if len(items) < 2:
        return False
    ctx.reply(sole.ask_withdraw(items))
    return True


def _fulfilled_which(ctx: Context, said: str) -> bool:
    """ "已实现" without a code with several claimed wishes: name them and ask which (rule 1)."""
    found = phrasing.rewrite(said, private=ctx.is_private)
    if ctx.sender.id is None or found is None or found.needs != "sole_wish":
        return False
    items = sole.wishes_to_fulfil(ctx.uow, ctx.sender.id)
    if len(items) == 1:
        return False  # the pipeline already confirmed that one
    if not items:
        if not ctx.addressed:
            return False
        ctx.reply(sole.NONE_TO_FULFIL)
        return True
    ctx.reply(sole.ask_fulfilled(items))
    return True


def _own_status(ctx: Context, said: str, run: Run) -> bool:
    ran = [command for command in own.status_commands(said) if run(command)]
    if ran:
        return True
    person = ctx.sender.id
    if person is None:
        return False
    if own.asks_suggestion(said):
        mine = [
            s for s in ctx.uow.suggestions.find(estate_id=ctx.estate_id) if s.person_id == person
        ]
        if mine:
            return run(f"进度 {max(mine, key=lambda s: s.created_at).code}")
    if own.waiting(said):
        helps = [h for h in sole.withdrawable(ctx.uow, person) if h.code.startswith("H")]
        cases = [c for c in ctx.uow.cases.by_reporter(person) if c.status.is_open]
        if helps and not cases:
            return run("我的帮办")
    return False


def _claim_sole(ctx: Context, said: str, run: Run) -> bool:
    """ "我来帮周奶奶挂 认领" from a party member, no code (convo4 F86): the one open wish of
    this building is the one he means; several (or an unclaimed case too): ask which."""
    group = ctx.group
    if ctx.sender.role < Role.MEMBER or group is None or ctx.estate_id is None:
        return False
    if len(said) > MAX_CLAIM or not _CLAIMING.search(said) or _ANY_CODE.search(said):
        return False
    wishes = [
        w
        for w in ctx.uow.wishes.open_wishes(ctx.estate_id, building_id=group.building_id)
        if w.status is WishStatus.OPEN
    ]
    cases = [c for c in ctx.uow.cases.unclaimed(ctx.estate_id) if c.group_id == group.id]
    if len(wishes) == 1 and not cases:
        return run(f"认领 {wishes[0].code}")
    codes = [w.code for w in wishes] + [c.code for c in cases]
    if not codes:
        return False
    ctx.reply(ASK_CLAIM.format(codes="、".join(codes), first=codes[0]))
    return True


def _volunteer_news(ctx: Context, said: str, run: Run) -> bool:
    """ "已到社区服务中心了" privately from a volunteer holding exactly one 帮办 (convo4 F83):
    news on that order, relayed to the resident as a code would be. A member who also handles
    cases is left to say which (the words could be about either)."""
    person = ctx.sender.id
    if not ctx.is_private or person is None or len(said) > MAX_NEWS:
        return False
    if not _NEWS.search(said) or _ANY_CODE.search(said) or QUESTION.search(said):
        return False
    held = [
        r
        for r in ctx.uow.helpdesk.of_person(person)
        if r.claimer_id == person and r.status is HelpStatus.CLAIMED
    ]
    if len(held) != 1 or any(c.status.is_open for c in ctx.uow.cases.assigned_to(person)):
        return False
    verb = "办结" if DONE.search(said) else "进展"
    return run(f"{verb} {held[0].code} {clean_note(said)}")


def _points(ctx: Context, said: str) -> bool:
    if ctx.sender.id is None or not points.disputes(said):
        return False
    entries = ctx.uow.points.recent(ctx.sender.id, 8)
    if not entries:
        return False  # nobody scored them: the words are about something else
    ctx.send(points.answer(entries, ctx.bot.tz), person=ctx.sender)  # points stay private
    return True


def _notice(ctx: Context, said: str) -> bool:
    group_ids = _groups_heard(ctx)
    if not group_ids:
        return False
    recent = list(ctx.uow.broadcasts.recent(notices.RECENT))
    for group_id in group_ids:
        for held in notices.holding(recent, group_id, ctx.now, ctx.bot.tz):
            if notices.about(said, held):
                ctx.reply(notices.pointer(held))
                return True
    return False


def _groups_heard(ctx: Context) -> list[int]:
    """The groups whose notices this person has read: this one, or privately their 小区's."""
    if ctx.group is not None:
        return [ctx.group.id] if ctx.group.id is not None else []
    if ctx.estate_id is None:
        return []
    return [g.id for g in ctx.uow.groups.all() if g.estate_id == ctx.estate_id and g.id]


def _vote(ctx: Context, said: str, run: Run) -> bool:
    found = votes.kind(phrasing.trim(said), private=ctx.is_private)
    if found is None:
        return False
    what, choice = found
    if what == "ballot":
        return run(f"投票 {choice}")  # the ballot finds the one vote open to them, or asks
    group = ctx.group
    open_here = open_votes.open_for(
        ctx.uow,
        ctx.sender,
        estate_id=ctx.estate_id,
        building_id=group.building_id if group is not None else ctx.sender.building_id,
    )
    if not open_here:
        return False
    if what == "question" and len(open_here) == 1:
        return run(f"投票进度 {open_here[0].code}")
    first = open_here[0]
    named = "、".join(f"{v.code}「{v.title}」" for v in open_here)
    ctx.reply(HOW_TO_VOTE.format(named=named, code=first.code))
    return True


def _meeting(ctx: Context, said: str, run: Run) -> bool:
    if ctx.estate_id is None or not meetings.asks(said):
        return False
    topics_here = ctx.uow.topics.find(estate_id=ctx.estate_id)
    held = {t.id: ctx.uow.topics.meetings(t.id) for t in topics_here if t.id and not t.closed}
    coming = meetings.coming(topics_here, held, ctx.now)
    if len(coming) == 1:
        return run(f"议题 {coming[0].code}")
    if len(coming) > 1:
        codes = "、".join(f"{t.code}「{t.title}」" for t in coming)
        ctx.reply(ASK_MEETING.format(codes=codes, first=coming[0].code))
        return True
    return False


def _topic(ctx: Context, said: str, run: Run) -> bool:
    if ctx.estate_id is None:
        return False
    consulting = ctx.uow.topics.find(estate_id=ctx.estate_id, stage=Stage.CONSULTING)
    meant = topics.on_topic(said, consulting)
    if len(meant) == 1:
        return run(f"意见 {meant[0].code} {said}")
    if len(meant) > 1:
        codes = "、".join(f"{t.code}「{t.title}」" for t in meant)
        ctx.reply(ASK_TOPIC.format(first=meant[0].code, codes=codes))
        return True
    return False
