"""议事: topics by stage and level, a topic's timeline (stages, opinions, meetings and minutes,
votes, spawned cases, 评议), create / advance / skip / 提级 / 征求意见, meetings and minutes;
and export. The same services as the chat's 议题/推进/跳过 commands. A secretary sees her own
小区's topics only: every load and action checks it here, on the server."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any, NoReturn

import aiohttp_jinja2
from aiohttp import web

from bot.console.base import (
    in_uow,
    int_or_none,
    int_param,
    linli,
    not_found,
    now,
    run_action,
    text_field,
    user,
    xlsx_response,
)
from bot.domain.deliberation.suggestions import SuggestionError
from bot.domain.deliberation.topics import (
    DEFAULT_GUESTS,
    DEFAULT_ROLES,
    LEVELS,
    PARTICIPANT_ROLES,
    STAGES,
    Level,
    Stage,
    Topic,
    TopicError,
    parse_level,
    parse_stage,
)
from bot.domain.deliberation.votes import Vote
from bot.domain.staff import StaffUser
from bot.ports import UnitOfWork
from bot.services.console_cases import actor_for
from bot.services.deliberation import consultation, follow_up, meetings, topics
from bot.services.deliberation.lookup import visible

REFUSED = (TopicError, SuggestionError)
ALL_STAGES = (*STAGES, Stage.CLOSED)


def register(app: web.Application) -> None:
    app.router.add_get("/topics", topics_page)
    app.router.add_post("/topics", topic_create)
    app.router.add_get("/topics.xlsx", topics_export)
    app.router.add_get("/topics/{tid}", topic_page)
    app.router.add_post("/topics/{tid}/advance", topic_advance)
    app.router.add_post("/topics/{tid}/skip", topic_skip)
    app.router.add_post("/topics/{tid}/escalate", topic_escalate)
    app.router.add_post("/topics/{tid}/consult", topic_consult)
    app.router.add_post("/topics/{tid}/meetings", meeting_create)
    app.router.add_post("/topics/{tid}/cases", case_create)
    app.router.add_post("/topics/{tid}/meetings/{mid}/minutes", meeting_minutes)
    app.router.add_post("/topics/{tid}/meetings/{mid}/publish", meeting_publish)


def _mine(uow: UnitOfWork, staff: StaffUser, topic_id: int) -> Topic | None:
    topic = uow.topics.get(topic_id)
    return topic if topic is not None and visible(topic, staff.scope_estate) else None


@aiohttp_jinja2.template("topics.html")
async def topics_page(request: web.Request) -> dict[str, Any]:
    staff = user(request)
    stage = parse_stage(request.query.get("stage", "")) or (
        Stage.CLOSED if request.query.get("stage") == "closed" else None
    )
    level = parse_level(request.query.get("level", ""))

    def load(uow: UnitOfWork) -> dict[str, Any]:
        found = [
            t
            for t in uow.topics.find(estate_id=staff.scope_estate, stage=stage)
            if level is None or t.level is level
        ]
        people = uow.people.many([t.organiser_id for t in found if t.organiser_id])
        counts = uow.topics.count_by_stage(staff.scope_estate)
        estates = [e for e in uow.estates.all() if staff.may_see_estate(e.id)]
        return {
            "found": found,
            "people": people,
            "counts": [(s, counts.get(str(s), 0)) for s in ALL_STAGES],
            "estates": estates,
            "estate_names": {e.id: e.name for e in uow.estates.all()},
            "buildings": [
                (b, next((e.name for e in estates if e.id == b.estate_id), ""))
                for b in uow.estates.buildings()
                if staff.may_see_estate(b.estate_id)
            ],
        }

    data = await in_uow(request, load)
    return {
        **data,
        "stage": stage,
        "level": level,
        "stages": ALL_STAGES,
        "levels": LEVELS,
        "prefill_title": request.query.get("title", "")[:60],
        "prefill_source": request.query.get("source", "")[:200],
        "prefill_estate": int_or_none(request.query.get("estate")),
    }


async def topic_create(request: web.Request) -> web.StreamResponse:
    staff, bot = user(request), linli(request)
    form = await request.post()
    at = now(request)
    level = parse_level(text_field(form, "level", 20)) or Level.ESTATE
    estate_id = int_or_none(form.get("estate"))
    building_id = int_or_none(form.get("building")) or None

    def work(uow: UnitOfWork) -> str | None:
        if staff.scope_estate is not None and estate_id != staff.scope_estate:
            raise TopicError("只能为您负责的小区立议题。")
        topic = topics.create(
            uow,
            topics.TopicInput(
                title=text_field(form, "title", 100),
                level=level,
                estate_id=estate_id,
                building_id=building_id,
                description=text_field(form, "description", 1000),
                source=text_field(form, "source", 200),
            ),
            actor=actor_for(uow, staff),
            account=bot.settings.account,
            now=at,
        )
        return f"已立议题 {topic.code}「{topic.title}」。"

    await run_action(request, work, back_to="/topics", refused=REFUSED)


@aiohttp_jinja2.template("topic.html")
async def topic_page(request: web.Request) -> dict[str, Any]:
    topic_id = int_param(request, "tid")
    staff = user(request)

    def load(uow: UnitOfWork) -> dict[str, Any] | None:
        topic = _mine(uow, staff, topic_id)
        if topic is None:
            return None
        opinions = list(uow.topics.opinions(topic_id))
        found_meetings = list(uow.topics.meetings(topic_id))
        cases = [uow.cases.get(cid) for cid in uow.topics.case_ids(topic_id)]
        return {
            "t": topic,
            "estate": uow.estates.get(topic.estate_id),
            "building": uow.estates.building(topic.building_id) if topic.building_id else None,
            "organiser": uow.people.get(topic.organiser_id) if topic.organiser_id else None,
            "steps": list(uow.topics.steps(topic_id)),
            "summary": consultation.summary(uow, topic),
            "opinions": opinions,
            "meetings": [
                (
                    m,
                    uow.activities.venue(m.venue_id) if m.venue_id else None,
                    meetings.invitees(uow, topic, m),
                )
                for m in found_meetings
            ],
            "venues": list(uow.activities.venues()),
            "cases": [c for c in cases if c is not None],
            "tally": follow_up.tally(uow, topic),
            "votes": votes_for(uow, topic),
        }

    data = await in_uow(request, load)
    if data is None:
        raise not_found()
    t: Topic = data["t"]
    return {
        **data,
        "stages": STAGES,
        "skippable": [
            s
            for s in STAGES[1:]
            if not t.closed and STAGES.index(s) >= STAGES.index(t.stage) and str(s) not in t.skipped
        ],
        "roles": list(PARTICIPANT_ROLES),
        "default_roles": DEFAULT_ROLES[t.level],
        "default_guests": DEFAULT_GUESTS[t.level],
        "stage_index": STAGES.index(t.stage) if t.stage in STAGES else len(STAGES),
    }


def votes_for(uow: UnitOfWork, topic: Topic) -> list[Vote]:
    """表决: the votes held on this topic (a vote stores its topic's code, Y0001)."""
    return list(uow.votes.for_topic(topic.code))


async def _topic_action(request: web.Request, act: Any) -> NoReturn:
    """One action on one topic the user may see (else 404), in one transaction."""
    topic_id = int_param(request, "tid")
    staff = user(request)

    def work(uow: UnitOfWork) -> str | None:
        topic = _mine(uow, staff, topic_id)
        if topic is None:
            return None
        return str(act(uow, topic, actor_for(uow, staff)))

    await run_action(request, work, back_to=f"/topics/{topic_id}", refused=REFUSED)


async def topic_advance(request: web.Request) -> web.StreamResponse:
    form, at, account = await request.post(), now(request), linli(request).settings.account
    expect = parse_stage(text_field(form, "expect", 20))
    if expect is None:
        raise web.HTTPBadRequest(text="缺少当前阶段。")

    def act(uow: UnitOfWork, topic: Topic, actor: Any) -> str:
        t, _ = topics.advance(
            uow,
            topic.id or 0,
            actor=actor,
            account=account,
            now=at,
            note=text_field(form, "note", 200),
            expect=expect,
        )
        return f"议题 {t.code} 现在是「{t.stage.label}」阶段。"

    await _topic_action(request, act)


async def topic_skip(request: web.Request) -> web.StreamResponse:
    form, at, account = await request.post(), now(request), linli(request).settings.account

    def act(uow: UnitOfWork, topic: Topic, actor: Any) -> str:
        stage = topics.stage_word(text_field(form, "stage", 20))
        t, _ = topics.skip(
            uow,
            topic.id or 0,
            stage,
            text_field(form, "reason", 200),
            actor=actor,
            account=account,
            now=at,
        )
        return f"已跳过「{stage.label}」。议题 {t.code} 现在是「{t.stage.label}」阶段。"

    await _topic_action(request, act)


async def topic_escalate(request: web.Request) -> web.StreamResponse:
    form, at, account = await request.post(), now(request), linli(request).settings.account

    def act(uow: UnitOfWork, topic: Topic, actor: Any) -> str:
        t, organiser = topics.escalate(
            uow,
            topic.id or 0,
            actor=actor,
            account=account,
            now=at,
            reason=text_field(form, "reason", 200),
        )
        who = f"，已通知{organiser.name}牵头" if organiser else ""
        return f"议题 {t.code} 已提级到{t.level.label}级{who}。"

    await _topic_action(request, act)


async def topic_consult(request: web.Request) -> web.StreamResponse:
    at, account = now(request), linli(request).settings.account

    def act(uow: UnitOfWork, topic: Topic, actor: Any) -> str:
        t, groups = topics.consult(uow, topic.id or 0, actor=actor, account=account, now=at)
        return f"议题 {t.code} 已发到 {len(groups)} 个群征求意见。"

    await _topic_action(request, act)


def _moment(form: Any, tz: Any) -> datetime:
    try:
        day = date.fromisoformat(text_field(form, "day", 20))
        start = time.fromisoformat(text_field(form, "start", 10))
    except ValueError:
        raise TopicError("请填写议事会的日期和时间。") from None
    return datetime.combine(day, start, tz)


async def meeting_create(request: web.Request) -> web.StreamResponse:
    form, at, bot = await request.post(), now(request), linli(request)
    roles = [r for r in form.getall("roles", []) if isinstance(r, str)]

    def act(uow: UnitOfWork, topic: Topic, actor: Any) -> str:
        t, m = meetings.schedule(
            uow,
            topic.id or 0,
            starts_at=_moment(form, bot.profile.tz),
            venue=text_field(form, "venue", 100),
            roles=roles,
            guests=text_field(form, "guests", 500),
            actor=actor,
            now=at,
        )
        return f"已安排议事会，邀请 {len(meetings.invitees(uow, t, m))} 人，会前一天私聊提醒。"

    await _topic_action(request, act)


async def meeting_minutes(request: web.Request) -> web.StreamResponse:
    form, at, staff = await request.post(), now(request), user(request)
    meeting_id = int_param(request, "mid")
    names = text_field(form, "attendance", 2000).replace("，", "、").replace(",", "、")

    def act(uow: UnitOfWork, topic: Topic, actor: Any) -> str:
        found = uow.topics.meeting(meeting_id)
        if found is None or found.topic_id != topic.id:
            raise TopicError("没有找到这次议事会。")
        meetings.record(
            uow,
            meeting_id,
            minutes=text_field(form, "minutes", meetings.MINUTES_LIMIT),
            attendance=[n for n in names.replace("\n", "、").split("、") if n.strip()],
            actor=actor,
            now=at,
            scope_estate=staff.scope_estate,
        )
        return "纪要和到会情况已保存。"

    await _topic_action(request, act)


async def meeting_publish(request: web.Request) -> web.StreamResponse:
    at, staff, bot = now(request), user(request), linli(request)
    meeting_id = int_param(request, "mid")

    def act(uow: UnitOfWork, topic: Topic, actor: Any) -> str:
        found = uow.topics.meeting(meeting_id)
        if found is None or found.topic_id != topic.id:
            raise TopicError("没有找到这次议事会。")
        _, groups = meetings.publish(
            uow,
            meeting_id,
            actor=actor,
            now=at,
            tz=bot.profile.tz,
            scope_estate=staff.scope_estate,
        )
        return f"纪要已发到 {len(groups)} 个群。"

    await _topic_action(request, act)


async def case_create(request: web.Request) -> web.StreamResponse:
    form, at, bot = await request.post(), now(request), linli(request)

    def act(uow: UnitOfWork, topic: Topic, actor: Any) -> str:
        _, case = follow_up.spawn_case(
            uow,
            topic.id or 0,
            summary=text_field(form, "summary", 200),
            category=text_field(form, "category", 32) or "other",
            building=text_field(form, "building", 16) or None,
            actor=actor,
            now=at,
            policy=bot.profile.sla,
        )
        return f"已派单：诉求 {case.code}，按「2341」时限办理。"

    await _topic_action(request, act)


async def topics_export(request: web.Request) -> web.Response:
    staff, bot = user(request), linli(request)
    tz = bot.profile.tz

    def load(uow: UnitOfWork) -> tuple[list[list[Any]], list[list[Any]], list[list[Any]]]:
        estates = {e.id: e.name for e in uow.estates.all()}
        found = list(uow.topics.find(estate_id=staff.scope_estate, limit=100_000))
        people = uow.people.many([t.organiser_id for t in found if t.organiser_id])
        rows: list[list[Any]] = []
        steps: list[list[Any]] = []
        opinions: list[list[Any]] = []
        for t in found:
            organiser = people.get(t.organiser_id) if t.organiser_id else None
            rows.append(
                [
                    t.code,
                    t.title,
                    t.level.label,
                    estates.get(t.estate_id, ""),
                    t.stage.label,
                    organiser.name if organiser else "",
                    t.source,
                    t.created_at.astimezone(tz).strftime("%Y-%m-%d %H:%M"),
                ]
            )
            for s in uow.topics.steps(t.id or 0):
                when = s.at.astimezone(tz).strftime("%Y-%m-%d %H:%M")
                steps.append([t.code, when, str(s.kind), s.stage.label, s.actor, s.note])
            summary = consultation.summary(uow, t)
            opinions.extend([t.code, line] for line in summary.lines)
        return rows, steps, opinions

    rows, steps, opinions = await in_uow(request, load)
    return await xlsx_response(
        "议事.xlsx",
        [
            ("议题", ["编号", "标题", "级别", "小区", "阶段", "牵头人", "来源", "提出时间"], rows),
            ("过程", ["编号", "时间", "动作", "阶段", "经办人", "说明"], steps),
            ("意见", ["编号", "意见"], opinions),
        ],
    )
