"""党员接单: 认领/接单/我来, 派单, 退回, 进展, 方案, 办结, 待认领 — in a group or privately.

Every command works with the case number alone; replying (quoting) the bot's message about a
case is a convenience on top, since WeChat clients do not always pass quotes along.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.chat.codes import WISH_CLAIM
from bot.chat.context import Context
from bot.chat.followup import says_retracted
from bot.chat.phrasing import clean_note
from bot.chat.router import Router
from bot.domain.cases import Case, EventKind
from bot.domain.community import Person, Role
from bot.domain.escalation import describe
from bot.domain.helpdesk import Status as HelpStatus
from bot.domain.wishes import WishStatus
from bot.handlers.case_context import CASE_CODE, NoCase, case_for, mailer_for
from bot.handlers.helpdesk import HELP_CODE, Desk
from bot.handlers.wishes import claims_wish
from bot.services import case_actions, claims
from bot.services import mailer as audience
from bot.services.claims import Refused
from bot.services.proof import Finished

# Words that give a case away rather than take it on: no claim is read into them.
_HANDING_OVER = re.compile(
    r"交给|转给|转交|让[^，,。]{1,6}(?:来|去|处理|办)|换(?:个)?人|出差|没空|没时间|去不了|来不了|顾不上|不方便"
)


# What may follow a claim without being news: "认领 E0001 谢谢", "认领E0001吧".
_PARTICLES = re.compile(r"[^\w]|吧|了|啊|哈|呀|哦|嗯|好的|谢谢|收到|马上")
_MIN_NOTE = 2
NEIGHBOUR_CASE_OFFER = (
    "谢谢您的热心！认领诉求需要党员身份，{code} 会由党员跟进；想搭把手，"
    "可以在群里 @ 楼栋党小组长或认领的党员，和他们一起去。"
)
NEIGHBOUR_OFFER = (
    "谢谢您的热心！微心愿 {code} 由党员认领后联系心愿人；想一起帮忙，"
    "可以在群里 @ 认领的党员或楼栋党小组长，和他们一起去。"
)


DISPATCH_REFUSAL = f"抱歉，这个操作需要{Role.LEADER.label}身份。"


def build_router(desk: Desk | None = None) -> Router:
    router = Router("claims")

    # Issue 6: one 认领/接单 for cases and 微心愿, dispatched by the code's prefix (W → wish).
    # Issue 14: H-codes are 帮办代办, whose team includes volunteers who are not party
    # members; so these commands take everyone and check the role themselves for the rest.
    @router.command(
        "认领",
        "接单",
        args=rf"(?:{WISH_CLAIM}|{HELP_CODE}|{CASE_CODE})?",
        usage="认领 E0001",
    )
    def claim(ctx: Context, args: re.Match[str]) -> None:
        if desk is not None and desk.claims(ctx, args["help"]):
            return
        if args["wish"] is not None and ctx.sender.role < Role.MEMBER:
            # The wish's post invites 热心邻居: a neighbour who offers is thanked and told how
            # to join in, not refused (convo2 C51).
            ctx.reply(NEIGHBOUR_OFFER.format(code=args["wish"].upper().replace(" ", "")))
            return
        if args["code"] is not None and ctx.sender.role < Role.MEMBER:
            # A neighbour offering to fix it is thanked and told how to join in (D28).
            ctx.reply(NEIGHBOUR_CASE_OFFER.format(code=args["code"].upper().replace(" ", "")))
            return
        if _not_member(ctx):
            return
        if claims_wish(ctx, args["wish"]):
            return
        _claim(ctx, args["code"], quiet_without_case=False)

    @router.command("我来", args=rf"{CASE_CODE}?", usage="我来 E0001", min_role=Role.MEMBER)
    def me(ctx: Context, args: re.Match[str]) -> None:
        # "我来" is ordinary speech too: without a case number or a quoted case, stay silent.
        if args["code"] is None and claims_wish(ctx, None):
            return  # "我来" quoting a 微心愿 message
        _claim(ctx, args["code"], quiet_without_case=True)

    @router.command(
        "派单",
        args=rf"{CASE_CODE}\s*(?P<who>.*)",
        usage="派单 E0001 @党员名字",
        # the 楼栋党小组长 in the building, the 书记 in the 小区 (R9); a member only hands on
        # a case he holds himself (convofix14d): `_dispatch` checks, with the leader's refusal
    )
    def dispatch(ctx: Context, args: re.Match[str]) -> None:
        if ctx.sender.role < Role.MEMBER:
            ctx.reply(DISPATCH_REFUSAL)
            return
        _dispatch(ctx, args["code"], args["who"])

    @router.command("退回", args=rf"{CASE_CODE}?\s*(?P<text>.*)", usage="退回 E0001 原因")
    def hand_back(ctx: Context, args: re.Match[str]) -> None:
        if args["code"] is None and desk is not None and desk.acts(ctx, "退回", args["text"]):
            return  # "退回 H0001 要本人刷脸": a 帮办 goes back to its team (any volunteer)
        if not _not_member(ctx):
            _act(ctx, args["code"], args["text"], "退回", _hand_back)

    @router.command("进展", args=rf"{CASE_CODE}?\s*(?P<text>.*)", usage="进展 E0001 内容")
    def progress(ctx: Context, args: re.Match[str]) -> None:
        if args["code"] is None and desk is not None and desk.acts(ctx, "进展", args["text"]):
            return
        if not _not_member(ctx):
            _act(ctx, args["code"], args["text"], "进展", _progress)

    @router.command(
        "方案", args=rf"{CASE_CODE}?\s*(?P<text>.*)", usage="方案 E0001 内容", min_role=Role.MEMBER
    )
    def plan(ctx: Context, args: re.Match[str]) -> None:
        _act(ctx, args["code"], args["text"], "方案", _plan)

    @router.command("办结", args=rf"{CASE_CODE}?\s*(?P<text>.*)", usage="办结 E0001 结果")
    def resolve(ctx: Context, args: re.Match[str]) -> None:
        if args["code"] is None and desk is not None and desk.acts(ctx, "办结", args["text"]):
            return
        if not _not_member(ctx):
            _act(ctx, args["code"], args["text"], "办结", _resolve)

    @router.command("待认领", min_role=Role.MEMBER)
    def unclaimed(ctx: Context, _args: re.Match[str]) -> None:
        _todo(ctx, waiting_only=True)

    @router.command("我的任务", "待办", min_role=Role.MEMBER)
    def todo(ctx: Context, _args: re.Match[str]) -> None:
        _todo(ctx)

    return router


def _not_member(ctx: Context) -> bool:
    """The party-member check of commands that also serve 帮办代办 volunteers."""
    if ctx.sender.role < Role.MEMBER:
        ctx.reply(f"抱歉，这个操作需要{Role.MEMBER.label}身份。")
        return True
    return False


def _claim(ctx: Context, code: str | None, *, quiet_without_case: bool) -> None:
    try:
        case = case_for(ctx, code)
    except NoCase as missing:
        if str(missing) or not quiet_without_case:
            ctx.reply(str(missing) or "请带上诉求编号，例如「认领 E0001」。")
        return
    try:
        result = claims.claim(ctx.uow, case, ctx.sender, ctx.now)
    except Refused as refused:
        ctx.reply(str(refused))
        return
    if not result.won:
        if result.holder is not None and result.holder.id == ctx.sender.id:
            ctx.reply(f"诉求 {case.code} 已经由您承办了。")
        else:
            holder = result.holder.name if result.holder else "其他党员"
            ctx.reply(f"诉求 {case.code} 已由 {holder} 认领，谢谢您的热心！")
        return
    ctx.reply(
        f"认领成功：诉求 {describe(case)}。请尽快联系居民；"
        f"有进展发送「进展 {case.code} 内容」，完成后发送「办结 {case.code} 结果」。"
    )
    case_actions.claimed(mailer_for(ctx), case, ctx.sender)
    # "认领 E0001 我在现场 消防已经到了": the words after the code are his first news, told
    # to the residents and counted as the reply to them (convo2 C57).
    note = clean_note(ctx.tail)
    if len(_PARTICLES.sub("", note)) >= _MIN_NOTE:
        claims.progress(ctx.uow, case, ctx.sender, case_actions.clip(note), ctx.now)
        case_actions.progressed(mailer_for(ctx), case, case_actions.clip(note), plan=False)


def _dispatch(ctx: Context, code: str, who: str) -> None:
    try:
        case = case_for(ctx, code)
        if ctx.sender.role < Role.LEADER and case.assignee_id != ctx.sender.id:
            raise Refused(DISPATCH_REFUSAL)
        target = _target(ctx, who, case)
        try:
            _leader_scope(ctx, case, target)
        except Refused:
            if ctx.sender.role < Role.LEADER:
                raise Refused(DISPATCH_REFUSAL) from None  # a holder hands on in his 楼栋 only
            raise
        before = claims.dispatch(ctx.uow, case, target, ctx.sender, ctx.now)
    except (NoCase, Refused) as problem:
        ctx.reply(str(problem))
        return
    if target.id == ctx.sender.id:
        ctx.reply(f"诉求 {describe(case)}已改由您承办，并通知了居民和原承办人。")
    else:
        ctx.reply(f"已把诉求 {describe(case)}派给 {target.name}，并通知了居民。")
    case_actions.dispatched(mailer_for(ctx), case, target, ctx.sender, before)


def _leader_scope(ctx: Context, case: Case, target: Person) -> None:
    """A 楼栋党小组长 dispatches within the 楼栋: a case of the building to a member of its
    党小组. Across buildings it is the 支部书记's call ("小事不出楼栋、大事不出小区")."""
    if ctx.sender.role >= Role.SECRETARY:
        return
    own = ctx.sender.building_id
    building = ctx.uow.estates.building(own) if own is not None else None
    number = building.number if building is not None else None
    if number is None or case.building != number or target.building_id != own:
        raise Refused(
            f"组长可以把本楼栋的诉求派给本楼栋党小组的党员；诉求 {case.code} 不在此列，"
            f"跨楼栋派单需要支部书记身份，请联系支部书记。"
        )


