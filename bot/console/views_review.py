"""待确认, a tab on the 诉求 page: messages the bot was unsure of, turned into a case
(转为诉求, category and location prefilled) or set aside (不是诉求); and 改类别 on a case."""

from __future__ import annotations

from typing import Any

import aiohttp_jinja2
from aiohttp import web

from bot.console.base import in_uow, int_or_none, int_param, linli, now, run_action, user
from bot.domain.cases import CATEGORY_LABELS
from bot.domain.review import ReviewRefused, ReviewStatus
from bot.domain.staff import StaffUser
from bot.ports import UnitOfWork
from bot.services import console_cases
from bot.services.review import console as review_console
from bot.services.review import decide

MISSING = "没有这条待确认消息，或不在您负责的小区。"
STATUS_CHOICES = {"pending": "待确认", "converted": "已转为诉求", "dismissed": "不是诉求"}
PAGE = 100  # items per page of the tab, newest first


def register(app: web.Application) -> None:
    app.router.add_get("/review", review_page)
    app.router.add_post("/review/{item_id}/convert", review_convert)
    app.router.add_post("/review/{item_id}/dismiss", review_dismiss)
    app.router.add_post("/cases/{case_id}/category", case_category)


def decision_setting(request: web.Request) -> decide.Setting:
    bot = linli(request)
    return review_console.setting(
        bot.profile.community, bot.profile.sla, bot.profile.merge_window_minutes
    )


@aiohttp_jinja2.template("review.html")
async def review_page(request: web.Request) -> dict[str, Any]:
    staff = user(request)
    key = request.query.get("status") or "pending"
    status = ReviewStatus(key) if key in STATUS_CHOICES else ReviewStatus.PENDING
    estate_id = int_or_none(request.query.get("estate"))
    building = (request.query.get("building") or "").strip()[:16] or None
    before = int_or_none(request.query.get("before"))

    def load(uow: UnitOfWork) -> dict[str, Any]:
        scope = staff.scope_estate or estate_id
        numbers = {b.number for b in uow.estates.buildings(scope)}
        return {
            "rows": review_console.rows(
                uow, staff, status, estate_id, limit=PAGE, building=building, before_id=before
            ),
            "pending": review_console.count_pending(uow, staff),
            "estates": [e for e in uow.estates.all() if staff.may_see_estate(e.id)],
            "buildings": sorted(numbers, key=lambda n: (not n.isdigit(), n.zfill(8))),
        }

    data = await in_uow(request, load)
    more = None
    if len(data["rows"]) == PAGE:  # keyset paging: the next page starts below this item
        query = {k: v for k, v in request.query.items() if k != "before"}
        last = str(data["rows"][-1].item.id)
        more = str(request.url.with_query({**query, "before": last}).relative())
    return {
        **data,
        "more": more,
        "before": before,
        "status": status.value,
        "statuses": STATUS_CHOICES,
        "estate_id": estate_id,
        "building": building,
        "categories": CATEGORY_LABELS,
    }


async def _decide(request: web.Request, action: str) -> web.StreamResponse:
    item_id = int_param(request, "item_id")
    staff, at, setting = user(request), now(request), decision_setting(request)
    form = await request.post()

    def work(uow: UnitOfWork) -> str | None:
        item = review_console.visible_item(uow, staff, item_id)
        if item is None:
            return None
        who = review_console.actor(staff)
        if action == "dismiss":
            decide.dismiss(uow, item, actor=who, setting=setting, now=at)
            return f"{item.code} 已标为「不是诉求」。"
        where = decide.place(_form(form, "building"), _form(form, "unit"), _form(form, "room"))
        intake = decide.convert(
            uow,
            item,
            category=_form(form, "category"),
            where=where,
            actor=who,
            setting=setting,
            now=at,
        )
        joined = "（与已有诉求合并）" if intake.joined else ""
        return f"已把 {item.code} 转为诉求 {intake.case.code}{joined}，并在群里告知了居民。"

    await run_action(request, work, back_to="/review", refused=ReviewRefused, missing=MISSING)


async def review_convert(request: web.Request) -> web.StreamResponse:
    return await _decide(request, "convert")


async def review_dismiss(request: web.Request) -> web.StreamResponse:
    return await _decide(request, "dismiss")


async def case_category(request: web.Request) -> web.StreamResponse:
    """改类别: the case's category corrected; kept as a labelled example for the engine."""
    case_id = int_param(request, "case_id")
    staff, at, setting = user(request), now(request), decision_setting(request)
    form = await request.post()

    def work(uow: UnitOfWork) -> str | None:
        return recategorize(uow, staff, case_id, _form(form, "category"), setting, at)

    await run_action(
        request,
        work,
        back_to=f"/cases/{case_id}",
        refused=ReviewRefused,
        missing="没有这个诉求，或不在您负责的小区。",
    )


def recategorize(
    uow: UnitOfWork,
    staff: StaffUser,
    case_id: int,
    category: str | None,
    setting: decide.Setting,
    at: Any,
) -> str | None:
    case = console_cases.visible_case(uow, staff, case_id)
    if case is None:
        return None
    before = decide.recategorize(
        uow,
        case,
        category,
        text=review_console.original_text(uow, case_id, case.summary),
        actor=review_console.actor(staff),
        setting=setting,
        now=at,
    )
    return f"诉求 {case.code} 的类别已由「{before}」改为「{case.category_label}」。"


def _form(form: Any, name: str) -> str | None:
    value = form.get(name)
    return value.strip()[:32] if isinstance(value, str) else None
