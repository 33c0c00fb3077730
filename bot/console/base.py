"""What every console view shares: the app keys, the signed-in user, running work off the loop,
flash messages, and small form helpers."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from typing import Any, NoReturn, TypeVar
from urllib.parse import quote

from aiohttp import web
from aiohttp_session import get_session
from openpyxl import Workbook

from bot.bootstrap import Linli
from bot.domain.staff import StaffUser
from bot.ports import UnitOfWork
from bot.services import workbook
from bot.services.points_policy import PointsPolicy

LINLI = web.AppKey("linli", Linli)
POLICY = web.AppKey("points_policy", PointsPolicy)
USER = web.RequestKey("user", StaffUser)
T = TypeVar("T")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def linli(request: web.Request) -> Linli:
    return request.app[LINLI]


def user(request: web.Request) -> StaffUser:
    return request[USER]


async def call(request: web.Request, fn: Callable[..., T], *args: Any) -> T:
    """Run blocking database work on the runtime's worker, as the bot itself does."""
    return await linli(request).runtime.call(fn, *args)


async def in_uow(request: web.Request, fn: Callable[[UnitOfWork], T], commit: bool = False) -> T:
    """Run `fn(uow)` in one transaction (committed when asked and nothing raised)."""
    factory = linli(request).uow_factory

    def work() -> T:
        with factory() as uow:
            result = fn(uow)
            if commit:
                uow.commit()
            return result

    return await call(request, work)


def now(request: web.Request) -> Any:
    return linli(request).clock.now()


def case_settings(request: web.Request) -> dict[str, Any]:
    """The keyword arguments every console_cases action takes: account, now and SLA policy."""
    bot = linli(request)
    return {"account": bot.settings.account, "now": bot.clock.now(), "policy": bot.profile.sla}


async def flash(request: web.Request, text: str, kind: str = "ok") -> None:
    session = await get_session(request)
    session["flash"] = [kind, text[:500]]


async def pop_flash(request: web.Request) -> tuple[str, str] | None:
    session = await get_session(request)
    found = session.pop("flash", None)
    return (str(found[0]), str(found[1])) if isinstance(found, list) and len(found) == 2 else None


def back(location: str) -> web.HTTPSeeOther:
    return web.HTTPSeeOther(location)


def int_or_none(value: object) -> int | None:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if -(2**31) < number < 2**31 else None


def int_param(request: web.Request, name: str) -> int:
    """A numeric path part; anything else is a plain 404."""
    number = int_or_none(request.match_info.get(name))
    if number is None or number <= 0:
        raise web.HTTPNotFound(text="没有找到。")
    return number


def text_field(form: Any, name: str, limit: int = 2000) -> str:
    value = form.get(name, "")
    return value.strip()[:limit] if isinstance(value, str) else ""


def not_found(what: str = "没有找到，或不在您负责的小区。") -> web.HTTPNotFound:
    return web.HTTPNotFound(text=what)


async def run_action(
    request: web.Request,
    work: Callable[[UnitOfWork], str | None],
    *,
    back_to: str,
    refused: type[Exception] | tuple[type[Exception], ...],
    missing: str = "没有找到，或不在您负责的小区。",
) -> NoReturn:
    """One console action in one transaction, then back to `back_to` with its outcome.

    `work(uow)` loads what it acts on, checks the user may see it, acts and returns the text
    to flash; its changes are committed. None means missing or not the user's to see (a 404
    saying `missing`); a `refused` exception is flashed as an error. Nothing is kept then.
    """

    def transaction(uow: UnitOfWork) -> str | None:
        done = work(uow)
        if done is not None:
            uow.commit()
        return done

    try:
        done = await in_uow(request, transaction)
    except refused as problem:
        await flash(request, str(problem), "error")
        raise back(back_to) from None
    if done is None:
        raise not_found(missing)
    await flash(request, done)
    raise back(back_to)


async def xlsx_response(
    filename: str, sheets: Sequence[tuple[str, Sequence[str], Sequence[Sequence[Any]]]]
) -> web.Response:
    """Every console table exports to Excel the same way: header, rows, frozen first row.
    Laid out on a thread of its own: a district's year of cases is seconds of openpyxl, and
    the event loop carries the transport, the scheduler and every other page."""

    def lay_out() -> bytes:
        return workbook.to_bytes(workbook.table_workbook(sheets))

    return xlsx_bytes_response(filename, await asyncio.to_thread(lay_out))


async def workbook_response(filename: str, book: Workbook) -> web.Response:
    return xlsx_bytes_response(filename, await asyncio.to_thread(workbook.to_bytes, book))


def xlsx_bytes_response(filename: str, body: bytes) -> web.Response:
    return web.Response(
        body=body,
        content_type=XLSX,
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename)}"},
    )
