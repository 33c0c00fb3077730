"""诉求: a resident's report opens or joins a case; 进度 and 我的诉求 read it back.

Claiming, progress and closing live in `claims`, the 回访 rating in `rating`; this router
includes both, so `bot.handlers` needs to know only `cases`.
"""

from __future__ import annotations

import re
from datetime import timedelta

from bot.chat.codes import WISH_CLAIM
from bot.chat.context import Context
from bot.chat.router import IntentView, Router
from bot.domain.cases import (
    Case,
    Report,
    find_case_code,
    format_case_code,
    format_place,
    parse_case_code,
    render_status,
    summarize,
)
from bot.domain.escalation import describe
from bot.domain.problems import Problem, problems
from bot.domain.safety import GENERAL_ADVICE, safety_advice, safety_lines
from bot.handlers import case_staff, claims, code_status, rating
from bot.handlers.case_context import CASE_CODE, mailer_for, person_id
from bot.handlers.code_status import OTHER_CODE
from bot.handlers.followups.entry import about_own_case
from bot.handlers.followups.own import own_open_case
from bot.handlers.helpdesk import HELP_CODE, Desk
from bot.handlers.home import ask_where
from bot.handlers.review import confirms_a_neighbour
from bot.handlers.wishes import wish_status
from bot.services.case_access import may_read_case
from bot.services.cases import Intake, acknowledgement, alert_urgent, open_or_join

_REPORT_TAG = re.compile(r"^#报事[\s:：,，、]*")


def build_router(desk: Desk | None = None) -> Router:
    router = Router("cases")

    @router.intent("issue")
    def report(ctx: Context, intent: IntentView) -> None:
        # A category the model guessed with no word of the lexicon behind it ("灯还是不亮啊" as
        # 水电气暖, "还没修好" as 电梯) is no reason to say her words are about another case.
        placed = intent.category if intent.terms else None
        if not intent.urgent and desk is not None and desk.asked_outright(ctx, ctx.message.text):
            return  # "能帮忙取个快递吗 我今天加班": an errand for the 帮办 team, not a case
        if about_own_case(ctx, placed, intent.location, reported=True):
            return
        if not intent.urgent and ctx.estate_id is not None and confirms_a_neighbour(ctx, intent):
            return  # a neighbour's unsure words minutes ago were this problem: one case
        _report(ctx, intent)

    @router.intent("chat")
    def chat(ctx: Context, intent: IntentView) -> None:
        # Small talk stays silent, unless a reporter quoted the bot's message about their case,
        # says her case waiting for its rating is not fixed ("还没修好"), or asks for a listed
        # 帮办 service in her own words ("能不能帮我拿个快递").
        if about_own_case(ctx, None, None):
            return
        # "我家也是" under a neighbour's unsure "水压怎么这么小" held minutes ago: one case.
        in_group = ctx.group is not None and ctx.estate_id is not None
        if in_group and confirms_a_neighbour(ctx, intent):
            return
        if desk is not None:
            desk.offers(ctx, ctx.message.text)

    @router.command(
        "进度",
        "查进度",
        "查询",
        "诉求进度",
        args=rf"(?:{WISH_CLAIM}|{HELP_CODE}|{CASE_CODE}|{OTHER_CODE})?",
        usage="进度 E0001",
    )
    def progress(ctx: Context, args: re.Match[str]) -> None:
        quoted = find_case_code(ctx.message.quote)
        if args["help"] is not None and desk is not None:
            desk.status(ctx, args["help"])  # "进度 H0001": a 帮办, private as 我的帮办 is
        elif args["other"] is not None:
            code_status.show(ctx, args["other"])  # "进度 S0001", "进度 Y0001": every code answers
        elif args["wish"] is not None:
            wish_status(ctx, args["wish"])
        elif args["code"] is None and quoted is not None:
            _status(ctx, format_case_code(quoted))  # "进度" quoting the bot's message on a case
        elif args["code"] is None:
            _my_cases(ctx)
        else:
            _status(ctx, args["code"])

    @router.command("我的诉求", "我的问题", "我反映的问题")
    def my_cases(ctx: Context, _args: re.Match[str]) -> None:
        _my_cases(ctx)

    @router.command("我的说事", "我的建议", "我提的建议")
    def my_suggestions(ctx: Context, _args: re.Match[str]) -> None:
        code_status.mine(ctx)  # beside 「进度 S0001」, which this router answers too

    return router.include(
        claims.build_router(desk), rating.build_router(desk), case_staff.build_router()
    )


