"""说事议事 in the chat.

Residents:  说事 … / #建议 … / 建议 …        a suggestion (S0001), thanked
            意见 Y0001 …                    an opinion while a topic is out for 征求意见
            评议 Y0001 满意                  评议 (满意 / 基本满意 / 不满意) once it is carried out
            议题 Y0001                       where a topic stands
党员, 楼栋党小组长, 支部书记, staff:
            议题 标题 (next lines: 级别：楼栋 / 楼栋：3 / 说明：…)  or  新议题 + the same lines
            征求意见 Y0001    意见汇总 Y0001    推进 Y0001 [备注]
            跳过 Y0001 议事会 原因…    提级 Y0001 [原因]    落实 Y0001 要办的事
"""

from __future__ import annotations

import re
from datetime import timedelta

from bot.chat.context import Context
from bot.chat.phrasing import UNCLEAR, clean_note, rating_level
from bot.chat.phrasing.suggestions import topic_title
from bot.chat.router import Router
from bot.domain.community import Role
from bot.domain.deliberation.suggestions import SuggestionError
from bot.domain.deliberation.topics import (
    Level,
    Stage,
    StepKind,
    Topic,
    TopicError,
    TopicStep,
    next_stage,
    parse_level,
    parse_moment,
    parse_topic_code,
    parse_topic_form,
)
from bot.services.deliberation import consultation, follow_up, lookup, meetings, suggestions, topics

CODE = r"(?P<code>[Yy]\s*\d{1,9})"
# A topic code followed by a question and nothing that reads like a new topic's title.
_ASKED_ABOUT = re.compile(
    r"^([Yy]\s*\d{1,9})\s*(?:到哪|哪一步|怎么样|咋样|进展|进度|什么情况|呢|了吗|[?？])[^\n]{0,10}$"
)
MEMBER = Role.MEMBER
# A time change for the meeting ahead: "改到周四晚上七点半", "推迟到下周二下午3点".
_CHANGE = re.compile(r"\s*(?:改到|改成|改为|改在|挪到|换到|调到|推迟到|延到|提前到)\s*")
MEETING_LASTS = timedelta(hours=3)  # a meeting under way is still the one people ask about
FORM_HELP = (
    "议题 电动车不进楼道\n级别：楼栋（邻里 / 楼栋 / 小区 / 社区）\n楼栋：3\n说明：想听听大家的意见"
)


TITLE_LIMIT = 30
PROMOTED = (
    "已把说事 {suggestion} 转为议题 {code}「{title}」，提建议的居民已私下收到通知。"
    "下一步发「征求意见 {code}」听听大家的意见。"
)


