"""积分: the ledger with filters, award and correct (a reversing row), the 积分超市 catalog,
stock and redemptions, and the monthly 公示 preview (bot.services.points/market/publicity)."""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp_jinja2
from aiohttp import web

from bot.console.base import (
    POLICY,
    in_uow,
    int_or_none,
    linli,
    now,
    run_action,
    text_field,
    user,
    xlsx_bytes_response,
)
from bot.domain.community import Person
from bot.domain.market import RedeemRefused, receipt
from bot.domain.points import AwardRefused, RuleKind, month_bounds, month_of, previous_month
from bot.domain.publicity import render
from bot.domain.records import OutboxItem
from bot.domain.staff import StaffUser
from bot.ports import UnitOfWork
from bot.services import market, monthly_exports, outbox, points, publicity
from bot.services.board import audit
from bot.services.console_cases import actor_for


def register(app: web.Application) -> None:
    app.router.add_get("/points", ledger_page)
    app.router.add_get("/points.xlsx", ledger_export)
    app.router.add_post("/points/award", points_award)
    app.router.add_post("/points/correct", points_correct)
    app.router.add_get("/points/market", market_page)
    app.router.add_post("/points/market/items", market_add)
    app.router.add_post("/points/market/items/{item_id}/toggle", market_toggle)
    app.router.add_post("/points/market/redeem", market_redeem)
    app.router.add_get("/points/publicity", publicity_page)


# The ledger a page at a time, newest first; the next page by the oldest id shown (keyset
# paging: after years of entries an OFFSET would reread every earlier page).
PAGE = 200


def _month(text: str | None) -> str | None:
    if text and len(text) == 7 and text[4] == "-" and text[:4].isdigit() and text[5:].isdigit():
        return text if 1 <= int(text[5:]) <= 12 and 2000 <= int(text[:4]) <= 2100 else None
    return None


@aiohttp_jinja2.template("points.html")
async def ledger_page(request: web.Request) -> dict[str, Any]:
    staff, bot = user(request), linli(request)
    policy = request.app[POLICY]
    tz = bot.profile.tz
    month = _month(request.query.get("month"))
    rule = request.query.get("rule") or None
    who = (request.query.get("who") or "").strip()[:40]
    before = int_or_none(request.query.get("before"))

    def load(uow: UnitOfWork) -> dict[str, Any]:
        start, end = month_bounds(month, tz) if month else (None, None)
        person_ids = None
        if who:
            person_ids = {p.id for p in uow.points.people_named(who) if p.id is not None}
        entries = uow.points_reports.entries(
            estate_id=staff.scope_estate,
            rule=rule,
            start=start,
            end=end,
            limit=PAGE,
            person_ids=person_ids,
            before_id=before,
            newest_first=True,
        )
        people = uow.people.many(sorted({e.person_id for e in entries}))
        reversed_ids = {e.reverses_id for e in entries if e.reverses_id}
        return {"entries": entries, "people": people, "reversed": reversed_ids}

    data = await in_uow(request, load)
    more = None
    if len(data["entries"]) == PAGE:
        query = {k: v for k, v in request.query.items() if k != "before"}
        more = str(
            request.url.with_query({**query, "before": str(data["entries"][-1].id)}).relative()
        )
    return {
        **data,
        "more": more,
        "month": month or "",
        "rule": rule or "",
        "who": who,
        "rules": list(policy.rules.rules.values()),
        "positive": RuleKind.POSITIVE,
        "correctable": (RuleKind.POSITIVE, RuleKind.NEGATIVE),
    }


def _person(uow: UnitOfWork, staff: StaffUser, name: str) -> Person:
    name = name.strip().lstrip("@")
    if not name:
        raise AwardRefused("请写明是谁。")
    found = [p for p in uow.points.people_named(name) if staff.may_see_estate(p.estate_id)]
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        raise AwardRefused(f"有 {len(found)} 位「{name}」，请到「名册」核对后再操作。")
    raise AwardRefused(f"没有找到「{name}」。请确认 TA 在群里说过话，或已导入名册。")