def _report(ctx: Context, intent: IntentView) -> None:
    estate_id = ctx.estate_id
    # A forced report ("@机器人 …", "#报事 …") names a problem the engine could not place.
    category = intent.category or ("other" if ctx.forced else None)
    if estate_id is None and category is not None and ctx.is_private:
        ask_where(ctx, "登记")  # a shy resident is not sent to the public group (D50)
        return
    if estate_id is None or category is None:
        if ctx.addressed:
            ctx.reply("收到。请在您所在的楼栋群或业主群里反映问题，方便我们找到对应的楼栋党小组。")
        return
    several = problems(ctx.message.text, ctx.classify) if ctx.classify is not None else None
    if several is not None:
        _report_several(ctx, intent, several)
        return
    location = intent.location
    result = _open(
        ctx,
        Report(
            category=category,
            summary=summarize(_complaint(ctx)),
            building=location.building or _group_building(ctx),
            unit=location.unit,
            room=location.room,
            urgent=intent.urgent,
            terms=tuple(intent.terms),
        ),
    )
    case = result.case
    ctx.stored.case_id = case.id
    advice: tuple[str, ...] = ()
    if case.urgent:
        # What to do right now comes first: a resident in danger reads one line. The advice is
        # for what this message says (its own category), not for the case it joined.
        advice = tuple(safety_advice(ctx.message.text, category, ctx.bot.dangers)) or (
            GENERAL_ADVICE,
        )
    ctx.reply(acknowledgement(result, advice))
    if case.urgent and (result.escalated or not result.joined):
        _alert_urgent(ctx, case)


def _complaint(ctx: Context) -> str:
    """The resident's words as members read them: without a leading "@邻里小助手" or "#报事"
    (convo2 C46: "本楼栋有新诉求 …：#报事 楼下老有人遛狗" read as if the tag were the problem)."""
    return _REPORT_TAG.sub("", ctx.text) or ctx.message.text


def _open(ctx: Context, report: Report) -> Intake:
    assert ctx.estate_id is not None
    return open_or_join(
        ctx.uow,
        estate_id=ctx.estate_id,
        group_id=ctx.group.id if ctx.group else None,
        reporter_id=person_id(ctx.sender.id),
        report=report,
        now=ctx.now,
        merge_window=timedelta(minutes=ctx.bot.merge_window_minutes),
        policy=ctx.bot.sla,
    )