# Words around the name in "派单E0001给王国强，谢谢" (convo3 D61): never part of the name.
_TO = re.compile(r"^(?:派给|交给|转给|给|由|让)")
_POLITE_TAIL = re.compile(r"(?:谢谢|感谢|辛苦了?|麻烦了?|处理一下|处理|跟进一下|跟进|吧|了)+$")
_ME = frozenset(("我", "我自己", "自己", "本人"))
_NOT_A_NAME = frozenset(("谢谢", "感谢", "辛苦", "辛苦了", "麻烦了", "处理", "跟进", "一下"))


def _name(word: str) -> str:
    name = _POLITE_TAIL.sub("", _TO.sub("", word))
    return "" if name in _NOT_A_NAME else name


def _target(ctx: Context, who: str, case: Case) -> Person:
    """The person a 派单 names: by the @-mention's WeChat id, else by the name after "@"."""
    for wechat_id in ctx.message.mention_ids:
        person = ctx.uow.people.by_wechat_id(wechat_id)
        if person is not None and person.role >= Role.MEMBER:
            return person
    names = [n for n in (_name(p) for p in re.split(r"[@\s\u2005,，。.!！;；、]+", who)) if n]
    if names and names[0] in _ME and ctx.sender.role >= Role.MEMBER:
        return ctx.sender  # "E0001 改派给我吧": a leader taking the case herself (convofix14d)
    names += [n for n in ctx.message.mention_names if n not in names]
    if not names:
        raise Refused("请写明派给谁，例如「派单 E0001 @孙志明」。")
    for name in names:
        found = [p for p in ctx.uow.people.by_display_name(name) if p.role >= Role.MEMBER]
        # A name written out (privately the "@高大爷" is plain text) is one of the people of
        # the case's 小区 first: the same name elsewhere in the 社区 is someone else.
        local = [p for p in found if p.estate_id == case.estate_id]
        found = local or found
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise Refused(
                f"名册里有 {len(found)} 位「{name}」，请写全名（例如「派单 {case.code} 全名」）"
                "或在群里 @ 这位党员再派单。"
            )
    raise Refused(f"党员名册里没有找到「{names[0]}」，派单只能派给党员。")


