"""probe11 (probe10's leftover): a client that sends its request headers or its body a few
bytes at a time is cut off, instead of holding a connection (and a handler) for an hour.
Real sockets against the console as `linli run` starts it; the deadlines shortened."""

from __future__ import annotations

import asyncio
import re
import time
from pathlib import Path

import pytest
from aiohttp import web

from bot.console import app as console_app
from tests.conftest import Bot

LIMIT = 0.6  # seconds, instead of the production deadlines
GIVE_UP = 6.0  # the slow client stops trickling after this long


async def _start(bot: Bot, monkeypatch: pytest.MonkeyPatch) -> tuple[web.AppRunner, int]:
    monkeypatch.setattr(console_app, "HEADER_SECONDS", LIMIT)
    monkeypatch.setattr(console_app, "BODY_SECONDS", LIMIT)
    bot.linli.settings = bot.linli.settings.model_copy(update={"console_port": 0})
    runner = await console_app.start_console(bot.linli)
    port = runner.addresses[0][1]
    return runner, port


async def _trickle(port: int, head: bytes, drip: bytes) -> tuple[float, bytes]:
    """Send `head`, then `drip` every 0.1 s until the server answers or closes."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    started = time.monotonic()
    writer.write(head)
    answer = b""
    try:
        while time.monotonic() - started < GIVE_UP:
            try:
                answer = await asyncio.wait_for(reader.read(4096), 0.1)
            except TimeoutError:
                writer.write(drip)
                await writer.drain()
                continue
            break  # an answer, or b"" for a closed connection
    except ConnectionError:
        pass
    finally:
        writer.close()
    return time.monotonic() - started, answer


async def test_slow_request_headers_are_cut_off(
    sqlite_bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner, port = await _start(sqlite_bot, monkeypatch)
    try:
        took, answer = await _trickle(port, b"GET /healthz HTTP/1.1\r\nHost: x\r\n", b"X-a: b\r\n")
        assert took < GIVE_UP - 1 and b"200" not in answer
        # A client that is quick about it is served as always, and kept alive.
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        for _ in range(2):
            writer.write(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            assert (await asyncio.wait_for(reader.read(4096), 5)).startswith(b"HTTP/1.1 200")
        writer.close()
    finally:
        await runner.cleanup()


async def test_a_slow_request_body_is_cut_off(
    sqlite_bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner, port = await _start(sqlite_bot, monkeypatch)
    try:
        head = (
            b"POST /login HTTP/1.1\r\nHost: x\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 5000\r\n\r\n"
        )
        took, answer = await _trickle(port, head, b"a=b&")
        assert took < GIVE_UP - 1
        assert answer == b"" or answer.startswith(b"HTTP/1.1 408")
        # A whole body sent at once is read as always (the login form answers).
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        body = b"username=x&password=y"
        writer.write(
            b"POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-"
            b"urlencoded\r\nContent-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body
        )
        first = await asyncio.wait_for(reader.read(4096), 5)
        assert first.startswith(b"HTTP/1.1 ") and not first.startswith(b"HTTP/1.1 408")
        writer.close()
    finally:
        await runner.cleanup()


def test_the_shipped_proxy_config_stops_slow_clients_first() -> None:
    """deploy/nginx/linli.conf (the README sends operators there) cuts slow clients sooner
    than Linli does, and takes no body Linli would refuse."""
    conf = (Path(__file__).parents[2] / "deploy" / "nginx" / "linli.conf").read_text("utf-8")
    seconds = {
        name: int(value)
        for name, value in re.findall(r"^\s*(client_\w+_timeout)\s+(\d+)s;", conf, re.M)
    }
    assert seconds["client_header_timeout"] < console_app.HEADER_SECONDS
    assert seconds["client_body_timeout"] < console_app.BODY_SECONDS
    assert re.search(r"^\s*client_max_body_size\s+4m;", conf, re.M)
    assert re.search(r"^\s*proxy_request_buffering\s+on;", conf, re.M)
    assert re.search(r"X-Forwarded-For\s+\$remote_addr;", conf)