def _tell(uow: UnitOfWork, account: str, person: Person, text: str, key: str, at: Any) -> None:
    """A private message to the person, as the chat command sends it (once per key)."""
    if person.id is not None:
        key = f"{account}:console:{key}"
        item = OutboxItem(account=account, text=text, created_at=at, key=key, person_id=person.id)
        outbox.add_once(uow, item)


async def points_award(request: web.Request) -> web.StreamResponse:
    staff, bot = user(request), linli(request)
    policy = request.app[POLICY]
    form = await request.post()
    at, tz = now(request), bot.profile.tz

    def work(uow: UnitOfWork) -> str:
        target = _person(uow, staff, text_field(form, "who", 40))
        rule = points.find_rule(policy, text_field(form, "rule", 40))
        units = int_or_none(text_field(form, "units", 6) or "1")
        if units is None or not 1 <= units <= rule.max_units:
            raise AwardRefused(f"「{rule.name}」一次可记 1–{rule.max_units} {rule.unit}。")
        actor = actor_for(uow, staff)
        result = points.award(
            uow,
            policy,
            person=target,
            rule_name=rule.name,
            units=units,
            actor=actor,
            actor_label="" if actor.id else staff.name,
            reason=text_field(form, "reason", 200),
            now=at,
            tz=tz,
        )
        entry = result.entry
        assert entry is not None
        what = points.award_summary(rule, units, entry)
        _tell(
            uow,
            bot.settings.account,
            target,
            points.award_notice(actor.name, rule, units, entry, result.balance),
            f"points:{entry.id}",
            at,
        )
        audit(uow, staff, "points.award", at, entry.code, f"{target.name} {what}")
        return f"已为 {target.name} 记{what}（{entry.code}），当前积分 {result.balance}。"

    await run_action(request, work, back_to="/points", refused=AwardRefused)


async def points_correct(request: web.Request) -> web.StreamResponse:
    staff = user(request)
    form = await request.post()
    at = now(request)

    def work(uow: UnitOfWork) -> str:
        entry_id = int_or_none(form.get("entry"))
        original = uow.points.get(entry_id) if entry_id and entry_id > 0 else None
        if original is None or not staff.may_see_estate(original.estate_id):
            raise AwardRefused("没有找到这条积分记录。")
        actor = actor_for(uow, staff)
        row = points.correct(
            uow,
            entry_id=original.id or 0,
            reason=text_field(form, "reason", 200),
            now=at,
            actor=actor,
            actor_label="" if actor.id else staff.name,
        )
        audit(uow, staff, "points.correct", at, row.code, row.reason)
        return f"已更正 {original.code}：新增反向记录 {row.code}（{row.points:+d} 分）。"

    await run_action(request, work, back_to="/points", refused=AwardRefused)


async def ledger_export(request: web.Request) -> web.Response:
    staff, bot = user(request), linli(request)
    policy = request.app[POLICY]
    month = _month(request.query.get("month"))
    # Off the runtime's worker: a district's month takes seconds to make, and the bot's
    # messages must not wait behind it (a finished month's file is kept: monthly_exports).
    body = await asyncio.to_thread(
        monthly_exports.ledger_file,
        bot.uow_factory,
        policy,
        bot.profile.tz,
        now(request),
        month=month,
        estate_id=staff.scope_estate,
    )
    return xlsx_bytes_response(f"积分台账{month or ''}.xlsx", body)


# ---- 积分超市 -----------------------------------------------------------------------------


@aiohttp_jinja2.template("market.html")
async def market_page(request: web.Request) -> dict[str, Any]:
    staff = user(request)

    def load(uow: UnitOfWork) -> dict[str, Any]:
        items = [
            i
            for i in uow.market.items(staff.scope_estate, active_only=False)
            if staff.may_see_estate(i.estate_id) or i.estate_id is None
        ]
        names = {i.id: i.label for i in uow.market.items(None, active_only=False)}
        redemptions = list(uow.market.redemptions(limit=200))
        people = uow.people.many(sorted({r.person_id for r in redemptions}))
        if staff.scope_estate is not None:
            redemptions = [
                r
                for r in redemptions
                if r.person_id in people and people[r.person_id].estate_id == staff.scope_estate
            ]
        return {
            "items": items,
            "names": names,
            "redemptions": redemptions,
            "people": people,
            "estates": [e for e in uow.estates.all() if staff.may_see_estate(e.id)],
        }

    return await in_uow(request, load)