def _act(
    ctx: Context,
    code: str | None,
    text: str,
    verb: str,
    action: Callable[[Context, Case, str], None],
) -> None:
    """The shared shape of 退回/进展/方案/办结: find the case, need a text, run, answer."""
    text = clean_note(text)  # "办结 E0004：已疏通" relays "已疏通", not "：已疏通"
    try:
        case = case_for(ctx, code)
    except NoCase as missing:
        # "退回" alone from a member holding exactly one open case: that one (convofix6 R3).
        held = [] if str(missing) or ctx.sender.id is None else _held(ctx)
        if len(held) > 1:
            which = "」或「".join(f"{verb} {c.code}" for c in held[:3])
            ctx.reply(f"您手上有 {len(held)} 件在办的诉求，请回复「{which}」（后面可写说明）。")
            return
        if not held:
            ctx.reply(str(missing) or f"请带上诉求编号，例如「{verb} E0001 内容」。")
            return
        case = held[0]
        if not text and verb == "退回":
            text = "（未说明原因）"
    # "E0001办结" from the member who holds it: done, the result left unsaid (convo3 D32), as
    # "修好了" alone is. Anyone else, and every other verb, still needs the words.
    bare_close = verb == "办结" and case.assignee_id == ctx.sender.id
    if not text and not bare_close:
        ctx.reply(f"请写上内容，例如「{verb} {case.code} 已联系维保公司」。")
        return
    try:
        if verb != "退回":
            _claim_first(ctx, case, verb, text)
        action(ctx, case, case_actions.clip(text))
    except Refused as refused:
        ctx.reply(str(refused))
        return
    if verb == "办结" and case.urgent and not case.status.is_open:
        _urgent_over(ctx, case, case_actions.clip(text))
    if verb != "退回" and case.assignee_id == ctx.sender.id:
        # His words are about this case: the photo he sent just before them ("已经弄好了"
        # after the picture of the fixed door) is its proof of work (F2).
        ctx.stored.case_id = case.id


