"""诉求: a resident's report opens or joins a case; 进度 and 我的诉求 read it back."""

from __future__ import annotations

import re
from datetime import timedelta

from bot.chat.context import Context
from bot.chat.router import IntentView, Router
from bot.domain.cases import Report, parse_case_code, render_status, summarize
from bot.domain.community import Role
from bot.domain.privacy import mask_personal
from bot.services.cases import open_or_join

CASE_CODE = r"(?P<code>[Ee]\s*\d{1,9})"


def build_router() -> Router:
    router = Router("cases")

    @router.intent("issue")
    def report(ctx: Context, intent: IntentView) -> None:
        _report(ctx, intent)

    @router.command("进度", "查进度", "查询", "诉求进度", args=rf"{CASE_CODE}?", usage="进度 E0001")
    def progress(ctx: Context, args: re.Match[str]) -> None:
        if args["code"] is None:
            _my_cases(ctx)
            return
        case_id = parse_case_code(args["code"])
        case = ctx.uow.cases.get(case_id) if case_id else None
        if case is None:
            code = args["code"].upper().replace(" ", "")
            ctx.reply(f"没有找到诉求 {code}，请核对编号。发送「我的诉求」可查看您反映过的问题。")
            return
        assert case.id is not None
        ctx.reply(render_status(case, list(ctx.uow.cases.events(case.id)), ctx.bot.tz))

    @router.command("我的诉求", "我的问题", "我反映的问题")
    def my_cases(ctx: Context, _args: re.Match[str]) -> None:
        _my_cases(ctx)

    return router


def _report(ctx: Context, intent: IntentView) -> None:
    estate_id = ctx.estate.id if ctx.estate else None
    if estate_id is None or intent.category is None:
        if ctx.addressed:
            ctx.reply("收到。请在您所在的楼栋群或业主群里反映问题，方便我们找到对应的楼栋党小组。")
        return
    location = intent.location
    building = location.building or _group_building(ctx)
    result = open_or_join(
        ctx.uow,
        estate_id=estate_id,
        group_id=ctx.group.id if ctx.group else None,
        reporter_id=_id(ctx.sender.id),
        report=Report(
            category=intent.category,
            summary=summarize(ctx.message.text),
            building=building,
            unit=location.unit,
            room=location.room,
            urgent=intent.urgent,
            terms=tuple(intent.terms),
        ),
        now=ctx.now,
        merge_window=timedelta(minutes=ctx.bot.merge_window_minutes),
    )
    case = result.case
    ctx.stored.case_id = case.id
    what = case.category_label + (f" · {case.place}" if case.place else "")
    track = f"发送「进度 {case.code}」可查看进展。"
    alerted = "已通知楼栋党小组长和支部书记。" if case.urgent else ""
    if result.escalated:
        ctx.reply(f"【紧急】诉求 {case.code}（{what}）已标记为紧急，{alerted}{track}")
    elif result.repeat:
        ctx.reply(f"您已反映过这个问题（编号 {case.code}），我们正在跟进。{track}")
    elif result.joined:
        ctx.reply(
            f"这个问题已有居民反映，编号 {case.code}（{what}），已合并跟进"
            f"（共 {case.reporters} 位居民反映）。{track}"
        )
    else:
        ctx.reply(
            f"{'【紧急】' if case.urgent else ''}已受理您反映的问题，编号 {case.code}（{what}）。"
            f"{alerted or '我们会尽快安排党员跟进，'}{track}"
        )
    if case.urgent and (result.escalated or not result.joined):
        _alert_leaders(ctx, case.code, what, case.building)


def _alert_leaders(ctx: Context, code: str, what: str, building: str | None) -> None:
    """An urgent case skips the queue: the 楼栋党小组长 and the 支部书记 hear of it at once."""
    estate_id = _id(ctx.estate.id if ctx.estate else None)
    building_row = ctx.uow.estates.building_by_number(estate_id, building) if building else None
    people = list(ctx.uow.people.with_role(estate_id, Role.SECRETARY))
    if building_row is not None:
        people = list(ctx.uow.people.with_role(estate_id, Role.LEADER, building_row.id)) + people
    text = (
        f"【紧急诉求】{code}（{what}）：{mask_personal(summarize(ctx.message.text))}\n"
        f"请立即处理，发送「进度 {code}」查看。"
    )
    for person in people:
        ctx.send(text, person=person)


def _my_cases(ctx: Context) -> None:
    cases = ctx.uow.cases.by_reporter(_id(ctx.sender.id), limit=5)
    if not cases:
        ctx.reply(
            "您还没有反映过问题。在群里直接说出遇到的问题（例如“3号楼电梯坏了”），我们就会受理。"
        )
        return
    lines = ["您反映过的诉求："]
    for case in cases:
        place = f" · {case.place}" if case.place else ""
        when = case.opened_at.astimezone(ctx.bot.tz).strftime("%m-%d %H:%M")
        lines.append(f"{case.code} {case.category_label}{place} · {case.status.label}（{when}）")
    lines.append("发送「进度 编号」查看详情。")
    ctx.reply("\n".join(lines))


def _group_building(ctx: Context) -> str | None:
    if ctx.group is None or ctx.group.building_id is None:
        return None
    building = ctx.uow.estates.building(ctx.group.building_id)
    return building.number if building else None


def _id(value: int | None) -> int:
    assert value is not None, "stored rows always have ids"
    return value
