""" "哎呀加错了 是王奶奶不是王阿姨": the one who just gave points says they went to the wrong
person. The 加分 reply named the record (#2), but the fix was the generic greeting
(convofix14e, convo14b file 07b): point to 「更正 #2 原因」 with her own latest record, and to
the 加分 for the right person when she named them. Nothing is reversed on a guess: a
correction notifies the resident, so it stays an explicit command."""

from __future__ import annotations

import re
from datetime import timedelta

from bot.chat.context import Context
from bot.domain.community import Role

RECENT = timedelta(hours=24)
# "加错了", "扣错人了", "记错人", "分给错了", "弄错人了" (a bare "记错了" is anyone's slip).
_WRONG = re.compile(
    r"(?:加|扣)(?:分)?错|错(?:加|扣)|(?:记|给|弄|搞|写|打|选)错(?:了)?人|分.{0,4}错了"
)
# "是王奶奶不是王阿姨", "应该是王奶奶", "不是王阿姨 是王奶奶".
_RIGHT = re.compile(
    r"(?:应该是|应该给|是)(?P<a>[^\s，,。！!不是]{2,4}?)(?:\s|，|,)*不是"
    r"|不是[^\s，,。]{2,4}?(?:\s|，|,)*(?:是|应该是)(?P<b>[^\s，,。！!]{2,4})"
    r"|(?:应该是|应该给)(?P<c>[^\s，,。！!]{2,4})"
)


def wrong_person_hint(ctx: Context) -> str | None:
    """The 更正 line for the sender's latest own award, when the words say it was wrong."""
    if not ctx.is_private or ctx.sender.role < Role.LEADER or not says_wrong(ctx.text):
        return None
    recent = ctx.uow.points_reports.entries(
        start=ctx.now - RECENT, end=ctx.now + timedelta(seconds=1), limit=50, newest_first=True
    )
    mine = next(
        (
            e
            for e in recent
            if e.actor_id == ctx.sender.id
            and e.reverses_id is None
            and e.id is not None
            and ctx.uow.points.reversal_of(e.id) is None
        ),
        None,
    )
    if mine is None:
        return None
    person = ctx.uow.people.get(mine.person_id)
    name = person.name if person else "对方"
    head = f"刚才给 {name} 记的「{mine.rule}」{mine.points:+d} 分是记录 {mine.code}。"
    if ctx.sender.role >= Role.SECRETARY:
        line = f"{head}要撤销请发「更正 {mine.code} 记错了人」，会冲正并告诉{name}"
    else:  # 更正 is the 书记's and staff's
        line = f"{head}更正需要支部书记或社区工作人员：请把「更正 {mine.code} 记错了人」告诉他们"
    who = right_name(ctx.text)
    if who and who != name:
        verb = "加分" if mine.points >= 0 else "扣分"
        return f"{line}；再发「{verb} @{who} {mine.rule} …」给{who}记上。"
    return f"{line}。"


def says_wrong(text: str) -> bool:
    return bool(_WRONG.search(text))


def right_name(text: str) -> str | None:
    """The person the points should have gone to, when the words name them."""
    found = _RIGHT.search(text)
    return next((g for g in found.groups() if g), None) if found else None
