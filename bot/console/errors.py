"""Refused, missing and failed requests: the console's frame with a way back for people, JSON
for the API, plain text for the simulator's fetch calls."""

from __future__ import annotations

from urllib.parse import urlsplit

import aiohttp_jinja2
from aiohttp import web

from bot.console.security import Handler

HEADINGS = {
    400: "请求有误",
    401: "请先登录",
    403: "没有权限",
    404: "没有找到",
    405: "不能这样操作",
    413: "文件太大",
    500: "出错了",
}
DEFAULTS = {
    400: "提交的内容不完整或格式不对，请返回重试。",
    401: "登录已过期，请重新登录。",
    403: "您的账号没有权限做这件事。如需要，请联系社区管理员。",
    404: "没有找到这个页面，可能已被删除或地址有误。",
    405: "这个地址不能这样打开。",
    413: "文件太大了：一次最多上传 4 MB。请把表格拆成几个小文件，或删掉多余的列后再导入。",
    500: "出错了，请稍后重试；问题已记录。",
}


@web.middleware
async def errors_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        return await _answer(request, exc.status, exc.text)
    except Exception:
        request.app.logger.exception("console error on %s", request.path)
        return await _answer(request, 500, None)


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
    """The page the person came from, when it is one of ours."""
    referer = urlsplit(request.headers.get("Referer", ""))
    if referer.netloc and referer.netloc != request.host:
        return None
    path = referer.path or None
    if path and path.startswith("/") and not path.startswith("//") and path != request.path:
        return path + (f"?{referer.query}" if referer.query else "")
    return None
