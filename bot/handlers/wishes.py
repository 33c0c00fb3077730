"""微心愿 in chat: post (by intent or "#微心愿 …"/"心愿 …"), 公开/不公开, 心愿墙, 已实现, 撤回心愿.

Claiming ("认领 W0012") shares the 认领/接单 command with cases: the claims handler sends
W-codes here through `claims_wish`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bot.chat.codes import WISH_CODE
from bot.chat.context import Context
from bot.chat.router import IntentView, Router
from bot.domain.community import Group, GroupKind, Role
from bot.domain.wishes import Wish, WishRefused, WishStatus, format_wish_code, parse_wish_code
from bot.handlers.followups.absent import request_on_case
from bot.handlers.home import ask_where
from bot.services import pending, wishes
from bot.services.case_access import may_read_wish
from bot.services.points_policy import PointsPolicy, default_policy

if TYPE_CHECKING:
    from bot.handlers.helpdesk import Desk

_CODE_IN_TEXT = re.compile(r"(?<![A-Za-z])[Ww]\s*0*(\d{1,9})(?!\d)")
USAGE = "心愿 想请人帮忙把冬天的被子晒一晒"


def build_router(policy: PointsPolicy | None = None, desk: Desk | None = None) -> Router:
    policy = policy or default_policy()
    router = Router("wishes")

    @router.intent("wish")
    def wish_intent(ctx: Context, _intent: IntentView) -> None:
        if request_on_case(ctx):
            return  # "帮我把总闸关一下" right after speaking about his case: to its handler
        if desk is not None and desk.takes_wish(ctx, ctx.message.text):
            return
        _post(ctx, policy, ctx.message.text, explicit=False)

    # "心愿 " and "心愿:" carry their separator in the name, so "心愿达成了" stays small talk.
    @router.command(
        "#微心愿",
        "#心愿",
        "微心愿 ",
        "微心愿:",
        "心愿 ",
        "心愿:",
        args=r"(?P<text>.*)",
        usage=USAGE,
    )
    def wish_command(ctx: Context, args: re.Match[str]) -> None:
        _post(ctx, policy, args["text"], explicit=True)

    @router.command("心愿墙", "微心愿墙", "心愿单")
    def wall(ctx: Context, _args: re.Match[str]) -> None:
        _wall(ctx)

    # Without a code, the answer is about the sender's wish awaiting the consent question
    # ("同意公开" reaches here as 「公开」 through the phrasing rules).
    @router.command("公开", "公开心愿", args=f"{WISH_CODE}?", usage="公开 W0001")
    def show(ctx: Context, args: re.Match[str]) -> None:
        _consent(ctx, args["code"], public=True)

    @router.command("不公开", "不公开心愿", args=f"{WISH_CODE}?", usage="不公开 W0001")
    def hide(ctx: Context, args: re.Match[str]) -> None:
        _consent(ctx, args["code"], public=False)

    @router.command("已实现", "心愿已实现", "已完成心愿", args=WISH_CODE, usage="已实现 W0001")
    def fulfilled(ctx: Context, args: re.Match[str]) -> None:
        _fulfil(ctx, policy, args["code"])

    @router.command("撤回心愿", "取消心愿", args=WISH_CODE, usage="撤回心愿 W0001")
    def withdraw_command(ctx: Context, args: re.Match[str]) -> None:
        withdraw(ctx, policy, args["code"])

    @router.command("我的心愿", "我的微心愿")
    def mine(ctx: Context, _args: re.Match[str]) -> None:
        _mine(ctx)

    return router


def withdraw(ctx: Context, policy: PointsPolicy, code: str) -> None:
    """「撤回心愿 W0001」, and 「取消 W0001」 through bot.handlers.cancelling."""
    try:
        wish = _find(ctx, code)
        wishes.withdraw(ctx.uow, policy, wish, ctx.sender, ctx.now)
    except WishRefused as refused:
        ctx.reply(str(refused))
        return
    ctx.reply(f"微心愿 {wish.code} 已撤回。有需要随时再说。")
    _tell_claimer_withdrawn(ctx, wish)


def _tell_claimer_withdrawn(ctx: Context, wish: Wish) -> None:
    """The member who claimed it (and has her address) must not knock on her door for
    nothing (convo4 F96): a withdrawal reaches whoever acted on the wish."""
    claimer = ctx.uow.people.get(wish.claimer_id) if wish.claimer_id else None
    if claimer is not None and claimer.id != ctx.sender.id:
        ctx.send(f"心愿人已撤回微心愿 {wish.code}，不用再去了。谢谢您的热心！", person=claimer)


# ---- posting ----------------------------------------------------------------------------


def _post(ctx: Context, policy: PointsPolicy, raw: str, *, explicit: bool) -> None:
    estate_id = ctx.estate_id
    if estate_id is None:
        if ctx.is_private:
            ask_where(ctx, "登记心愿")  # the privacy-first path works for wishes too (D33)
        elif explicit or ctx.addressed:
            ctx.reply("请在您所在的楼栋群或业主群里发微心愿，方便本楼党员看到。")
        return
    try:
        wish = wishes.post(
            ctx.uow,
            policy,
            estate_id=estate_id,
            group=ctx.group,
            requester=ctx.sender,
            raw_text=raw,
            now=ctx.now,
            building=ctx.classify(raw).location.building if ctx.classify else None,
        )
    except WishRefused as refused:
        if explicit or ctx.addressed:
            ctx.reply(str(refused))
        return
    ask = (
        f"您的微心愿 {wish.code} 已登记：「{wishes.summary_words(wish.text)}」\n"
        "为保护隐私，心愿默认不在群里公开，只有本楼党员能看到，也不会显示您的姓名和门牌。\n"
        f"愿意公开到群里，请回复「公开 {wish.code}」；想撤回请回复「撤回心愿 {wish.code}」。"
    )
    if ctx.group is not None:
        # Nothing of the wish is echoed in the group until its owner agrees.
        ctx.reply(
            f"收到您的微心愿，编号 {wish.code}，我们会请党员帮忙。是否在群里公开，我私信问您。"
        )
        ctx.send(ask, person=ctx.sender)
    else:
        ctx.reply(ask)
    where = wishes.place(ctx.uow, wish)
    notice = (
        f"【新微心愿】{wish.code}{f'（{where}）' if where else ''}：{wish.summary}\n"
        f"愿意帮忙请发送「认领 {wish.code}」。"
    )
    for member in wishes.party_members(ctx.uow, wish):
        ctx.send(notice, person=member)


def _consent(ctx: Context, code: str | None, *, public: bool) -> None:
    try:
        wish = _find(ctx, code) if code else pending.consent_wish(ctx.uow, ctx.sender)
        if wish is None:
            if ctx.addressed:
                ctx.reply("请写上心愿编号，例如「公开 W0001」。发送「我的心愿」可查看编号。")
            return
        changed = wishes.set_public(ctx.uow, wish, ctx.sender, public, ctx.now)
    except WishRefused as refused:
        ctx.reply(str(refused))
        return
    if not public:
        ctx.reply(f"好的，微心愿 {wish.code} 不在群里公开，只有党员能看到。")
        return
    if not changed:
        ctx.reply(f"微心愿 {wish.code} 已经是公开的了。")
        return
    group = _home_group(ctx, wish)
    if group is not None and wish.claimer_id is None:
        ctx.send(
            f"【微心愿】{wish.code}：{wish.summary}\n党员和热心邻居可以帮帮忙，"
            f"党员发送「认领 {wish.code}」认领。",
            group=group,
        )
    ctx.reply(f"好的，微心愿 {wish.code} 已在群里公开（不显示您的姓名和门牌）。谢谢您！")


def _home_group(ctx: Context, wish: Wish) -> Group | None:
    """Where a public wish is shown: its own group, else its 楼栋群, else the 业主群."""
    if wish.group_id is not None:
        group = ctx.uow.groups.get(wish.group_id)
        return group if group is not None and group.left_at is None else None
    candidates = [
        g
        for g in ctx.uow.groups.all()
        if g.estate_id == wish.estate_id and g.left_at is None and g.kind is not GroupKind.PARTY
    ]
    candidates.sort(
        key=lambda g: (g.building_id != wish.building_id, g.kind is not GroupKind.OWNERS)
    )
    return candidates[0] if candidates else None


# ---- claiming (called by the shared 认领/接单 handler) ----------------------------------------


def claims_wish(ctx: Context, token: str | None) -> bool:
    """Handle "认领 W0012" (or 认领 quoting a wish message); False when it is not about a wish."""
    if token is None:
        quoted = _CODE_IN_TEXT.search(ctx.message.quote or "")
        if quoted is None or re.search(r"[Ee]\s*\d{3,}", ctx.message.quote or ""):
            return False
        token = format_wish_code(int(quoted[1]))
    try:
        wish = _find(ctx, token)
        result = wishes.claim(ctx.uow, wish, ctx.sender, ctx.now)
    except WishRefused as refused:
        ctx.reply(str(refused))
        return True
    if not result.won:
        if result.holder is not None and result.holder.id == ctx.sender.id:
            ctx.reply(f"微心愿 {wish.code} 已经由您认领了。")
        else:
            holder = result.holder.name if result.holder else "其他党员"
            ctx.reply(f"微心愿 {wish.code} 已由 {holder} 认领，谢谢您的热心！")
        return True
    requester = ctx.uow.people.get(wish.requester_id)
    where = wishes.place(ctx.uow, wish)
    details = (
        f"您已认领微心愿 {wish.code}：「{wish.text}」\n"
        f"心愿人：{requester.name if requester else '居民'}{f'（{where}）' if where else ''}。"
        "请尽快和心愿人联系；心愿实现后，请心愿人回复「已实现 " + wish.code + "」。"
    )
    if ctx.group is not None:
        ctx.reply(f"认领成功：微心愿 {wish.code}，详情已私信您。谢谢！")
        ctx.send(details, person=ctx.sender)
    else:
        ctx.reply(details)
    if requester is not None:
        ctx.send(
            f"您的微心愿 {wish.code} 已由党员 {ctx.sender.name} 认领，会尽快和您联系。"
            f"心愿实现后请回复「已实现 {wish.code}」。",
            person=requester,
        )
    return True


# ---- fulfilled, the wall, my wishes ----------------------------------------------------------


def _fulfil(ctx: Context, policy: PointsPolicy, code: str) -> None:
    try:
        wish = _find(ctx, code)
        if _claimer_says_done(ctx, wish):
            return
        result = wishes.fulfil(ctx.uow, policy, wish, ctx.sender, ctx.now, ctx.bot.tz)
    except WishRefused as refused:
        ctx.reply(str(refused))
        return
    claimer = ctx.uow.people.get(wish.claimer_id) if wish.claimer_id else None
    thanks = f"感谢党员 {claimer.name} 的帮助！" if claimer else "感谢热心人的帮助！"
    ctx.reply(f"太好了，微心愿 {wish.code} 已实现。{thanks}")
    if claimer is not None:
        booked = ""
        if result is not None and result.entry is not None and result.entry.points:
            booked = f"已为您记「{result.entry.rule}」{result.entry.points:+d} 积分。"
        ctx.send(f"您认领的微心愿 {wish.code} 已确认实现。{booked}谢谢您！", person=claimer)
    if ctx.sender.id != wish.requester_id:
        requester = ctx.uow.people.get(wish.requester_id)
        if requester is not None:
            ctx.send(
                f"您的微心愿 {wish.code} 已由 {ctx.sender.name} 代为确认实现。如有疑问请回复我。",
                person=requester,
            )


def _claimer_says_done(ctx: Context, wish: Wish) -> bool:
    """ "W0001 已完成" / "已实现 W0001" from the member who took it (convofix11a): the wish
    is the requester's to confirm, so she is asked; nothing changes until she answers."""
    if (
        ctx.sender.id is None
        or wish.claimer_id != ctx.sender.id
        or wish.requester_id == ctx.sender.id
        or ctx.sender.role >= Role.STAFF
    ):
        return False
    if wish.status is WishStatus.FULFILLED:
        ctx.reply(f"微心愿 {wish.code} 心愿人已经确认实现了，谢谢您！")
        return True
    if wish.status is not WishStatus.CLAIMED:
        return False
    requester = ctx.uow.people.get(wish.requester_id)
    ctx.reply(
        f"谢谢您！微心愿 {wish.code} 要由心愿人本人确认实现，我已私信请心愿人确认，确认后会告诉您。"
    )
    if requester is not None:
        ctx.send(
            f"党员 {ctx.sender.name} 说您的微心愿 {wish.code} 已经帮您办好了。"
            f"如果确实实现了，请回复「已实现 {wish.code}」；还没有的话，跟我说一声就行。",
            person=requester,
        )
    return True


