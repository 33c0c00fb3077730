"""通知: staff and 支部书记 broadcast a notice, privately, with a preview and an explicit 确认.

    通知 全部 明天9:00-15:00停水，请提前储水
    通知 3号楼 …            通知 兰亭小区、锦绣3号楼 …        通知 兰亭3号楼邻里群 …
    定时 2026-12-01 08:00 通知 兰亭小区 …   (日期也可写 12-01、明天；时间 8:00 或 8点；
    也可以说「定时 明天早上7点 通知 …」)
    确认 / 确认 B0003        取消 / 取消 B0003        撤回通知 B0003        通知进度 B0003
    (取消 is registered in bot.handlers.cancelling, which reads the code's letter)

Words like 通知 and 取消 also occur in residents' chat, so these handlers answer anyone
without the role only when spoken to (privately or with an @); otherwise they stay silent.
"""

from __future__ import annotations

import re
from datetime import datetime

from bot.chat.codes import BROADCAST_CODE
from bot.chat.context import Context
from bot.chat.router import Router
from bot.domain.broadcasts import (
    CHANGE_ASKED,
    EXAMPLE,
    Broadcast,
    BroadcastStatus,
    TargetError,
    asks_change,
    format_when,
    parse_broadcast_code,
    parse_schedule_words,
)
from bot.domain.community import Role
from bot.services import broadcasts
from bot.services.broadcasts import BroadcastError

BROADCAST_ROLE = Role.SECRETARY
USAGE = f"{EXAMPLE}（对象：全部、小区、楼栋或群名；定时：定时 明天 08:00 通知 …）"
CODE = rf"{BROADCAST_CODE}?"


# The command's form: an audience right after the command word, then the words.
_AUDIENCE_FIRST = re.compile(
    r"^\s*(?:全部|全体|所有群|所有人|各群|\S{2,4}小区|\S{2,4}家园|\d+号楼|\d+栋)[\s:：,，]+\S"
)
NOT_YOURS = "抱歉，只有社区工作人员和支部书记可以发通知。有事想告诉大家，直接在群里说就行。"


def build_router() -> Router:
    router = Router("broadcasts")

    @router.command("通知", "群发", args=r"(?P<rest>.*)", usage=USAGE)
    def notice(ctx: Context, args: re.Match[str]) -> None:
        if _allowed(ctx, commanded=bool(_AUDIENCE_FIRST.match(args["rest"]))):
            _compose(ctx, args["rest"], None)

    @router.command(
        "定时",
        # The time is whatever stands before 通知: "2026-12-01 08:00", "明天早上7点".
        args=r"(?P<when>.+?)\s*(?:通知|群发)\s*(?P<rest>.*)",
        usage="定时 明天 08:00 通知 兰亭小区 明早8点起停水",
    )
    def scheduled(ctx: Context, args: re.Match[str]) -> None:
        if not _allowed(ctx):
            return
        try:
            when = parse_schedule_words(args["when"], ctx.now, ctx.bot.tz)
        except TargetError as exc:
            ctx.reply(str(exc))
            return
        _compose(ctx, args["rest"], when)

    @router.command("确认", "确认发送", args=CODE, usage="确认 B0003")
    def confirm(ctx: Context, args: re.Match[str]) -> None:
        draft = _draft(ctx, args["code"])
        if draft is None:
            return
        if asks_change(ctx.tail):
            # "确认 B0003 但是时间改一下": a change request, not a 确认 (convofix11a).
            ctx.reply(CHANGE_ASKED.format(code=draft.code))
            return
        assert draft.id is not None
        try:
            sent = broadcasts.confirm(ctx.uow, draft.id, actor=_actor(ctx), now=ctx.now)
        except BroadcastError as exc:
            ctx.reply(str(exc))
            return
        if sent.scheduled_at and sent.scheduled_at > ctx.now:
            when = format_when(sent.scheduled_at, ctx.bot.tz)
            ctx.reply(
                f"好的，通知 {sent.code} 将在 {when} 发到 {len(sent.group_ids)} 个群。"
                f"要撤回请发送「撤回通知 {sent.code}」。"
            )
        else:
            ctx.reply(
                f"好的，通知 {sent.code} 开始发送，共 {len(sent.group_ids)} 个群，"
                f"为避免被微信限制会间隔几秒逐个发出。发送「通知进度 {sent.code}」查看进度。"
            )

    @router.command(
        "撤回通知",
        args=BROADCAST_CODE,
        usage="撤回通知 B0003",
        min_role=BROADCAST_ROLE,
    )
    def withdraw(ctx: Context, args: re.Match[str]) -> None:
        broadcast_id = parse_broadcast_code(args["code"])
        if broadcast_id is None or not _may_touch(ctx, broadcast_id):
            ctx.reply("没有找到这条通知。")
            return
        try:
            withdrawn = broadcasts.cancel(ctx.uow, broadcast_id, actor=_actor(ctx), now=ctx.now)
        except BroadcastError as exc:
            ctx.reply(str(exc))
            return
        ctx.reply(f"已撤回：还没发出的 {withdrawn} 个群不再发送；已发出的无法收回。")

    @router.command("通知进度", args=CODE, usage="通知进度 B0003", min_role=BROADCAST_ROLE)
    def progress(ctx: Context, args: re.Match[str]) -> None:
        broadcast_id = parse_broadcast_code(args["code"]) if args["code"] else None
        if broadcast_id is None:
            latest = ctx.uow.broadcasts.latest_by(_sender_id(ctx))
            broadcast_id = latest.id if latest else None
        if broadcast_id is None or not _may_touch(ctx, broadcast_id):
            ctx.reply("没有找到这条通知。")
            return
        ctx.reply(
            broadcasts.render_progress(broadcasts.progress(ctx.uow, broadcast_id), ctx.bot.tz)
        )

    return router