def _urgent_over(ctx: Context, case: Case, text: str) -> None:
    """An emergency closed ("人出来了 没事 … E0001 办结"): everyone its alarm and its 督办
    reached hears it is over, in one line, as a stand-down would tell them (convo10b A2)."""
    result = f"：{text}" if text else "。"
    notice = f"【解除紧急】诉求 {describe(case)}已由 {ctx.sender.name} 办结{result}"
    mail = mailer_for(ctx)
    alerted = [*audience.building_party(ctx.uow, case), *audience.secretaries(ctx.uow, case)]
    # As the alarm was: those it woke hear at once that it is over.
    mail.to_people(alerted, notice, urgent=True, skip=[ctx.sender.id or 0])
    mail.to_party_group(case, notice)


def _held(ctx: Context) -> list[Case]:
    """The open cases the sender holds."""
    assert ctx.sender.id is not None
    return [c for c in ctx.uow.cases.assigned_to(ctx.sender.id) if c.status.is_open]


def _claim_first(ctx: Context, case: Case, verb: str, text: str) -> None:
    """A party member's first 进展/方案/办结 on a case nobody has claimed claims it for him.

    He is evidently on it ("E0001 人已经救出来了"): telling him to 认领 first while the 无人响应
    alarm goes to the 书记 helps nobody (convo2 C6). A case someone else holds is still
    refused with its reason; the 书记 and staff act for the handler without claiming."""
    if case.assignee_id is not None or not Role.MEMBER <= ctx.sender.role < Role.SECRETARY:
        return
    if _HANDING_OVER.search(text):
        return  # "E0001 我要出差 交给赵老师吧" gives it away: refused below, with the reason
    result = claims.claim(ctx.uow, case, ctx.sender, ctx.now, via=f"认领（发{verb}）")
    if not result.won:
        return  # someone claimed it a moment ago: the action below says who holds it
    ctx.reply(f"诉求 {case.code} 之前无人认领，已记在您名下（{verb}即认领）。")
    case_actions.claimed(mailer_for(ctx), case, ctx.sender)


def _hand_back(ctx: Context, case: Case, reason: str) -> None:
    claims.hand_back(ctx.uow, case, ctx.sender, reason, ctx.now, ctx.bot.sla)
    ctx.reply(f"已退回诉求 {case.code}，我们会重新安排党员。谢谢您！")
    case_actions.handed_back(mailer_for(ctx), case, reason, ctx.sender)


def _progress(ctx: Context, case: Case, text: str, plan: bool = False) -> None:
    claims.progress(ctx.uow, case, ctx.sender, text, ctx.now, plan=plan)
    case_actions.progressed(mailer_for(ctx), case, text, plan=plan)
    _receipt(ctx, case)


def _plan(ctx: Context, case: Case, text: str) -> None:
    _progress(ctx, case, text, plan=True)


