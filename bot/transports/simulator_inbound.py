"""A loopback door into the simulator, for load benchmarks: members' messages posted as JSON.

Off unless LINLI_SIMULATOR_INBOUND_PORT is set; `linli run` opens it only with the simulator
(never with WeChat) and only on 127.0.0.1. A browser page cannot use it either: it takes
nothing but `Content-Type: application/json` (which a cross-site page cannot send without a
preflight, never answered here) and a Host header naming the loopback address (no DNS
rebinding).

    POST /inbound   [{"id": "m1", "sender_id": "wxid_a", "sender_name": "张阿姨",
                      "text": "3号楼电梯坏了", "topic": "兰亭3号楼邻里群"}, ...]
                    topic null or absent: a private message
    → 200 {"results": [{"id": "m1", "ok": true}, {"id": "m2", "ok": false, "error": "…"}]}
    GET /ready      → 200 once the bot runs

Each message goes to the bot in order and is answered only after the bot has handled it
(Inbox.receive returned: stored, replies queued), so `ok` means kept. A message the process
died holding has no answer; sent again with the same id, the bot keeps it once.
"""

from __future__ import annotations

import logging
from typing import Any

from aiohttp import web

from bot.transports.simulator import SimulatorTransport

log = logging.getLogger(__name__)

HOST = "127.0.0.1"
MAX_BATCH = 1000
FIELDS = ("id", "sender_id", "sender_name", "text")
SIMULATOR_KEY: web.AppKey[SimulatorTransport] = web.AppKey("simulator", SimulatorTransport)
PORT_KEY: web.AppKey[int] = web.AppKey("port", int)


def _loopback_host(request: web.Request) -> bool:
    host = request.headers.get("Host", "")
    port = request.app[PORT_KEY]
    return host in {f"{HOST}:{port}", f"localhost:{port}"}


def _messages(body: Any) -> list[dict[str, str | None]] | None:
    """The batch as posted, or None when it is not one."""
    if not isinstance(body, list) or len(body) > MAX_BATCH:
        return None
    batch: list[dict[str, str | None]] = []
    for item in body:
        if not isinstance(item, dict):
            return None
        if not all(isinstance(item.get(f), str) and item[f] for f in FIELDS):
            return None
        topic = item.get("topic")
        if topic is not None and not isinstance(topic, str):
            return None
        batch.append({f: item[f] for f in FIELDS} | {"topic": topic or None})
    return batch


async def inbound(request: web.Request) -> web.Response:
    if not _loopback_host(request) or request.content_type != "application/json":
        raise web.HTTPForbidden(text="forbidden")
    try:
        batch = _messages(await request.json())
    except (ValueError, RecursionError):  # RecursionError: nested deeper than the parser goes
        batch = None
    if batch is None:
        raise web.HTTPBadRequest(text="expected a JSON list of messages")
    simulator = request.app[SIMULATOR_KEY]
    results: list[dict[str, object]] = []
    for m in batch:
        try:
            await simulator.say(
                message_id=m["id"],
                sender_id=str(m["sender_id"]),
                sender_name=str(m["sender_name"]),
                text=str(m["text"]),
                topic=m["topic"],
            )
            results.append({"id": m["id"], "ok": True})
        except Exception as exc:  # reported per message: the caller counts what was not kept
            log.exception("simulator inbound: message %s failed", m["id"])
            results.append({"id": m["id"], "ok": False, "error": type(exc).__name__})
    return web.json_response({"results": results})


async def ready(request: web.Request) -> web.Response:
    if not _loopback_host(request):
        raise web.HTTPForbidden(text="forbidden")
    return web.json_response({"ok": True})


async def start_inbound(simulator: SimulatorTransport, port: int) -> web.AppRunner:
    """Listen on 127.0.0.1:port (only there); the caller cleans the runner up."""
    app = web.Application(client_max_size=4 * 1024 * 1024)
    app[SIMULATOR_KEY] = simulator
    app[PORT_KEY] = port
    app.router.add_post("/inbound", inbound)
    app.router.add_get("/ready", ready)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, HOST, port).start()
    return runner
