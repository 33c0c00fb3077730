"""A question is not a case (convo4 rule 3).

Before the intent engine may open a 诉求, a message that belongs to something the bot already
knows goes there: a status question about the person's own request (「我的帮办」 in "怎么还没人来
啊 我的帮办呢"), a protest about their own points, a reply to a staff notice that still holds,
an opinion on a 议题 open for opinions. Each of these became a case that climbed the whole
escalation ladder. Each module knows one of them; this one fixes their order (the most
explicit first) and what the bot does with each.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.chat import phrasing, sole
from bot.chat.context import Context
from bot.chat.notcase import notices, own, points, topics
from bot.domain.deliberation.topics import Stage

ASK_TOPIC = "您是在对哪个议题提意见？请回复「意见 {first} 您的想法」（换成议题编号）：{codes}。"

Run = Callable[[str], bool]  # runs a command text as if typed; False when it does not apply


def redirect(ctx: Context, run: Run) -> bool:
    """Answer the message from the flow it belongs to; False leaves it to the intent engine."""
    said = ctx.text
    return (
        _withdraw_which(ctx, said)
        or _own_status(said, run)
        or _points(ctx, said)
        or _notice(ctx, said)
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


def _own_status(said: str, run: Run) -> bool:
    ran = [command for command in own.status_commands(said) if run(command)]
    return bool(ran)


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
