"""党群阵地 activities: a month calendar, create/edit/cancel, sign-up lists, attendance, and the
texts the groups will see (bot.services.activities, as the chat's 新活动/修改活动 use it)."""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta
from typing import Any

import aiohttp_jinja2
from aiohttp import web

from bot.console.base import (
    back,
    flash,
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
from bot.console.form_time import parse_clock, parse_day
from bot.console.views_broadcasts import actor_label
from bot.domain.activities import (
    KINDS,
    Activity,
    ActivityError,
    month_bounds,
    render_added,
    render_preview,
)
from bot.domain.staff import StaffUser
from bot.ports import UnitOfWork
from bot.services.activities import planning, support
from bot.services.activities.attendance import mark_attendance, not_credited_line
from bot.services.activities.planning import ActivityInput

SIGNUP_LABELS = {"confirmed": "已报名", "waiting": "候补", "cancelled": "已取消", "walk_in": "现场"}


def register(app: web.Application) -> None:
    app.router.add_get("/activities", calendar_page)
    app.router.add_post("/activities", activity_create)
    app.router.add_get("/activities/{aid}", activity_page)
    app.router.add_get("/activities/{aid}/signups.xlsx", signups_export)
    app.router.add_post("/activities/{aid}/edit", activity_edit)
    app.router.add_post("/activities/{aid}/cancel", activity_cancel)
    app.router.add_post("/activities/{aid}/attendance", activity_attendance)


def _month(text: str | None, today: date) -> tuple[int, int]:
    try:
        year, month = (int(p) for p in (text or "").split("-"))
        if 2000 <= year <= 2100 and 1 <= month <= 12:
            return year, month
    except ValueError:
        pass
    return today.year, today.month


def visible(uow: UnitOfWork, staff: StaffUser, activity: Activity) -> bool:
    """A secretary sees only the activities her 小区 organises (support.in_scope)."""
    return support.in_scope(uow, activity, staff.scope_estate)


@aiohttp_jinja2.template("activities.html")
async def calendar_page(request: web.Request) -> dict[str, Any]:
    staff, bot = user(request), linli(request)
    tz = bot.profile.tz
    today = now(request).astimezone(tz).date()
    year, month = _month(request.query.get("month"), today)
    start, end = month_bounds(year, month, tz)

    def load(uow: UnitOfWork) -> dict[str, Any]:
        found = [
            a
            for a in uow.activities.between(start, end, planned_only=False)
            if visible(uow, staff, a)
        ]
        planned = [(a, uow.activities.venue(a.venue_id)) for a in found if not a.cancelled]
        return {
            "found": found,
            "venues": list(uow.activities.venues()),
            "estates": [e for e in uow.estates.all() if staff.may_see_estate(e.id)],
            "preview": render_preview(year, month, planned, tz) if planned else "",
        }

    data = await in_uow(request, load)
    by_day: dict[date, list[Activity]] = {}
    for a in data["found"]:
        by_day.setdefault(a.starts_at.astimezone(tz).date(), []).append(a)
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    prev_m = date(year, month, 1) - timedelta(days=1)
    next_m = date(year, month, 28) + timedelta(days=7)
    return {
        **data,
        "year": year,
        "month": month,
        "weeks": weeks,
        "by_day": by_day,
        "today": today,
        "prev": f"{prev_m.year}-{prev_m.month:02d}",
        "next": f"{next_m.year}-{next_m.month:02d}",
        "kinds": KINDS,
        "tz": tz,
    }


def _span(form: Any, tz: Any) -> tuple[datetime, datetime]:
    try:
        day = parse_day(text_field(form, "day", 20))
        start = parse_clock(text_field(form, "start", 10))
        end = parse_clock(text_field(form, "end", 10))
    except ValueError:
        raise ActivityError("请填写活动日期和起止时间。") from None
    starts, ends = datetime.combine(day, start, tz), datetime.combine(day, end, tz)
    if ends <= starts:
        raise ActivityError("结束时间要晚于开始时间。")
    return starts, ends


def _count(form: Any, name: str) -> int | None:
    raw = text_field(form, name, 10)
    if not raw:
        return None
    number = int_or_none(raw)
    if number is None or not 0 <= number <= 100_000:
        raise ActivityError("名额、候补和积分请填 0 到 100000 之间的整数。")
    return number


def _input(form: Any, tz: Any) -> ActivityInput:
    starts, ends = _span(form, tz)
    return ActivityInput(
        title=text_field(form, "title", 100),
        starts_at=starts,
        ends_at=ends,
        venue=text_field(form, "venue", 100),
        kind=text_field(form, "kind", 20) or "其他",
        capacity=_count(form, "capacity") or None,
        audience=text_field(form, "audience", 200) or "全部",
        points=_count(form, "points") or 0,
        description=text_field(form, "description", 200),
    )


async def activity_create(request: web.Request) -> web.StreamResponse:
    staff, bot = user(request), linli(request)
    form = await request.post()
    at = now(request)
    schedule = bot.profile.activity_schedule
    assert schedule is not None

    def work(uow: UnitOfWork) -> int:
        data = _input(form, schedule.tz)
        activity = planning.create(
            uow,
            data,
            actor=actor_label(staff),
            schedule=schedule,
            now=at,
            scope_estate_id=staff.scope_estate,
        )
        uow.commit()
        assert activity.id is not None
        return activity.id

    try:
        activity_id = await in_uow(request, work)
    except ActivityError as problem:
        await flash(request, str(problem), "error")
        raise back(f"/activities?month={text_field(form, 'day', 20)[:7]}") from None
    await flash(request, f"已创建活动【{activity_id}】。")
    raise back(f"/activities/{activity_id}")


@aiohttp_jinja2.template("activity.html")
async def activity_page(request: web.Request) -> dict[str, Any]:
    activity_id = int_param(request, "aid")
    staff, bot = user(request), linli(request)
    tz = bot.profile.tz
    schedule = bot.profile.activity_schedule
    assert schedule is not None

    def load(uow: UnitOfWork) -> dict[str, Any] | None:
        activity = uow.activities.get(activity_id)
        if activity is None or not visible(uow, staff, activity):
            return None
        venue = uow.activities.venue(activity.venue_id)
        signups = list(uow.activities.signups(activity_id))
        people = uow.people.many([s.person_id for s in signups])
        groups = planning.audience_groups(uow, activity)
        return {
            "a": activity,
            "venue": venue,
            "venues": list(uow.activities.venues()),
            "signups": [(s, people.get(s.person_id)) for s in signups],
            "groups": groups,
            "notified": len(uow.activities.notice_groups(activity_id)),
            "text": render_added(activity, venue, tz),
            "preview_at": schedule.preview_moment(activity.starts_at),
        }

    data = await in_uow(request, load)
    if data is None:
        raise not_found("没有这个活动，或不在您负责的小区。")
    a: Activity = data["a"]
    local = a.starts_at.astimezone(tz)
    return {
        **data,
        "kinds": KINDS,
        "labels": SIGNUP_LABELS,
        "day": local.date().isoformat(),
        "start": local.strftime("%H:%M"),
        "end": a.ends_at.astimezone(tz).strftime("%H:%M"),
        "ended": a.ends_at <= now(request) or a.cancelled,
    }


async def _act(request: web.Request, action: Any) -> web.StreamResponse:
    activity_id = int_param(request, "aid")
    staff = user(request)
    form = await request.post()

    def work(uow: UnitOfWork) -> str | None:
        activity = uow.activities.get(activity_id)
        if activity is None or not visible(uow, staff, activity):
            return None
        done: str = action(uow, staff, activity_id, form)
        return done

    await run_action(
        request,
        work,
        back_to=f"/activities/{activity_id}",
        refused=ActivityError,
        missing="没有这个活动，或不在您负责的小区。",
    )


async def activity_edit(request: web.Request) -> web.StreamResponse:
    schedule = linli(request).profile.activity_schedule
    assert schedule is not None
    at = now(request)

    def action(uow: UnitOfWork, staff: StaffUser, activity_id: int, form: Any) -> str:
        data = _input(form, schedule.tz)
        changes: dict[str, object] = {
            "title": data.title,
            "kind": data.kind,
            "venue": data.venue,
            "when": (data.starts_at, data.ends_at),
            "capacity": data.capacity,
            "points": data.points,
            "description": data.description,
        }
        _activity, said = planning.edit(
            uow,
            activity_id,
            changes,
            actor=actor_label(staff),
            schedule=schedule,
            now=at,
            scope_estate_id=staff.scope_estate,
        )
        return "已保存，并向收到过预告的群发了更正。" if said else "已保存。"

    return await _act(request, action)


async def activity_cancel(request: web.Request) -> web.StreamResponse:
    schedule = linli(request).profile.activity_schedule
    assert schedule is not None
    at = now(request)

    def action(uow: UnitOfWork, staff: StaffUser, activity_id: int, form: Any) -> str:
        planning.cancel(
            uow,
            activity_id,
            actor=actor_label(staff),
            reason=text_field(form, "reason", 100),
            schedule=schedule,
            now=at,
        )
        return "活动已取消，已通知收到过预告的群。"

    return await _act(request, action)


async def activity_attendance(request: web.Request) -> web.StreamResponse:
    at = now(request)

    def action(uow: UnitOfWork, staff: StaffUser, activity_id: int, form: Any) -> str:
        ids = [n for n in (int_or_none(v) for v in form.getall("person", [])) if n]
        if not ids:
            raise ActivityError("请勾选到场的居民。")
        result = mark_attendance(
            uow,
            activity_id,
            ids,
            actor=actor_label(staff),
            now=at,
            scope_estate_id=staff.scope_estate,
        )
        said = f"已签到 {len(result.marked)} 人" + (
            f"，{len(result.already)} 人之前已签到。" if result.already else "。"
        )
        return said + "".join(not_credited_line(uow, p) for p in result.not_credited)

    return await _act(request, action)


async def signups_export(request: web.Request) -> web.Response:
    activity_id = int_param(request, "aid")
    staff = user(request)
    tz = linli(request).profile.tz

    def load(uow: UnitOfWork) -> list[list[Any]] | None:
        activity = uow.activities.get(activity_id)
        if activity is None or not visible(uow, staff, activity):
            return None
        signups = list(uow.activities.signups(activity_id))
        people = uow.people.many([s.person_id for s in signups])
        return [
            [
                people[s.person_id].name if s.person_id in people else "",
                SIGNUP_LABELS.get(str(s.status), ""),
                s.created_at.astimezone(tz).strftime("%Y-%m-%d %H:%M"),
                s.attended_at.astimezone(tz).strftime("%Y-%m-%d %H:%M") if s.attended_at else "",
                s.points,
            ]
            for s in signups
        ]

    rows = await in_uow(request, load)
    if rows is None:
        raise not_found()
    header = ["居民", "状态", "报名时间", "签到时间", "积分"]
    return await xlsx_response(f"活动{activity_id}报名名单.xlsx", [("报名名单", header, rows)])
