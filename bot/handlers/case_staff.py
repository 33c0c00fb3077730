"""A leader acting on a case in chat (convofix14d): 重新打开, 改类别, 督办, 吹哨.

These were console-only, so a 书记's "E0002 结错了 重新打开" or "E0001 抓紧啊" reached the
resident as the handler's 进展. Each one here changes the case and tells the members it is
meant for; the residents hear only what concerns them (a reopened case), never the words
one member said to another."""

from __future__ import annotations

import re
from datetime import timedelta

from bot.chat import category_words
from bot.chat.context import Context
from bot.chat.router import Router
from bot.domain.cases import CATEGORY_LABELS, Case, CaseEvent, EventKind
from bot.domain.community import Role
from bot.domain.escalation import describe
from bot.domain.review import ReviewRefused
from bot.handlers.case_context import CASE_CODE, NoCase, case_for, mailer_for
from bot.handlers.followups.category import corrected
from bot.handlers.followups.common import supplement
from bot.services import case_actions, claims, webhooks
from bot.services.claims import Refused
from bot.services.review.decide import Actor, Setting, recategorize
from bot.services.webhooks import Department

# A neighbour's "E0001 类别不对" about a case not hers: who may correct it, no second case.
NOT_YOURS = (
    "诉求 {code} 的类别由反映的居民或楼栋党小组长、社区工作人员更正。"
    "您要反映的如果是另一个问题，直接说就好。"
)


def build_router() -> Router:
    router = Router("case_staff")

    @router.command(
        "重新打开",
        args=rf"{CASE_CODE}\s*(?P<text>.*)",
        usage="重新打开 E0001 原因",
        min_role=Role.LEADER,
    )
    def reopen(ctx: Context, args: re.Match[str]) -> None:
        _reopen(ctx, args["code"], args["text"].strip())

    @router.command(
        "改类别",
        args=rf"{CASE_CODE}\s*(?P<text>.*)",
        usage="改类别 E0001 电梯",
        # A 组长 or above on any case of the 小区; the reporter on her own (checked inside).
    )
    def category(ctx: Context, args: re.Match[str]) -> None:
        _recategorize(ctx, args["code"], args["text"].strip())

    @router.command(
        "督办",
        args=rf"{CASE_CODE}\s*(?P<text>.*)",
        usage="督办 E0001 要说的话",
        min_role=Role.LEADER,
    )
    def urge(ctx: Context, args: re.Match[str]) -> None:
        _urge(ctx, args["code"], args["text"].strip())

    @router.command(
        "吹哨",
        args=rf"{CASE_CODE}\s*(?P<text>.*)",
        usage="吹哨 E0001 部门名称",
        min_role=Role.SECRETARY,  # 小区吹哨 is the 书记's or the 社区's call, not a 组长's
    )
    def whistle(ctx: Context, args: re.Match[str]) -> None:
        _whistle(ctx, args["code"], args["text"].strip())

    return router


def _case(ctx: Context, code: str) -> Case | None:
    try:
        case = case_for(ctx, code)
        claims.check_estate(case, ctx.sender)
    except (NoCase, Refused) as problem:
        ctx.reply(str(problem))
        return None
    return case


def _reopen(ctx: Context, code: str, reason: str) -> None:
    """A close made by mistake: back to its claimer with a fresh clock, no rating pending."""
    case = _case(ctx, code)
    if case is None:
        return
    reason = reason or "办结有误，继续办理"
    try:
        claims.reopen(ctx.uow, case, ctx.sender, reason, ctx.now, ctx.bot.sla)
    except Refused as refused:
        ctx.reply(str(refused))
        return
    case_actions.reopened(mailer_for(ctx), case, ctx.sender, reason)
    holder = ctx.uow.people.get(case.assignee_id) if case.assignee_id is not None else None
    who = f"承办党员 {holder.name} 会继续办理" if holder is not None else "会重新安排党员"
    ctx.reply(f"已重新打开诉求 {describe(case)}，{who}，也告诉了反映的居民。")


def _recategorize(ctx: Context, code: str, said: str) -> None:
    """The category a leader names (a label, or a thing of it: "门禁" → 公共设施); the
    reporter's own "E0001 分错类了 应该是电梯" too (polish15), a neighbour is told who may."""
    case = _case(ctx, code)
    if case is None:
        return
    assert case.id is not None
    staff = ctx.sender.role >= Role.LEADER
    if not staff and ctx.sender.id not in ctx.uow.cases.reporter_ids(case.id):
        ctx.reply(NOT_YOURS.format(code=case.code))
        return
    category = _meant_category(ctx, said)
    if not staff and category in (None, case.category) and not category_words.MISFILED.search(said):
        supplement(ctx, case)  # "E0001 不是水管的问题 是暖气": the same category, her 补充
        return
    choices = "、".join(CATEGORY_LABELS.values())
    if category is None:
        ctx.reply(f"要改成哪个类别？请发「改类别 {case.code} 类别」，类别可选：{choices}。")
        return
    if category == case.category:
        more = f"要改成别的，请发「改类别 {case.code} 类别」，类别可选：{choices}。"
        ctx.reply(f"诉求 {case.code} 的类别已经是「{case.category_label}」，不用改。{more * staff}")
        return
    if not staff:  # the reporter: her open case, as "不是电梯 是门禁" after a report does
        if case.status.is_open:
            corrected(ctx, case, category, "")
        else:
            ctx.reply(f"诉求 {case.code} 已经{case.status.label}，类别如有不对，工作人员会更正。")
        return
    actor = Actor(
        name=ctx.sender.name, audit_as=f"wechat:{ctx.sender.name}", person_id=ctx.sender.id
    )
    setting = Setting(
        community=ctx.bot.community,
        policy=ctx.bot.sla,
        merge_window=timedelta(minutes=ctx.bot.merge_window_minutes),
    )
    try:
        before = recategorize(
            ctx.uow, case, category, text=case.summary, actor=actor, setting=setting, now=ctx.now
        )
    except ReviewRefused as refused:
        ctx.reply(str(refused))
        return
    ctx.reply(f"已把诉求 {case.code} 的类别从「{before}」改为「{case.category_label}」。")