async def _market_act(request: web.Request, work: Any) -> web.StreamResponse:
    await run_action(request, work, back_to="/points/market", refused=(RedeemRefused, AwardRefused))


async def market_add(request: web.Request) -> web.StreamResponse:
    staff = user(request)
    form = await request.post()
    at = now(request)

    def work(uow: UnitOfWork) -> str:
        price = int_or_none(form.get("price"))
        stock = int_or_none(form.get("stock"))
        if price is None or stock is None:
            raise RedeemRefused("所需积分和库存请填整数。")
        estate_id = staff.scope_estate or int_or_none(form.get("estate")) or None
        item = market.add_item(
            uow,
            name=text_field(form, "name", 60),
            price=price,
            stock=stock,
            now=at,
            estate_id=estate_id,
            merchant=text_field(form, "merchant", 60) or None,
        )
        audit(uow, staff, "market.add", at, item.name, f"{price} 分，库存 {item.stock}")
        return f"已上架「{item.label}」，库存 {item.stock}。"

    return await _market_act(request, work)


async def market_toggle(request: web.Request) -> web.StreamResponse:
    staff = user(request)
    item_id = int_or_none(request.match_info["item_id"]) or 0
    at = now(request)

    def work(uow: UnitOfWork) -> str:
        item = uow.market.item(item_id)
        if item is None or (
            item.estate_id is not None and not staff.may_see_estate(item.estate_id)
        ):
            raise RedeemRefused("没有这个物品。")
        if item.estate_id is None and staff.scope_estate is not None:
            raise RedeemRefused("全社区通用的物品由社区工作人员管理。")
        market.set_active(uow, item_id, not item.active, at)
        audit(uow, staff, "market.toggle", at, item.name, "上架" if item.active else "下架")
        return f"「{item.name}」已{'上架' if item.active else '下架'}。"

    return await _market_act(request, work)


async def market_redeem(request: web.Request) -> web.StreamResponse:
    staff, bot = user(request), linli(request)
    form = await request.post()
    at = now(request)

    def work(uow: UnitOfWork) -> str:
        person = _person(uow, staff, text_field(form, "who", 40))
        item_id = int_or_none(form.get("item")) or 0
        item = uow.market.item(item_id)
        if item is None or item.estate_id not in (None, person.estate_id):
            raise RedeemRefused("请选择本小区可兑换的物品。")
        actor = actor_for(uow, staff)
        done = market.redeem(
            uow,
            person=person,
            item=item,
            now=at,
            actor=actor if actor.id else None,
            actor_label="" if actor.id else staff.name,
        )
        when = at.astimezone(bot.profile.tz).strftime("%Y-%m-%d %H:%M")
        _tell(
            uow,
            bot.settings.account,
            person,
            receipt(done.redemption, item, done.balance, when),
            f"redeem:{done.redemption.id}",
            at,
        )
        audit(uow, staff, "market.redeem", at, done.redemption.code, f"{person.name} {item.name}")
        return (
            f"已登记：{person.name} 用 {item.price} 积分兑换「{item.label}」"
            f"（{done.redemption.code}），剩余积分 {done.balance}，库存剩 {item.stock}。"
        )

    return await _market_act(request, work)


# ---- 一月一示 -----------------------------------------------------------------------------


@aiohttp_jinja2.template("publicity.html")
async def publicity_page(request: web.Request) -> dict[str, Any]:
    staff, bot = user(request), linli(request)
    policy = request.app[POLICY]
    tz = bot.profile.tz
    month = _month(request.query.get("month")) or previous_month(month_of(now(request), tz))

    def load(uow: UnitOfWork) -> list[tuple[str, str]]:
        texts = []
        for estate in uow.estates.all():
            if estate.id is not None and staff.may_see_estate(estate.id):
                notice = publicity.estate_notice(uow, policy, estate.id, month, tz)
                texts.append((estate.name, render(notice)))
        return texts

    return {"month": month, "texts": await in_uow(request, load)}
