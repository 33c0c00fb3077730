"""机器人账号 (staff and admins): each WeChat account's state, queue and today's sends, as
every `linli run` process reports them into the shared database (issue 15)."""

from __future__ import annotations

from typing import Any

import aiohttp_jinja2
from aiohttp import web

from bot.console.base import in_uow, now
from bot.domain.accounts import STALE_AFTER
from bot.services import accounts


def register(app: web.Application) -> None:
    app.router.add_get("/accounts", accounts_page)


@aiohttp_jinja2.template("accounts.html")
async def accounts_page(request: web.Request) -> dict[str, Any]:
    at = now(request)
    rows = await in_uow(request, lambda uow: accounts.account_rows(uow, at))
    return {
        "rows": rows,
        "now": at,
        "stale_minutes": int(STALE_AFTER.total_seconds() // 60),
        "down": [r for r in rows if not r.reachable and r.groups],
    }