def _named_category(said: str) -> str | None:
    """The category the words mean, never the one they deny ("不是公共设施 是电梯" → 电梯)."""
    return category_words.named_category(said)


def _meant_category(ctx: Context, said: str) -> str | None:
    """The category named; else what the engine makes of the rest ("是下水道堵了"), when it
    is sure of one."""
    named = _named_category(said)
    if named is not None or ctx.classify is None:
        return named
    rest = category_words.MISFILED.sub(" ", category_words.without_denial(said)).strip()
    guess = ctx.classify(rest).category if rest else None
    return guess if guess in CATEGORY_LABELS and guess != "other" else None


def _urge(ctx: Context, code: str, said: str) -> None:
    """督办 in a leader's words: the member who holds the case hears it, privately; it goes on
    the internal timeline, never to the residents as progress."""
    case = _case(ctx, code)
    if case is None:
        return
    if not case.status.is_open:
        ctx.reply(f"诉求 {case.code} 已经{case.status.label}。")
        return
    holder = ctx.uow.people.get(case.assignee_id) if case.assignee_id is not None else None
    if holder is None:
        ctx.reply(
            f"诉求 {case.code} 还没有人认领。要派给党员，请发「派单 {case.code} @党员名字」。"
        )
        return
    if holder.id == ctx.sender.id:
        ctx.reply(f"诉求 {case.code} 由您承办。有进展请发「进展 {case.code} 内容」告诉居民。")
        return
    words = f"：{case_actions.clip(said)}" if said else "。"
    assert case.id is not None
    ctx.uow.cases.add_event(
        CaseEvent(
            case_id=case.id,
            at=ctx.now,
            kind=EventKind.NOTIFIED,
            text=f"{ctx.sender.name} 督办{words}",
            actor_id=ctx.sender.id,
        )
    )
    mailer_for(ctx).send(
        f"【督办】{ctx.sender.role.label} {ctx.sender.name} 催办诉求 {describe(case)}{words}\n"
        f"请尽快处理，发送「进展 {case.code} 内容」告诉居民，或「办结 {case.code} 结果」。",
        person=holder,
        chase=True,
        urgent=case.urgent,
    )
    ctx.reply(f"已督促承办党员 {holder.name} 尽快处理诉求 {case.code}。")


def _whistle(ctx: Context, code: str, said: str) -> None:
    """吹哨 by hand: the case is pushed to the department the 书记 names (or the one that
    handles its category), as the ladder's last rung does; the residents hear where it is."""
    case = _case(ctx, code)
    if case is None:
        return
    if not case.status.is_open:
        ctx.reply(f"诉求 {case.code} 已经{case.status.label}，不用吹哨。")
        return
    departments = ctx.bot.departments
    if not departments:
        ctx.reply(
            "还没有配置部门接口，吹哨要请社区工作人员直接联系相关部门；"
            f"联系后可发「进展 {case.code} 已报街道某某科」记下来，居民也会看到。"
        )
        return
    named = _named_department(departments, said)
    if named is None and not webhooks.department_for(departments, case.category):
        names = "、".join(d.name for d in departments)
        ctx.reply(f"要向哪个部门吹哨？请发「吹哨 {case.code} 部门名称」，可选：{names}。")
        return
    department = webhooks.whistle(
        ctx.uow, case, departments, ctx.now, reason=f"{ctx.sender.name} 吹哨", named=named
    )
    if department is None:  # no department for the category: asked above, kept for mypy
        return
    assert case.id is not None
    # The 吹哨 row itself is internal; the residents' 进度 shows where their case went.
    ctx.uow.cases.add_event(
        CaseEvent(
            case_id=case.id,
            at=ctx.now,
            kind=EventKind.PROGRESS,
            text=f"已转交{department.name}处理",
            actor_id=ctx.sender.id,
        )
    )
    mail = mailer_for(ctx)
    mail.to_reporters(
        case, f"您反映的诉求 {describe(case)}已转交{department.name}处理，有消息会告诉您。"
    )
    holder = ctx.uow.people.get(case.assignee_id) if case.assignee_id is not None else None
    if holder is not None and holder.id != ctx.sender.id:
        mail.send(
            f"【吹哨】{ctx.sender.name} 已把诉求 {describe(case)}推送给{department.name}，"
            f"等待部门报到；请继续跟进，有进展发送「进展 {case.code} 内容」。",
            person=holder,
            chase=True,
            urgent=case.urgent,
        )
    ctx.reply(f"已向{department.name}吹哨（推送诉求 {case.code}），等待部门报到；居民也已知道。")


def _named_department(departments: tuple[Department, ...], said: str) -> Department | None:
    """The department whose name the words carry, whole or short: "神堂沟街道城管科" is also
    "城管科" and "城管", "区住建局" also "住建局" and "住建"."""
    for department in departments:
        name = department.name
        short = _AREA.sub("", name)
        keys = {name, short, short.rstrip("科局所队办站")}
        if any(len(key) >= 2 and key in said for key in keys):
            return department
    return None


# The area a department's name starts with: "神堂沟街道", "区", "市".
_AREA = re.compile(r"^(?:[\u4e00-\u9fff]{1,6}街道|[\u4e00-\u9fff]{0,4}[区市县])")