def build_router() -> Router:
    router = Router("deliberation")

    @router.command("说事", "#说事", "#建议", "建议", args=r"(?P<text>.*)", usage="说事 内容")
    def suggest(ctx: Context, args: re.Match[str]) -> None:
        if not args["text"].strip() and not ctx.addressed:
            return  # a bare "建议" in a group is talk, not a suggestion
        try:
            s = suggestions.submit(
                ctx.uow,
                args["text"],
                person=ctx.sender,
                group=ctx.group,
                account=ctx.bot.account,
                now=ctx.now,
            )
        except SuggestionError as exc:
            ctx.reply(str(exc))
            return
        ctx.reply(f"谢谢您的好建议！已记下（{s.code}），我们会认真研究，有回音私聊告诉您。")

    @router.command("议题", "新议题", args=r"(?P<form>.*)", usage=FORM_HELP)
    def topic(ctx: Context, args: re.Match[str]) -> None:
        form = args["form"].strip()
        code = parse_topic_code(form) if form else None
        asked = _ASKED_ABOUT.match(form)  # "议题Y0001到哪一步了？"
        if code is None and asked is not None:
            code = parse_topic_code(asked[1])
        if code is not None:
            _show(ctx, code)
            return
        if not form and not ctx.addressed:
            return  # a bare "议题" in a group is talk
        if ctx.sender.role < MEMBER:
            ctx.reply("议题由党员、楼栋党小组长、支部书记或社区发起。您有想法请发送「说事 …」。")
            return
        if not form:
            ctx.reply(f"请按这个格式发送（每项一行）：\n{FORM_HELP}")
            return
        _create(ctx, form)

    @router.command(
        "转为议题",
        "转成议题",
        "转议题",
        args=r"(?P<code>[Ss]\s*\d{1,9})\s*(?P<title>.*)",
        usage="转为议题 S0001 [议题标题]",
        min_role=Role.SECRETARY,
    )
    def promote(ctx: Context, args: re.Match[str]) -> None:
        # "转为议题 S0005 标题：电动车充电桩": the title, not the word that marks it (polish15)
        _promote(ctx, args["code"], topic_title(clean_note(args["title"]))[:TITLE_LIMIT])

    @router.command("征求意见", args=CODE, usage="征求意见 Y0001", min_role=MEMBER)
    def consult(ctx: Context, args: re.Match[str]) -> None:
        _consult(ctx, args["code"])

    @router.command("意见", "提意见", args=rf"{CODE}\s*(?P<text>.*)", usage="意见 Y0001 您的想法")
    def opinion(ctx: Context, args: re.Match[str]) -> None:
        try:
            t, _ = consultation.add_opinion(
                ctx.uow,
                args["code"],
                clean_note(args["text"]),  # "意见Y0001：不同意" keeps "不同意", not "：不同意"
                person=ctx.sender,
                group=ctx.group,
                now=ctx.now,
            )
        except TopicError as exc:
            ctx.reply(str(exc))
            return
        if ctx.is_private:
            ctx.reply(f"谢谢！您对议题 {t.code} 的意见已记下，会转给牵头人。")
        else:
            ctx.reply(f"谢谢！意见已记下（{t.code}）。以后也可以私聊我发送，更方便。")

    @router.command("意见汇总", args=CODE, usage="意见汇总 Y0001", min_role=MEMBER)
    def opinions(ctx: Context, args: re.Match[str]) -> None:
        try:
            t = topics.find(ctx.uow, args["code"])
            topics.check_manager(ctx.uow, t, ctx.sender)
        except TopicError as exc:
            ctx.reply(str(exc))
            return
        text = consultation.summary(ctx.uow, t).text()
        # Residents' names and words: only ever privately, even when asked in a group.
        ctx.send(text, person=ctx.sender)
        if not ctx.is_private:
            ctx.reply("意见汇总已私聊发给您。")

    @router.command(
        "推进", "下一阶段", args=rf"{CODE}\s*(?P<note>.*)", usage="推进 Y0001", min_role=MEMBER
    )
    def advance(ctx: Context, args: re.Match[str]) -> None:
        try:
            if topics.opens_consultation(ctx.uow, args["code"]):
                _consult(ctx, args["code"])  # residents must be asked, as 「征求意见」 does
                return
            t, steps = topics.advance(
                ctx.uow,
                args["code"],
                actor=ctx.sender,
                account=ctx.bot.account,
                now=ctx.now,
                note=args["note"],
            )
        except TopicError as exc:
            ctx.reply(str(exc))
            return
        ctx.reply(_moved(t, steps))

    @router.command(
        "跳过",
        args=rf"{CODE}\s*(?P<stage>[^\s,，:：]*)[\s,，:：]*(?P<reason>.*)",
        usage="跳过 Y0001 议事会 原因",
        min_role=MEMBER,
    )
    def skip(ctx: Context, args: re.Match[str]) -> None:
        try:
            if not args["stage"]:
                raise TopicError(
                    "请写上要跳过的阶段和原因，例如「跳过 Y0001 议事会 小事无需开会」。"
                )
            stage = topics.stage_word(args["stage"])
            t, steps = topics.skip(
                ctx.uow,
                args["code"],
                stage,
                args["reason"],
                actor=ctx.sender,
                account=ctx.bot.account,
                now=ctx.now,
            )
        except TopicError as exc:
            ctx.reply(str(exc))
            return
        ctx.reply(_moved(t, steps))

    @router.command(
        "提级", args=rf"{CODE}\s*(?P<reason>.*)", usage="提级 Y0001 原因", min_role=MEMBER
    )
    def escalate(ctx: Context, args: re.Match[str]) -> None:
        try:
            t, organiser = topics.escalate(
                ctx.uow,
                args["code"],
                actor=ctx.sender,
                account=ctx.bot.account,
                now=ctx.now,
                reason=args["reason"],
            )
        except TopicError as exc:
            ctx.reply(str(exc))
            return
        who = f"，由{organiser.name}牵头" if organiser is not None else ""
        ctx.reply(f"议题 {t.code} 已提级到{t.level.label}级{who}。")

    @router.command(
        "议事会",
        "开议事会",
        args=rf"{CODE}\s*(?P<when>.*)",
        usage="议事会 Y0001 2026-12-05 19:00 党群服务站",
        min_role=MEMBER,
    )
    def meeting(ctx: Context, args: re.Match[str]) -> None:
        # "议事会 Y0001 改到周四晚上七点半" moves the meeting ahead; the rest schedules one.
        change = _CHANGE.match(args["when"])
        when = args["when"][change.end() :] if change else args["when"]
        try:
            current = meetings.next_meeting(ctx.uow, args["code"], ctx.now) if change else None
            base = current.starts_at if current is not None else None
            starts_at, venue = parse_moment(when, ctx.now, ctx.bot.tz, base=base)
            if current is not None:
                t, m = meetings.reschedule(
                    ctx.uow,
                    args["code"],
                    current,
                    starts_at=starts_at,
                    venue=venue,
                    actor=ctx.sender,
                    now=ctx.now,
                )
                ctx.reply(
                    f"已改期，{meetings.meeting_text(ctx.uow, t, m, ctx.bot.tz)}\n"
                    "会前一天按新时间私聊提醒。"
                )
                return
            t, m = meetings.schedule(
                ctx.uow,
                args["code"],
                starts_at=starts_at,
                venue=venue,
                roles=None,
                guests=None,
                actor=ctx.sender,
                now=ctx.now,
            )
        except TopicError as exc:
            ctx.reply(str(exc))
            return
        invited = meetings.invitees(ctx.uow, t, m)
        stage = _into_meeting(ctx, t)
        ctx.reply(
            f"已安排{meetings.meeting_text(ctx.uow, t, m, ctx.bot.tz)}\n"
            f"邀请 {len(invited)} 人，会前一天私聊提醒。纪要请在管理后台填写。\n{stage}"
        )

    @router.command(
        "落实", args=rf"{CODE}\s*(?P<text>.*)", usage="落实 Y0001 要办的事", min_role=MEMBER
    )
    def implement(ctx: Context, args: re.Match[str]) -> None:
        try:
            t, case = follow_up.spawn_case(
                ctx.uow,
                args["code"],
                summary=args["text"],
                actor=ctx.sender,
                now=ctx.now,
                policy=ctx.bot.sla,
            )
        except TopicError as exc:
            ctx.reply(str(exc))
            return
        ctx.reply(f"已为议题 {t.code} 派单：诉求 {case.code}，按「2341」时限跟进办理。")

    @router.command("评议", args=rf"{CODE}\s*(?P<word>.*)", usage="评议 Y0001 满意")
    def evaluate(ctx: Context, args: re.Match[str]) -> None:
        # "不满意，棚子太小" and "基本满意吧" are ratings too, in the words the 回访 takes.
        level: str | None = rating_level(args["word"])
        remark = ""
        if level not in (None, UNCLEAR):
            # "还行 就是有点矮" reads 基本满意 with its caveat (convo8): the caveat still goes
            # to the organiser as the remark.
            first, rest = _verdict_and_remark(args["word"])
            remark = rest if first == level else ""
        else:
            # "还行 就是有点矮" (convo4 F100): the verdict first, then a remark for the organiser.
            level, remark = _verdict_and_remark(args["word"])
        word = level if level not in (None, UNCLEAR) else args["word"].strip()
        try:
            t, _, replaced = follow_up.evaluate(
                ctx.uow, args["code"], word, person=ctx.sender, group=ctx.group, now=ctx.now
            )
        except TopicError as exc:
            ctx.reply(str(exc))
            return
        verdict = follow_up.RATING_WORDS[word].label
        again = "已改为" if replaced else "已记下"
        passed = ""
        organiser = ctx.uow.people.get(t.organiser_id) if remark and t.organiser_id else None
        if organiser is not None:
            ctx.send(
                f"议题 {t.code}「{t.title}」评议：{ctx.sender.name} {verdict}，补充：{remark}",
                person=organiser,
            )
            passed = "您的补充已转给牵头人。"
        ctx.reply(f"谢谢您的评议！议题 {t.code}：{again}「{verdict}」。{passed}")

    return router