def _report_several(ctx: Context, intent: IntentView, several: list[Problem]) -> None:
    """ "路灯不亮了，还有垃圾桶满了": one case per problem, and one receipt naming each.

    Each problem has its own category and so its own handlers; a clause without a building
    is in the building named before it (or the message's, or the group's).
    """
    assert ctx.classify is not None
    fallback = intent.location.building or _group_building(ctx)
    intakes: list[Intake] = []
    for problem in several:
        verdict = ctx.classify(problem.text)
        location = verdict.location
        building = problem.building or fallback
        urgent = verdict.urgent or (intent.urgent and problem.category == intent.category)
        mine = (
            None if urgent else own_open_case(ctx, problem.category, problem.text, None, building)
        )
        if mine is not None:
            intakes.append(Intake(mine, joined=True, repeat=True))  # her list, said again
            continue
        intakes.append(
            _open(
                ctx,
                Report(
                    category=problem.category,
                    summary=summarize(problem.text),
                    building=building,
                    unit=location.unit,
                    room=location.room,
                    urgent=urgent,
                    terms=tuple(verdict.terms),
                ),
            )
        )
    ctx.stored.case_id = intakes[0].case.id
    lines = [f"已受理您反映的 {len(intakes)} 个问题，分别跟进："]
    advice: list[str] = []
    for number, intake in enumerate(intakes, 1):
        case = intake.case
        mark = "【紧急】" if case.urgent else ""
        note = ""
        if intake.repeat:
            note = "（您已反映过，正在跟进）"
        elif intake.joined:
            note = f"（已有居民反映，已合并跟进，共 {case.reporters} 位）"
        lines.append(f"{number}. {mark}{describe(case)}：{case.summary}{note}")
        if case.urgent:
            advice += safety_advice(case.summary, case.category, ctx.bot.dangers) or [
                GENERAL_ADVICE
            ]
    if any(i.case.urgent for i in intakes):
        lines.append("紧急的问题已通知楼栋党小组长和支部书记。")
    else:
        lines.append("我们会尽快安排党员跟进。")
    codes = "」「".join(f"进度 {i.case.code}" for i in intakes)
    lines[-1] += f"发送「{codes}」可查看进展。"
    lines += safety_lines(advice)
    ctx.reply("\n".join(lines))
    for intake in intakes:
        if intake.case.urgent and (intake.escalated or not intake.joined):
            _alert_urgent(ctx, intake.case)


def _alert_urgent(ctx: Context, case: Case) -> None:
    alert_urgent(ctx.uow, mailer_for(ctx), case, _complaint(ctx), ctx.now)


def _status(ctx: Context, code: str) -> None:
    """A case's timeline, to those who may read it (see `case_access`); masked in a group."""
    case_id = parse_case_code(code)
    # The case, its reporters (who may read it) and its timeline: one read, not three.
    found = ctx.uow.cases.history(case_id) if case_id else None
    if found is None or not may_read_case(
        ctx.uow, found.case, ctx.sender, ctx.group, found.reporter_ids
    ):
        shown = code.upper().replace(" ", "")
        # The same words whether the case is missing or not theirs to read.
        ctx.reply(f"查不到诉求 {shown} 的进度，请核对编号。发送「我的诉求」可查看您反映过的问题。")
        return
    ctx.reply(render_status(found.case, found.events, ctx.bot.tz, in_group=ctx.group is not None))


def _my_cases(ctx: Context) -> None:
    cases = ctx.uow.cases.by_reporter(person_id(ctx.sender.id), limit=5)
    if not cases:
        ctx.reply(
            "您还没有反映过问题。在群里直接说出遇到的问题（例如“3号楼电梯坏了”），我们就会受理。"
        )
        return
    lines = ["您反映过的诉求："]
    for case in cases:
        # In a group the neighbours read along: the building and unit, not the door.
        where = format_place(case.building, case.unit, None) if ctx.group else case.place
        place = f" · {where}" if where else ""
        when = case.opened_at.astimezone(ctx.bot.tz).strftime("%m-%d %H:%M")
        lines.append(f"{case.code} {case.category_label}{place} · {case.status.label}（{when}）")
    lines.append("发送「进度 编号」查看详情。")
    ctx.reply("\n".join(lines))


def _group_building(ctx: Context) -> str | None:
    """The building a report names none for: its 楼栋群's, or in private chat the sender's
    own (what the bot asks a resident it cannot place: "您住哪个小区、几号楼")."""
    if ctx.group is not None:
        building_id = ctx.group.building_id
    elif ctx.sender.estate_id == ctx.estate_id:
        building_id = ctx.sender.building_id
    else:
        building_id = None
    building = ctx.uow.estates.building(building_id) if building_id is not None else None
    return building.number if building else None
