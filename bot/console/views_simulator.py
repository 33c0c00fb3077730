"""The chat simulator: pick a group and a member, talk to the bot, read what it sends."""

from __future__ import annotations

from typing import Any

import aiohttp_jinja2
from aiohttp import BodyPartReader, web

from bot.console.base import linli
from bot.domain.community import GroupKind
from bot.domain.messages import MessageType
from bot.replay import Directory
from bot.transports.simulator import SimulatorTransport


def register(app: web.Application) -> None:
    app.router.add_get("/simulator", simulator_page)
    app.router.add_post("/simulator/say", simulator_say)
    app.router.add_post("/simulator/media", simulator_media)
    app.router.add_get("/simulator/feed", simulator_feed)


def _simulator(request: web.Request) -> SimulatorTransport | None:
    transport = linli(request).transport
    return transport if isinstance(transport, SimulatorTransport) else None


@aiohttp_jinja2.template("simulator.html")
async def simulator_page(request: web.Request) -> dict[str, Any]:
    config = linli(request).config
    people = [(m.shown_name, f"{m.role} · {m.category}") for m in config.members]
    residents = [("张阿姨", "居民"), ("李大爷", "居民"), ("小王", "居民")]
    # Start in a 楼栋群: that is where a first-time visitor's "3号楼电梯坏了" belongs.
    first_building = next(
        (g.topic for g in config.groups if g.group_kind is GroupKind.BUILDING), ""
    )
    return {
        "available": _simulator(request) is not None,
        "groups": [g.topic for g in config.groups],
        "default_group": first_building,
        "people": residents + people,
    }


async def simulator_say(request: web.Request) -> web.Response:
    simulator = _simulator(request)
    if simulator is None:
        raise web.HTTPConflict(text="正在连接真实微信，模拟器不可用。")
    try:
        body = await request.json()
    except ValueError:
        raise web.HTTPBadRequest(text="请求格式不对。") from None
    if not isinstance(body, dict):
        raise web.HTTPBadRequest(text="请求格式不对。")
    name = str(body.get("name", "")).strip()[:40]
    text = str(body.get("text", ""))[:5000]
    group = body.get("group") or None
    if not name or not text.strip():
        raise web.HTTPBadRequest(text="请选择发言人并输入内容。")
    bot = linli(request)
    directory = Directory(bot.config, simulator.bot_id)
    mention_names = tuple(n for n in (bot.config.bot.name,) if f"@{n}" in text)
    await simulator.say(
        sender_id=directory.person(name),
        sender_name=name,
        text=text,
        topic=str(group) if group else None,
        room_id=directory.room(str(group)) if group else None,
        mention_ids=tuple(directory.person(n) for n in mention_names),
        mention_names=mention_names,
    )
    return web.json_response({"ok": True})


# What the browser says the file is picks the message type (as WeChat's client does); what it
# really is is decided by the core from the bytes.
_TYPES = {"image": MessageType.IMAGE, "audio": MessageType.VOICE, "video": MessageType.VIDEO}
_CHUNK = 1 << 16


async def simulator_media(request: web.Request) -> web.Response:
    """A member sends a photo (or voice note, or video): multipart name, group, file.

    Read as a stream so a file over the [evidence] cap reaches the bot as "too large" (it
    answers as it would on WeChat) instead of the console refusing the request."""
    simulator = _simulator(request)
    if simulator is None:
        raise web.HTTPConflict(text="正在连接真实微信，模拟器不可用。")
    bot = linli(request)
    cap = bot.config.evidence.max_mb * 1024 * 1024
    fields: dict[str, str] = {}
    data = b""
    kind = MessageType.IMAGE
    try:
        reader = await request.multipart()
        async for part in reader:
            if not isinstance(part, BodyPartReader):
                continue
            if part.name == "file":
                kind = _TYPES.get((part.headers.get("Content-Type") or "").split("/")[0], kind)
                data = await _read_capped(part, cap + 1)
            elif part.name in ("name", "group"):
                fields[part.name] = (await part.text())[:100]
    except (ValueError, AssertionError):
        raise web.HTTPBadRequest(text="请求格式不对。") from None
    name = fields.get("name", "").strip()[:40]
    group = fields.get("group") or None
    if not name or not data:
        raise web.HTTPBadRequest(text="请选择发言人和要发送的文件。")
    directory = Directory(bot.config, simulator.bot_id)
    await simulator.say(
        sender_id=directory.person(name),
        sender_name=name,
        text="",
        topic=group,
        room_id=directory.room(group) if group else None,
        type=kind,
        media=data,
    )
    return web.json_response({"ok": True})


async def _read_capped(part: BodyPartReader, limit: int) -> bytes:
    """Up to `limit` bytes of the part; the rest is drained, not kept."""
    kept = bytearray()
    while chunk := await part.read_chunk(_CHUNK):
        if len(kept) < limit:
            kept += chunk[: limit - len(kept)]
    return bytes(kept)


async def simulator_feed(request: web.Request) -> web.Response:
    simulator = _simulator(request)
    if simulator is None:
        return web.json_response({"messages": []})
    try:
        after = int(request.query.get("after", "0"))
    except ValueError:
        after = 0
    tz = linli(request).profile.tz
    messages = [
        {
            "seq": s.seq,
            "at": s.at.astimezone(tz).strftime("%H:%M:%S"),
            "group": s.group,
            "to": s.to,
            "text": s.rendered(),
        }
        for s in simulator.sent[max(after, 0) :]
    ]
    return web.json_response({"messages": messages})
