"""总览: the 12345 rates, 2341 compliance per step, open and overdue counts, cases by category,
楼栋 and month (SVG drawn here), the 十件实事, wishes fulfilled and points awarded; to Excel."""

from __future__ import annotations

from typing import Any

import aiohttp_jinja2
from aiohttp import web

from bot.console import charts
from bot.console.base import in_uow, linli, now, user, xlsx_response
from bot.domain.sla import STEPS
from bot.services import console_stats, sla
from bot.services.console_stats import Dashboard, PeriodError
from bot.services.helpdesk.stats import period_total


def register(app: web.Application) -> None:
    app.router.add_get("/dashboard", dashboard_page)
    app.router.add_get("/dashboard.xlsx", dashboard_export)


async def load(request: web.Request) -> Dashboard:
    staff, bot = user(request), linli(request)
    at = now(request)
    key = request.query.get("period") or None
    try:
        console_stats.period(key, at, bot.profile.tz)
    except PeriodError:
        key = None
    return await in_uow(
        request,
        lambda uow: console_stats.dashboard(
            uow, now=at, tz=bot.profile.tz, key=key, estate_id=staff.scope_estate
        ),
    )


CHART_BUILDINGS = 30


def busiest(counts: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """The 楼栋 with the most cases (all of them when few), in the list's own order."""
    if len(counts) <= CHART_BUILDINGS:
        return counts
    keep = {label for label, _ in sorted(counts, key=lambda c: -c[1])[:CHART_BUILDINGS]}
    return [c for c in counts if c[0] in keep]


def periods(request: web.Request) -> list[tuple[str, str]]:
    """This quarter and the three before, and the last six months."""
    local = now(request).astimezone(linli(request).profile.tz)
    options = []
    year, q = local.year, (local.month - 1) // 3 + 1
    for _ in range(4):
        options.append((f"{year}Q{q}", f"{year}年第{q}季度"))
        year, q = (year - 1, 4) if q == 1 else (year, q - 1)
    year, month = local.year, local.month
    for _ in range(6):
        options.append((f"{year}-{month:02d}", f"{year}年{month}月"))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return options


@aiohttp_jinja2.template("dashboard.html")
async def dashboard_page(request: web.Request) -> dict[str, Any]:
    d = await load(request)
    scope = user(request).scope_estate
    helpdesk = await in_uow(
        request, lambda uow: period_total(uow, d.period.start, d.period.end, scope)
    )
    return {
        "d": d,
        "helpdesk": helpdesk,
        "steps": STEPS,
        "periods": periods(request),
        # The calendar running out is said here, where staff look each day, not in every reply.
        "calendar_notice": sla.calendar_notice(linli(request).profile.sla, now(request)),
        "gauges": [
            ("响应率", d.response),
            ("解决率", d.resolution),
            ("满意率", d.satisfaction),
        ],
        "step_gauges": [(s.label, d.steps[s]) for s in STEPS],
        "gauge": charts.gauge,
        "by_category": charts.bar_chart(d.by_category, title="按类别"),
        # A district has thousands of 楼栋: the chart shows the busiest (the export has all).
        "by_building": charts.bar_chart(busiest(d.by_building), title="按楼栋"),
        "buildings_shown": min(len(d.by_building), CHART_BUILDINGS),
        "buildings_total": len(d.by_building),
        "by_month": charts.column_chart(
            [(k[5:].lstrip("0") + "月", v) for k, v in d.by_month], title="近 12 个月"
        ),
        "ideas_by_month": charts.column_chart(
            [(k[5:].lstrip("0") + "月", v) for k, v in d.suggestions_by_month],
            title="金点子 近 12 个月",
        ),
    }


async def dashboard_export(request: web.Request) -> web.Response:
    d = await load(request)

    def ratio(r: Any) -> list[Any]:
        return [r.hit, r.of, "" if r.rate is None else round(r.rate, 4)]

    summary = [
        ["新增诉求", d.opened, "", ""],
        ["响应率", *ratio(d.response)],
        ["解决率", *ratio(d.resolution)],
        ["满意率", *ratio(d.satisfaction)],
        *[[f"2341·{s.label}达标", *ratio(d.steps[s])] for s in STEPS],
        ["当前未办结", d.open_now, "", ""],
        ["当前超时", d.overdue_now, "", ""],
        ["实现微心愿", d.wishes_fulfilled, "", ""],
        ["发放积分", d.points_awarded, "", ""],
        ["金点子（说事）", d.suggestions, "", ""],
    ]
    return await xlsx_response(
        f"总览{d.period.key}.xlsx",
        [
            (f"总览{d.period.key}", ["指标", "数量/达标", "总数", "比率"], summary),
            (
                "十件实事",
                ["问题", "诉求件数", "反映人次"],
                [[p.label, p.cases, p.residents] for p in d.top_problems],
            ),
            ("按类别", ["类别", "诉求"], d.by_category),
            ("按楼栋", ["楼栋", "诉求"], d.by_building),
            ("按月份", ["月份", "诉求"], d.by_month),
            ("金点子", ["月份", "说事"], d.suggestions_by_month),
        ],
    )