def _consult(ctx: Context, code: str) -> None:
    try:
        t, groups = topics.consult(
            ctx.uow, code, actor=ctx.sender, account=ctx.bot.account, now=ctx.now
        )
    except TopicError as exc:
        ctx.reply(str(exc))
        return
    ctx.reply(
        f"议题 {t.code} 已进入征求意见阶段，发到 {len(groups)} 个群。"
        f"发送「意见汇总 {t.code}」随时看大家的意见；「推进 {t.code}」结束征求意见。"
    )


def _create(ctx: Context, form: str) -> None:
    fields = parse_topic_form(form)
    try:
        level = _level(ctx, fields.get("level", ""))
        estate_id = _estate(ctx, fields.get("estate", ""))
        building_id = None
        if fields.get("building"):
            number = fields["building"].strip().removesuffix("号楼").removesuffix("栋")
            building = (
                ctx.uow.estates.building_by_number(estate_id, number)
                if estate_id is not None
                else None
            )
            if building is None:
                raise TopicError(f"没有找到楼栋「{fields['building']}」。")
            building_id = building.id
        elif ctx.group is not None and ctx.group.building_id is not None:
            building_id = ctx.group.building_id
        t = topics.create(
            ctx.uow,
            topics.TopicInput(
                title=fields.get("title", ""),
                level=level,
                estate_id=estate_id,
                building_id=building_id,
                description=fields.get("description", ""),
                source=fields.get("source", ""),
            ),
            actor=ctx.sender,
            account=ctx.bot.account,
            now=ctx.now,
        )
    except TopicError as exc:
        ctx.reply(str(exc))
        return
    organiser = ctx.uow.people.get(t.organiser_id) if t.organiser_id else None
    who = organiser.name if organiser else "待定"
    ctx.reply(
        f"已立{t.level.label}级议题 {t.code}「{t.title}」，牵头人：{who}。\n"
        f"下一步：发送「征求意见 {t.code}」发到群里听意见；"
        f"小事不需要的阶段可以「跳过 {t.code} 议事会 原因」。"
    )


