"""A detail for the person's one open 帮办, said privately just after asking (convo4 F37).

"是硝苯地平 要两盒" right after confirming the address for 代购药品 got the generic introduction,
and the volunteer never learned which medicine. When the intent engine finds no problem in a
private message, and its sender has exactly one 帮办 confirmed in the last day and still open,
the words are kept on that request and passed to the volunteer who took it.
"""

from __future__ import annotations

import re
from datetime import timedelta

from bot.chat import phrasing
from bot.chat.context import Context
from bot.domain.helpdesk import EventKind
from bot.domain.helpdesk import Status as HelpStatus
from bot.services import pending
from bot.services.helpdesk import requests

RECENT = timedelta(days=1)
_ASKING = re.compile(r"吗|么|呢|[?？]|怎么|为什么|为啥|咋|几点|什么时候|啥时候|谁")
MAX_DETAIL = 60
KEPT = "已把您的补充记到帮办 {code}，接单的队员会看到：{text}"
RELAYED = "已把您的补充记到帮办 {code}，并转告了接单的 {claimer}。"
TO_CLAIMER = "帮办 {code}「{service}」居民补充：{text}"
# Thanks, greetings and yes/no are not details; nor is a bare ballot word, which is her vote
# (small_talk names the open vote): kept on the 帮办 it told a secret ballot's choice to the
# volunteer and cast nothing (probe11).
_NOT_DETAIL = re.compile(
    r"^(?:好的?|嗯+|哦+|OK|ok|收到|知道了|谢谢.*|感谢.*|你好|您好|在吗|是的?|对|不是|没有|不用了?"
    r"|(?:我|我家|我们家)?投?(?:同意|不同意|赞成|反对|弃权)(?:的|了|吧|啊)*)$"
)


# The bot asked for the 帮办's address and the answer did not read as one (F4): say once more,
# in one line, what it needs, rather than loop or fall silent.
ADDRESS_AGAIN = (
    "帮办 {code}「{service}」还差上门地址：请回复楼号、单元和门牌，"
    "例如「地址 3号楼2单元502 明天上午」（写成 3-2-502 也可以）；"
    "不需要了请回复「取消帮办 {code}」。"
)
_SMALL = re.compile(r"^(?:好的?|嗯+|哦+|OK|ok|收到|知道了|谢谢.*|感谢.*|你好|您好|在吗)$")


def address_again(ctx: Context) -> bool:
    """An answer the 帮办 address question cannot use, while that question is pending."""
    said = phrasing.trim(ctx.text)
    draft = pending.help_draft(ctx.uow, ctx.sender)
    if draft is None or not said or _SMALL.match(said) or len(said) > MAX_DETAIL:
        return False
    ctx.reply(ADDRESS_AGAIN.format(code=draft.code, service=draft.service_name))
    return True


def add(ctx: Context) -> bool:
    person = ctx.sender.id
    said = phrasing.trim(ctx.text)
    if person is None or not said or len(said) > MAX_DETAIL or _NOT_DETAIL.match(said):
        return False
    if _ASKING.search(said):
        return False  # "那怎么办啊" asks the bot; it tells the volunteer nothing
    recent = [
        r
        for r in ctx.uow.helpdesk.of_person(person)
        if r.requester_id == person
        and r.status in (HelpStatus.OPEN, HelpStatus.CLAIMED)
        and r.confirmed_at is not None
        and ctx.now - r.confirmed_at <= RECENT
    ]
    if len(recent) != 1:
        return False
    request = recent[0]
    requests.event(
        ctx.uow, request, ctx.now, EventKind.PROGRESS, ctx.sender, f"{requests.ADDED}{said}"
    )
    claimer = ctx.uow.people.get(request.claimer_id) if request.claimer_id else None
    if claimer is None:
        ctx.reply(KEPT.format(code=request.code, text=said))
        return True
    ctx.send(
        TO_CLAIMER.format(code=request.code, service=request.service_name, text=said),
        person=claimer,
    )
    ctx.reply(RELAYED.format(code=request.code, claimer=claimer.name))
    return True
