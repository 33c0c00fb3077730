"""The chat simulator: pick a group and a member, talk to the bot, read what it sends.

A secretary's simulator is limited to their 小区, like the rest of the console: the feed
shows only what went to their 小区's groups and people, and they may speak only in their
groups and as people of their 小区 (or a new resident), never as another estate's member,
nor as community staff, who can command every estate.
"""

from __future__ import annotations

from typing import Any

import aiohttp_jinja2
from aiohttp import BodyPartReader, web

from bot.console.base import in_uow, linli, user
from bot.console.text import without_bidi
from bot.domain.community import GroupKind, Role
from bot.domain.messages import MessageType
from bot.domain.staff import StaffUser
from bot.ports import UnitOfWork
from bot.replay import Directory
from bot.transports.simulator import Sent, SimulatorTransport

NOT_YOURS_GROUP = "只能在您负责的小区的群里发言。"
NOT_YOURS_PERSON = "只能以您负责的小区的居民或党员的身份发言。"


def register(app: web.Application) -> None:
    app.router.add_get("/simulator", simulator_page)
    app.router.add_post("/simulator/say", simulator_say)
    app.router.add_post("/simulator/media", simulator_media)
    app.router.add_get("/simulator/feed", simulator_feed)


def _simulator(request: web.Request) -> SimulatorTransport | None:
    transport = linli(request).transport
    return transport if isinstance(transport, SimulatorTransport) else None


def _estate_key(uow: UnitOfWork, staff: StaffUser) -> str | None:
    """The config key of a secretary's 小区; None for community-wide roles."""
    if staff.scope_estate is None:
        return None
    estate = uow.estates.get(staff.scope_estate)
    return estate.key if estate else ""


@aiohttp_jinja2.template("simulator.html")
async def simulator_page(request: web.Request) -> dict[str, Any]:
    config, staff = linli(request).config, user(request)
    key = await in_uow(request, lambda uow: _estate_key(uow, staff))
    groups = [g for g in config.groups if key is None or g.estate == key]
    members = [m for m in config.members if key is None or m.estate == key]
    people = [(m.shown_name, f"{m.role} · {m.category}") for m in members]
    residents = [("张阿姨", "居民"), ("李大爷", "居民"), ("小王", "居民")]
    # Start in a 楼栋群: that is where a first-time visitor's "3号楼电梯坏了" belongs.
    first_building = next((g.topic for g in groups if g.group_kind is GroupKind.BUILDING), "")
    return {
        "available": _simulator(request) is not None,
        "groups": [g.topic for g in groups],
        "default_group": first_building,
        "people": residents + people,
    }


def _refusal(
    uow: UnitOfWork, bot: Any, staff: StaffUser, sender_id: str, room_id: str | None, topic: str
) -> str | None:
    """Why this secretary may not say this here as this person; None when they may."""
    if staff.scope_estate is None:
        return None
    key = _estate_key(uow, staff)
    if room_id is not None:
        group = uow.groups.by_room_id(room_id)
        if group is not None and group.bound:
            if group.estate_id != staff.scope_estate:
                return NOT_YOURS_GROUP
        elif not any(g.topic == topic and g.estate == key for g in bot.config.groups):
            return NOT_YOURS_GROUP  # an unbound or unknown group belongs to no 小区 yet
    person = uow.people.by_wechat_id(sender_id)
    if person is not None and person.id != staff.person_id:
        if person.role >= Role.STAFF:
            return NOT_YOURS_PERSON
        if person.estate_id is not None and person.estate_id != staff.scope_estate:
            return NOT_YOURS_PERSON
    for m in bot.config.members:
        if sender_id == m.wechat_id and m.estate != key:
            return NOT_YOURS_PERSON
    for s in bot.config.staff:
        if s.wechat_id and sender_id == s.wechat_id and s.username != staff.username:
            return NOT_YOURS_PERSON
    return None


async def simulator_say(request: web.Request) -> web.Response:
    simulator = _simulator(request)
    if simulator is None:
        raise web.HTTPConflict(text="正在连接真实微信，模拟器不可用。")
    try:
        body = await request.json()
    except (ValueError, RecursionError):  # RecursionError: nested deeper than the parser goes
        raise web.HTTPBadRequest(text="请求格式不对。") from None
    if not isinstance(body, dict):
        raise web.HTTPBadRequest(text="请求格式不对。")
    name = str(body.get("name", "")).strip()[:40]
    text = str(body.get("text", ""))[:5000]
    group = str(body.get("group") or "").strip()[:100] or None
    if not name or not text.strip():
        raise web.HTTPBadRequest(text="请选择发言人并输入内容。")
    bot, staff = linli(request), user(request)
    directory = Directory(bot.config, simulator.bot_id)
    sender_id = directory.person(name)
    room_id = directory.room(group) if group else None
    refusal = await in_uow(
        request, lambda uow: _refusal(uow, bot, staff, sender_id, room_id, group or "")
    )
    if refusal:
        raise web.HTTPForbidden(text=refusal)
    mention_names = tuple(n for n in (bot.config.bot.name,) if f"@{n}" in text)
    await simulator.say(
        sender_id=sender_id,
        sender_name=name,
        text=text,
        topic=group,
        room_id=room_id,
        mention_ids=tuple(directory.person(n) for n in mention_names),
        mention_names=mention_names,
    )
    return web.json_response({"ok": True})


def _visible(uow: UnitOfWork, account: str, staff: StaffUser, sent: list[Sent]) -> list[Sent]:
    """What went to the secretary's 小区: its groups, and private messages to its people."""
    if staff.scope_estate is None:
        return sent
    estates: dict[str, int | None] = {}
    shown = []
    for s in sent:
        key = f"room:{s.room_id}" if s.room_id else f"to:{s.to_id}"
        if key not in estates:
            if s.room_id:
                group = uow.groups.by_room_id(s.room_id)
                estates[key] = group.estate_id if group and group.bound else None
            else:
                person = uow.people.by_wechat_id(s.to_id or "")
                estates[key] = person.estate_id if person else None
        if estates[key] == staff.scope_estate:
            shown.append(s)
    return shown


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
    staff = user(request)
    directory = Directory(bot.config, simulator.bot_id)
    sender_id = directory.person(name)
    room_id = directory.room(group) if group else None
    # The same estate scope as a typed message (issue 12 item 8): a file is speech too.
    refusal = await in_uow(
        request, lambda uow: _refusal(uow, bot, staff, sender_id, room_id, group or "")
    )
    if refusal:
        raise web.HTTPForbidden(text=refusal)
    await simulator.say(
        sender_id=sender_id,
        sender_name=name,
        text="",
        topic=group,
        room_id=room_id,
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
    bot, staff = linli(request), user(request)
    fresh = simulator.sent_after(max(after, 0))
    shown = await in_uow(request, lambda uow: _visible(uow, bot.settings.account, staff, fresh))
    tz = bot.profile.tz
    messages = [
        {
            "seq": s.seq,
            "at": s.at.astimezone(tz).strftime("%H:%M:%S"),
            "group": s.group,
            "to": s.to,
            "text": without_bidi(s.rendered()),
        }
        for s in shown
    ]
    # The last seq read, even when nothing in it was the secretary's: polling moves on.
    last = fresh[-1].seq if fresh else min(max(after, 0), simulator.last_seq)
    return web.json_response({"messages": messages, "last": last})
