"""The chat simulator: pick a group and a member, talk to the bot, read what it sends."""

from __future__ import annotations

from typing import Any

import aiohttp_jinja2
from aiohttp import web

from bot.console.base import linli
from bot.domain.community import GroupKind
from bot.replay import Directory
from bot.transports.simulator import SimulatorTransport


def register(app: web.Application) -> None:
    app.router.add_get("/simulator", simulator_page)
    app.router.add_post("/simulator/say", simulator_say)
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