def _estate(ctx: Context, word: str) -> int | None:
    """ "小区：兰亭小区" (staff, who belong to no 小区) or the group's / sender's own."""
    word = word.strip()
    if not word:
        return ctx.estate_id
    for estate in ctx.uow.estates.all():
        if word in (estate.name, estate.key):
            return estate.id
    raise TopicError(f"没有找到小区「{word}」。")


def _level(ctx: Context, word: str) -> Level:
    if word:
        level = parse_level(word)
        if level is None:
            raise TopicError("级别请写：邻里、楼栋、小区或社区。")
        return level
    # No level given: the highest the sender may open, but never above 小区 by default.
    for level in (Level.ESTATE, Level.BUILDING, Level.NEIGHBOUR):
        if ctx.sender.role >= level.organiser_role:
            return level
    return Level.NEIGHBOUR


def _verdict_and_remark(words: str) -> tuple[str | None, str]:
    """ "还行 就是有点矮" → (基本满意, "就是有点矮"): the first clause rates, the rest remarks."""
    parts = [p for p in re.split(r"[\s,，。!！;；]+", words.strip()) if p]
    if len(parts) < 2:
        return None, ""
    level = rating_level(parts[0])
    if level in (None, UNCLEAR):
        return None, ""
    return level, " ".join(parts[1:])


def show_topic(ctx: Context, topic_id: int) -> None:
    """A topic's stage and steps, and its coming 议事会 (when, where) for anyone who asks."""
    _show(ctx, topic_id)