def drop(ctx: Context, code: str | None) -> None:
    """「取消」/「取消 B0003」: the notice draft is thrown away (the command is registered in
    bot.handlers.cancelling, which reads the code's letter)."""
    draft = _draft(ctx, code)
    if draft is None:
        return
    assert draft.id is not None
    broadcasts.drop(ctx.uow, draft.id, actor=_actor(ctx), now=ctx.now)
    ctx.reply(f"已作废通知 {draft.code}，没有发送。")


def _allowed(ctx: Context, *, commanded: bool = False) -> bool:
    """Broadcasting is for 支部书记 and staff, privately. Others hear why if they asked, or
    used the command's own form ("通知 全部 明天大家都来开会", D17); a pasted "通知：明天停水"
    in a group is a neighbour passing a notice on, and stays unanswered."""
    if ctx.sender.role < BROADCAST_ROLE:
        if ctx.addressed or commanded:
            ctx.reply(NOT_YOURS)
        return False
    if not ctx.is_private:
        ctx.reply("发通知请私聊我，确认无误后我再发到各个群。")
        return False
    if ctx.sender.role == Role.SECRETARY and ctx.sender.estate_id is None:
        ctx.reply("您的账号还没有对应的小区，请联系社区管理员。")
        return False
    return True


def _compose(ctx: Context, rest: str, when: datetime | None) -> None:
    rest = rest.strip()
    if not rest:
        ctx.reply(f"请写明发给谁和内容，例如：{EXAMPLE}")
        return
    # "通知 3号楼 明天停水", "通知 3号楼：明天停水", "通知 兰亭3号楼 4号楼 明天停水": the
    # audience is every leading word that names a place.
    targets, body = broadcasts.split_audience(ctx.uow, rest)
    try:
        draft = broadcasts.compose(
            ctx.uow,
            account=ctx.bot.account,
            actor=_actor(ctx),
            targets=targets,
            body=body,
            community=ctx.bot.community,
            tz=ctx.bot.tz,
            now=ctx.now,
            author_id=_sender_id(ctx),
            scope_estate_id=_scope(ctx),
            scheduled_at=when,
        )
    except BroadcastError as exc:
        ctx.reply(str(exc))
        return
    ctx.reply(draft.preview)


def _draft(ctx: Context, code: str | None) -> Broadcast | None:
    """The draft 确认/取消 refers to: private chat only, silence in groups (common words)."""
    if not ctx.is_private:
        return None
    if ctx.sender.role < BROADCAST_ROLE:
        ctx.reply("您没有待确认的通知。")
        return None
    if code:
        broadcast_id = parse_broadcast_code(code)
        found = ctx.uow.broadcasts.get(broadcast_id) if broadcast_id else None
        if found is None or not _may_touch(ctx, broadcast_id or 0):
            ctx.reply("没有找到这条通知，请核对编号。")
            return None
        if found.status is not BroadcastStatus.DRAFT:
            ctx.reply(f"通知 {found.code} 已经处理过了，发送「通知进度 {found.code}」查看。")
            return None
        return found
    draft = broadcasts.latest_draft(ctx.uow, _sender_id(ctx), ctx.now)
    if draft is None:
        ctx.reply("您没有待确认的通知（预览 24 小时内有效）。")
    return draft


def _may_touch(ctx: Context, broadcast_id: int) -> bool:
    found = ctx.uow.broadcasts.get(broadcast_id)
    if found is None:
        return False
    if ctx.sender.role >= Role.STAFF:
        return True
    return found.author_id == ctx.sender.id


def _scope(ctx: Context) -> int | None:
    return ctx.sender.estate_id if ctx.sender.role < Role.STAFF else None


def _actor(ctx: Context) -> str:
    return f"{ctx.sender.name}({ctx.sender.wechat_id})"


def _sender_id(ctx: Context) -> int:
    assert ctx.sender.id is not None
    return ctx.sender.id
