"""待确认 in chat: an uncertain message is held silently; the 楼栋党小组长 (or 支部书记) settles
it privately by its Q code: 「是 Q0003」/「转为诉求 Q0003」 or 「不是 Q0003」/「不是诉求 Q0003」.

「待确认」 lists what is waiting for them now (the daily digest does the same once a day).
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import TYPE_CHECKING

from bot.chat.context import Context
from bot.chat.followup import names_nothing, opens_with_me_too, says_same_here
from bot.chat.router import IntentView, Router
from bot.domain.cases import Report, summarize
from bot.domain.community import Role
from bot.domain.likeness import problem_bigrams, same_problem
from bot.domain.review import (
    ReviewItem,
    ReviewRefused,
    format_review_code,
    may_decide,
    parse_review_code,
    render_digest,
)
from bot.handlers.case_context import person_id
from bot.handlers.followups.entry import about_own_case
from bot.services.cases import acknowledgement, join_case, join_open
from bot.services.review import decide, digest
from bot.services.review.corroborate import corroborated
from bot.services.review.hold import hold

if TYPE_CHECKING:
    from bot.handlers.helpdesk import Desk

# 是/不是 are everyday words: only a Q code makes them a command ("是 Q0003"); the longer
# names also take a bare number ("转为诉求 3") and answer anything else with the format.
_Q_CODE = r"(?P<code>[Qq]\s*\S*)"
_ANY_CODE = r"(?P<code>\S.*)?"
USAGE_YES = "是 Q0001"
USAGE_NO = "不是 Q0001"
WRONG_CODE = "编号应为 Q 加数字，例如「{usage}」（见每天的【待确认】消息）。"
ASK_PROBLEM = "没看明白您要反映什么问题。请直接说说遇到了什么问题，例如“3号楼电梯坏了”。"
ASK_HELPDESK = "需要上门帮办请发「代办 要办的事」，发「帮办清单」查看能办哪些事。"
ASK_WISH = (
    "想请人帮忙的话，可以发「心愿 想请人帮忙做的事」登记微心愿；"
    "需要上门帮办请发「代办 要办的事」，发「帮办清单」查看。"
)


def build_router(desk: Desk | None = None) -> Router:
    router = Router("review")

    @router.intent("review")
    def held(ctx: Context, intent: IntentView) -> None:
        # First what the words answer: one of her own cases, a listed 帮办 service.
        # As for a report: a category the model guessed with no lexicon word behind it ("楼下也是"
        # as 邻里纠纷) does not say the words are about another case than the flood next door.
        category = intent.category if intent.kind == "issue" and intent.terms else None
        if about_own_case(ctx, category, intent.location):
            return
        if desk is not None and desk.offers(ctx, ctx.message.text):
            return
        if ctx.forced:
            # Spoken to the bot (privately, "@", "#报事"), and only the model suspects a
            # problem: an address or a time alone is no report. Ask rather than hold it
            # silently from someone who expects an answer.
            ctx.reply(_what_is_it(intent, desk))
            return
        # No reply: the message waits on the 待确认 list for a person to decide.
        if ctx.estate_id is None:
            return
        if confirms_a_neighbour(ctx, intent):
            return
        building = intent.location.building
        group_building = ctx.group.building_id if ctx.group else None
        if building is None and group_building is not None:
            found = ctx.uow.estates.building(group_building)
            building = found.number if found else None
        if _repeats_open_case(ctx, intent, building):
            return
        hold(
            ctx.uow,
            account=ctx.bot.account,
            message_key=ctx.message.message_id,
            estate_id=ctx.estate_id,
            sender_id=person_id(ctx.sender.id),
            text=ctx.message.text,
            received_at=ctx.now,
            group_id=ctx.group.id if ctx.group else None,
            group_building_id=group_building,
            kind=intent.kind if intent.kind in ("issue", "wish") else "issue",
            category=intent.category,
            urgent=intent.urgent,
            building=building,
            unit=intent.location.unit,
            room=intent.location.room,
        )

    def convert(ctx: Context, args: re.Match[str]) -> None:
        item = _item(ctx, args["code"], USAGE_YES)
        if item is None:
            return
        try:
            intake = decide.convert(
                ctx.uow,
                item,
                category=item.category or "other",
                where=decide.Place(item.building, item.unit, item.room),
                actor=_actor(ctx),
                setting=_setting(ctx),
                now=ctx.now,
            )
        except ReviewRefused as refused:
            ctx.reply(str(refused))
            return
        case = intake.case
        joined = "，已合并到同一问题" if intake.joined else ""
        ctx.reply(
            f"已把 {item.code} 转为诉求 {case.code}（{case.category_label}）{joined}，"
            f"并在群里告知了居民。类别不对可在后台诉求页修改。"
        )

    def dismiss(ctx: Context, args: re.Match[str]) -> None:
        item = _item(ctx, args["code"], USAGE_NO)
        if item is None:
            return
        try:
            decide.dismiss(ctx.uow, item, actor=_actor(ctx), setting=_setting(ctx), now=ctx.now)
        except ReviewRefused as refused:
            ctx.reply(str(refused))
            return
        ctx.reply(f"好的，{item.code} 已标为「不是诉求」，谢谢您。")

    for names, args, usage, handler, strict in (
        (("转为诉求", "是诉求"), _ANY_CODE, USAGE_YES, convert, False),
        (("是",), _Q_CODE, USAGE_YES, convert, True),
        (("不是诉求",), _ANY_CODE, USAGE_NO, dismiss, False),
        (("不是",), _Q_CODE, USAGE_NO, dismiss, True),
    ):
        router.command(
            *names, args=args, usage=usage, min_role=Role.LEADER, where="private", strict=strict
        )(handler)

    @router.command("待确认", min_role=Role.LEADER, where="private")
    def pending(ctx: Context, _args: re.Match[str]) -> None:
        items = list(ctx.uow.review.pending(before=ctx.now))
        mine = digest.recipients(ctx.uow, items).get(person_id(ctx.sender.id))
        if ctx.sender.role >= Role.STAFF:
            mine = (ctx.sender, items)
        if not mine or not mine[1]:
            ctx.reply("目前没有需要您确认的消息。")
            return
        groups = {g.id: g.topic for g in ctx.uow.groups.all() if g.id is not None}
        senders = ctx.uow.people.many(sorted({i.sender_id for i in mine[1]}))
        names = {pid: p.name for pid, p in senders.items()}
        ctx.reply(render_digest(mine[1], names, groups, ctx.bot.tz))

    return router


def _what_is_it(intent: IntentView, desk: Desk | None) -> str:
    """The one-line question for a message spoken to the bot that names no problem."""
    if intent.kind == "wish":
        return ASK_WISH
    helpdesk = ASK_HELPDESK if desk is not None and desk.catalog.services else ""
    return ASK_PROBLEM + helpdesk


def _item(ctx: Context, token: str | None, usage: str) -> ReviewItem | None:
    """The held message a command names, if this person may decide it; else says why."""
    item_id = parse_review_code(token or "")
    if item_id is None:
        ctx.reply(WRONG_CODE.format(usage=usage))
        return None
    item = ctx.uow.review.get(item_id)
    if item is None:
        ctx.reply(f"没有找到待确认消息 {format_review_code(item_id)}，请核对编号。")
        return None
    if not may_decide(ctx.sender, item):
        ctx.reply(f"{item.code} 不是您负责的楼栋的消息，请由对应的楼栋党小组长或支部书记确认。")
        return None
    return item


BOT_ACTOR = decide.Actor(name="多位居民反映", audit_as="bot:corroborated")


def _repeats_open_case(ctx: Context, intent: IntentView, building: str | None) -> bool:
    """ "电梯不走了 抱着娃爬了8楼" minutes after two neighbours reported the lift: the engine is
    unsure it is a report, but its words name the very thing an open case in this building is
    about, so it is a third voice (convo13), told so in the group, not held out of sight."""
    if intent.kind != "issue" or not intent.terms or intent.category is None:
        return False
    assert ctx.estate_id is not None
    joined = join_open(
        ctx.uow,
        estate_id=ctx.estate_id,
        group_id=ctx.group.id if ctx.group else None,
        reporter_id=person_id(ctx.sender.id),
        report=Report(
            category=intent.category,
            summary=summarize(ctx.text),
            building=building,
            unit=intent.location.unit,
            room=intent.location.room,
            urgent=False,
            terms=tuple(intent.terms),
        ),
        now=ctx.now,
        merge_window=timedelta(minutes=ctx.bot.merge_window_minutes),
        policy=ctx.bot.sla,
    )
    if joined is None:
        return False
    ctx.stored.case_id = joined.case.id
    ctx.reply(acknowledgement(joined))
    return True


def confirms_a_neighbour(ctx: Context, intent: IntentView) -> bool:
    """A neighbour's held message of the same kind minutes ago, and now this one: the first
    becomes a case (its sender hears as after a 「是 Q…」), this sender joins it (convo3 D6).
    This one may be held too, or a case by itself: either way it is one problem, two voices."""
    assert ctx.estate_id is not None
    # "我家也是", "我们家也这样": a bare me-too names nothing, so it confirms the neighbour's
    # words just before it whatever the engine made of either (convo10 class 1).
    text = ctx.message.text
    bare = says_same_here(text) and names_nothing(text)
    earlier = corroborated(
        ctx.uow,
        estate_id=ctx.estate_id,
        group_id=ctx.group.id if ctx.group else None,
        sender_id=person_id(ctx.sender.id),
        category=intent.category if intent.kind == "issue" else None,
        now=ctx.now,
        any_category=bare,
    )
    if earlier is None:
        return False
    if (
        intent.action == "case"
        and intent.terms
        and not opens_with_me_too(ctx.text)
        and not _names_it_too(earlier.text, ctx.text)
    ):
        # "台阶塌了一块" is a report of its own: a neighbour's unsure "好像有股怪味" of the
        # same category minutes ago is no reason to fold it into her words (convo8).
        return False
    try:
        opened = decide.convert(
            ctx.uow,
            earlier,
            category=earlier.category,
            where=decide.place(earlier.building, earlier.unit, earlier.room),
            actor=BOT_ACTOR,
            setting=_setting(ctx),
            now=ctx.now,
        )
    except ReviewRefused:
        return False  # a person decided it a moment ago: this message is held as usual
    intake = join_case(
        ctx.uow, opened.case, person_id(ctx.sender.id), ctx.now, ctx.group.id if ctx.group else None
    )
    ctx.stored.case_id = opened.case.id
    ctx.reply(acknowledgement(intake))
    return True


def _names_it_too(held: str, said: str) -> bool:
    """Both texts name one and the same thing (not merely nothing comparable)."""
    return bool(problem_bigrams(held)) and same_problem(held, said)


def _actor(ctx: Context) -> decide.Actor:
    return decide.Actor(
        name=ctx.sender.name, audit_as=f"wechat:{ctx.sender.name}", person_id=ctx.sender.id
    )


def _setting(ctx: Context) -> decide.Setting:
    return decide.Setting(
        community=ctx.bot.community,
        policy=ctx.bot.sla,
        merge_window=timedelta(minutes=ctx.bot.merge_window_minutes),
    )