def _show(ctx: Context, topic_id: int) -> None:
    try:
        t = lookup.find_for(ctx.uow, topic_id, ctx.sender)
    except TopicError as exc:
        ctx.reply(str(exc))
        return
    steps = ctx.uow.topics.steps(topic_id)
    lines = [f"议题 {t.code}「{t.title}」· {t.level.label}级 · 当前：{t.stage.label}"]
    tz = ctx.bot.tz
    for step in steps[-6:]:
        local = step.at.astimezone(tz)
        lines.append(f"{local.month}月{local.day}日 {_step_text(step)}")
    coming = upcoming_meeting(ctx, topic_id)
    if coming is not None:
        # "Y0001的议事会在哪开" (convo4 F28): residents ask when and where it meets.
        lines.append(coming)
    if t.stage is Stage.CONSULTING:
        lines.append(f"欢迎私聊我发送「意见 {t.code} 您的想法」。")
    ctx.reply("\n".join(lines))


def upcoming_meeting(ctx: Context, topic_id: int) -> str | None:
    """ "议事会：12月5日 19:00，党群服务站" for the topic's meeting not yet over, else None."""
    since = ctx.now - MEETING_LASTS
    coming = [m for m in ctx.uow.topics.meetings(topic_id) if m.starts_at >= since]
    if not coming:
        return None
    meeting = min(coming, key=lambda m: m.starts_at)
    venue = ctx.uow.activities.venue(meeting.venue_id) if meeting.venue_id else None
    local = meeting.starts_at.astimezone(ctx.bot.tz)
    where = venue.label if venue is not None else "地点待定"
    return f"议事会：{local.month}月{local.day}日 {local:%H:%M}，{where}。想列席请联系牵头人。"


def _step_text(step: TopicStep) -> str:
    if step.kind is StepKind.OPENED:
        return f"{step.actor} 提出动议"
    if step.kind is StepKind.SKIPPED:
        return f"跳过「{step.stage.label}」：{step.note}（{step.actor}）"
    if step.kind is StepKind.ESCALATED:
        return f"提级 {step.note}（{step.actor}）"
    if step.kind is StepKind.CLOSED:
        return f"办结（{step.actor}）"
    return f"进入「{step.stage.label}」（{step.actor}）"


def _moved(t: Topic, steps: list[TopicStep]) -> str:
    said = "；".join(_step_text(s) for s in steps)
    if t.closed:
        return f"议题 {t.code}：{said}。议题已办结，谢谢大家！"
    return f"议题 {t.code}：{said}。当前阶段：{t.stage.label}。{_next_hint(t)}"


def _next_hint(t: Topic) -> str:
    """What the next 推进 will do, so nobody sends it expecting another stage."""
    after = next_stage(t)
    if after is Stage.CLOSED:
        return f"这一阶段完成后发送「推进 {t.code}」办结议题。"
    return f"这一阶段完成后发送「推进 {t.code}」，议题转到「{after.label}」。"


def _into_meeting(ctx: Context, t: Topic) -> str:
    """Scheduling the 议事会 is the topic's move into that stage, when nothing is left
    before it; a running consultation is not ended by it (推进 does that)."""
    if t.closed or t.stage is Stage.MEETING:
        return f"议题 {t.code} 当前阶段：{t.stage.label}。{_next_hint(t)}"
    if t.stage is Stage.CONSULTING:
        return f"议题 {t.code} 还在征求意见；意见收齐后发送「推进 {t.code}」，议题转到「议事会」。"
    if next_stage(t) is not Stage.MEETING:
        return f"议题 {t.code} 当前阶段：{t.stage.label}。{_next_hint(t)}"
    try:
        moved, steps = topics.advance(
            ctx.uow, t.code, actor=ctx.sender, account=ctx.bot.account, now=ctx.now
        )
    except TopicError as exc:
        return str(exc)
    return _moved(moved, steps)


def _promote(ctx: Context, code: str, title: str) -> None:
    """ "S0001 这个建议挺好 转成议题吧" (convo14b): the 书记 moves a resident's suggestion on from
    chat, as the console's 转为议题 does; the resident hears which topic it became."""
    scope = ctx.sender.estate_id if ctx.sender.role < Role.STAFF else None
    try:
        topic = suggestions.promote(
            ctx.uow,
            code.replace(" ", ""),
            Level.ESTATE,
            title=title,
            actor=ctx.sender,
            account=ctx.bot.account,
            now=ctx.now,
            scope_estate=scope,
        )
    except (SuggestionError, TopicError) as exc:
        ctx.reply(str(exc))
        return
    ctx.reply(PROMOTED.format(suggestion=code.upper(), code=topic.code, title=topic.title))
