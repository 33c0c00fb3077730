"""Refused, missing and failed requests: the console's frame with a way back for people, JSON
for the API, plain text for the simulator's fetch calls."""

from __future__ import annotations

from urllib.parse import urlsplit

import aiohttp_jinja2
from aiohttp import web
from sqlalchemy import exc as sa

from bot.console.security import Handler, local_path
from bot.ports import Unavailable

# Seconds a browser or API client is asked to wait when the database is away: a restart of
# PostgreSQL or a held SQLite lock is usually over by then.
RETRY_AFTER = 30

HEADINGS = {
    400: "请求有误",
    401: "请先登录",
    403: "没有权限",
    404: "没有找到",
    405: "不能这样操作",
    413: "文件太大",
    500: "出错了",
    503: "暂时无法使用",
}
DEFAULTS = {
    400: "提交的内容不完整或格式不对，请返回重试。",
    401: "登录已过期，请重新登录。",
    403: "您的账号没有权限做这件事。如需要，请联系社区管理员。",
    404: "没有找到这个页面，可能已被删除或地址有误。",
    405: "这个地址不能这样打开。",
    413: "文件太大了：一次最多上传 4 MB。请把表格拆成几个小文件，或删掉多余的列后再导入。",
    500: "出错了，请稍后重试；问题已记录。",
    503: "数据库暂时连不上，请稍等半分钟再刷新。居民发来的消息会先存着，连上后再处理。",
}


@web.middleware
async def errors_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        return await _answer(request, exc.status, exc.text)
    except Exception as exc:
        if database_away(exc):
            # Not a bug to trace: one line in the log, and a page saying when to try again
            # instead of a 500 (hardening 3).
            request.app.logger.warning("console: database away on %s: %s", request.path, exc)
            response = await _answer(request, 503, None)
            response.headers["Retry-After"] = str(RETRY_AFTER)
            return response
        request.app.logger.exception("console error on %s", request.path)
        return await _answer(request, 500, None)


def database_away(exc: BaseException) -> bool:
    """The database cannot be reached or used right now (connection refused or cut, SQLite
    file unopenable or locked past its busy timeout, pool exhausted), as raised by the unit
    of work (Unavailable) or by SQLAlchemy directly, possibly wrapped by the caller."""
    seen: BaseException | None = exc
    for _ in range(5):  # a short cause chain: a handler may wrap what the database raised
        if seen is None:
            return False
        if isinstance(seen, Unavailable | sa.OperationalError | sa.InterfaceError):
            return True
        if isinstance(seen, sa.TimeoutError):  # no pooled connection came free in time
            return True
        if isinstance(seen, sa.DBAPIError) and seen.connection_invalidated:
            return True
        seen = seen.__cause__
    return False


def _message(status: int, text: str | None) -> str:
    # aiohttp's own texts ("404: Not Found", "Request Entity Too Large") are English.
    if text and not text.isascii():
        return text
    return DEFAULTS.get(status, DEFAULTS[500] if status >= 500 else DEFAULTS[400])


async def _answer(request: web.Request, status: int, text: str | None) -> web.Response:
    message = _message(status, text)
    if request.path.startswith("/api/"):
        return web.json_response({"ok": False, "error": message}, status=status)
    if request.path.startswith("/simulator/"):
        return web.Response(text=message, status=status)
    # The template's context (user, menu, csrf) is filled by a middleware inside ours, which
    # a refusal raised earlier (CSRF, upload size) never reached: fill it here.
    context = request.setdefault(aiohttp_jinja2.REQUEST_CONTEXT_KEY, {})
    for processor in request.config_dict[aiohttp_jinja2.APP_CONTEXT_PROCESSORS_KEY]:
        context.update(await processor(request))
    heading = HEADINGS.get(status, "出错了" if status >= 500 else "请求有误")
    return aiohttp_jinja2.render_template(
        "error.html",
        request,
        {"heading": heading, "message": message, "back": _back(request)},
        status=status,
    )


def _back(request: web.Request) -> str | None:
    """The page the person came from, when it is one of ours ("/\\evil.example" is not: probe14)."""
    referer = urlsplit(request.headers.get("Referer", ""))
    if referer.netloc and referer.netloc != request.host:
        return None
    path = referer.path or ""
    back = path + (f"?{referer.query}" if referer.query else "")
    if local_path(back) and path != request.path:
        return back
    return None