def _wall(ctx: Context) -> None:
    estate_id = ctx.estate_id
    if estate_id is None:
        ctx.reply("请在小区的群里查看心愿墙。")
        return
    party_view = (ctx.group is None and ctx.sender.role >= Role.MEMBER) or (
        ctx.group is not None and ctx.group.kind is GroupKind.PARTY
    )
    building_id = None
    if ctx.group is not None and ctx.group.kind is GroupKind.BUILDING:
        building_id = ctx.group.building_id
    lines = wishes.wall(ctx.uow, estate_id, building_id=building_id, include_private=party_view)
    if not lines:
        ctx.reply("心愿墙上暂时没有待实现的微心愿。有心愿可以发送「" + USAGE + "」。")
        return
    head = "【心愿墙】待实现的微心愿" + ("（含未公开的，请勿外传）" if party_view else "") + "："
    tail = "党员发送「认领 编号」认领。" if party_view or ctx.group else ""
    ctx.reply("\n".join([head, *lines, tail]).strip())


def _mine(ctx: Context) -> None:
    person_id = ctx.sender.id or 0
    own = list(ctx.uow.wishes.by_requester(person_id))
    claimed = list(ctx.uow.wishes.claimed_by(person_id)) if ctx.sender.role >= Role.MEMBER else []
    if not own and not claimed:
        ctx.reply(f"您还没有发过微心愿。发送「{USAGE}」就能登记。")
        return
    lines = []
    if own:
        lines.append("您的微心愿：")
        lines += [f"{w.code} {w.summary} · {w.status.label}" for w in own]
    if claimed:
        lines.append("您认领的微心愿：")
        lines += [f"{w.code} {w.summary} · {w.status.label}" for w in claimed]
    ctx.send("\n".join(lines), person=ctx.sender)
    if ctx.group is not None:
        ctx.reply("已私信告诉您。")


def wish_status(ctx: Context, token: str) -> None:
    """「进度 W0002」 / "w0002呢": a wish's state, to those who may read it; same non-answer
    for a missing wish and one the asker may not see. A private wish asked about in a group
    by its owner is answered privately: nothing of it is shown in the group."""
    wish = ctx.uow.wishes.get(parse_wish_code(token) or 0)
    if wish is None or not may_read_wish(wish, ctx.sender, ctx.group):
        shown = token.upper().replace(" ", "")
        ctx.reply(f"查不到微心愿 {shown}，请核对编号。发送「我的心愿」可查看您的心愿。")
        return
    text = "\n".join(wishes.status_lines(ctx.uow, wish))
    if ctx.group is not None and not wish.public:
        ctx.send(text, person=ctx.sender)
        ctx.reply("已私信告诉您。")
        return
    ctx.reply(text)


def _find(ctx: Context, token: str) -> Wish:
    return wishes.find(ctx.uow, parse_wish_code(token), token.upper().replace(" ", ""))