def _resolve(ctx: Context, case: Case, text: str) -> None:
    claims.resolve(ctx.uow, case, ctx.sender, text, ctx.now, ctx.bot.sla)
    if claims.self_handled(ctx.uow, case, ctx.sender):
        ctx.reply(f"诉求 {case.code} 已办结。这件是您自己反映、自己办理的，不用回访评价。")
        return
    case_actions.resolved(mailer_for(ctx), case, text)
    _receipt(ctx, case)
    assert case.id is not None and ctx.sender.id is not None
    asked = (case.reporter_id, *ctx.uow.cases.reporter_ids(case.id))
    ctx.finished = Finished(case.code, ctx.sender.id, asked, case_id=case.id)


def _receipt(ctx: Context, case: Case) -> None:
    """The residents were told; the sender gets a receipt unless they saw it in the same group."""
    if ctx.group is None or ctx.group.id != case.group_id:
        ctx.reply(f"已记录，并告知了反映的居民。发送「进度 {case.code}」可查看时间线。")


WITHDRAWN = "（居民说不用处理了，待核实结案）"


def _withdrawn(ctx: Context, case: Case) -> str:
    """A case its reporter took back ("搞错了 不用来了") is listed as such, not as plain work
    waiting for a claimer (convo3 D20); the member checks and closes it."""
    assert case.id is not None
    reporters = set(ctx.uow.cases.reporter_ids(case.id)) | {case.reporter_id}
    taken_back = any(
        e.kind == EventKind.NOTE and e.actor_id in reporters and says_retracted(e.text)
        for e in ctx.uow.cases.events(case.id)
    )
    return WITHDRAWN if taken_back else ""


def _held_besides(ctx: Context) -> list[str]:
    """The 帮办 and 微心愿 the member took and has not finished: "我手上有几个单子" asks
    for everything in his hands, not the cases alone (convo13b)."""
    person = ctx.sender.id or 0
    helps = [
        f"{r.code} {r.service_name} · {r.status.label}"
        for r in ctx.uow.helpdesk.of_person(person)
        if r.claimer_id == person and r.status is HelpStatus.CLAIMED
    ]
    wishes = [
        f"{w.code} {w.text if len(w.text) <= 20 else w.text[:20] + '…'} · {w.status.label}"
        for w in ctx.uow.wishes.claimed_by(person)
        if w.status is WishStatus.CLAIMED
    ]
    lines: list[str] = []
    if helps:
        lines += ["您接的帮办：", *helps]
    if wishes:
        lines += ["您认领的微心愿：", *wishes]
    return lines


def _todo(ctx: Context, *, waiting_only: bool = False) -> None:
    """What waits for a claimer, and (unless he asked 待认领) what he holds. A case he holds
    is never listed as waiting for a claimer (convo8)."""
    estate_id = ctx.sender.estate_id or ctx.estate_id
    mine = list(ctx.uow.cases.assigned_to(ctx.sender.id or 0))
    held = {c.id for c in mine}
    waiting = [
        c
        for c in (ctx.uow.cases.unclaimed(estate_id) if estate_id else [])
        if c.assignee_id is None and c.id not in held
    ]
    open_mine = [c for c in mine if c.status.is_open]
    if waiting_only:
        mine = []
    # The member's own 楼栋 first: its cases are theirs before anyone else's.
    home = ctx.uow.estates.building(ctx.sender.building_id) if ctx.sender.building_id else None
    waiting.sort(key=lambda c: (home is None or c.building != home.number, c.id or 0))
    lines = []
    if mine:
        lines.append("您承办的诉求：")
        lines += [f"{describe(c)} · {c.status.label}" for c in mine]
    if not waiting_only:
        lines += _held_besides(ctx)
    if waiting:
        lines.append("待认领的诉求：")
        lines += [
            f"{describe(c)}{' · 紧急' if c.urgent else ''}{_withdrawn(ctx, c)}"
            for c in waiting[:10]
        ]
        lines.append("发送「认领 编号」接单。")
    if waiting_only:
        held_line = (
            f"您承办中的诉求有 {len(open_mine)} 件，发送「我的任务」查看。" if open_mine else ""
        )
        if not lines:
            lines.append("目前没有待认领的诉求。")
        if held_line:
            lines.append(held_line)
    ctx.reply("\n".join(lines) if lines else "目前没有待认领的诉求，也没有您承办中的诉求。")
