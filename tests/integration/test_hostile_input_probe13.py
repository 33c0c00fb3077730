"""What probe13 found: header and body bytes an attacker chooses (not UTF-8, or not ASCII
where a secret is compared) were tracebacks and 500s on the console and both APIs, one of
them the bare aiohttp page. Each is now a plain refusal, and nothing is changed."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.config import ApiTokenConfig, CommunityConfig, ConsoleConfig, DepartmentConfig
from bot.console import security, views_auth, views_evidence
from bot.console.app import create_app
from bot.console.throttle import ADDRESS_LIMIT, WINDOW
from bot.console.views_auth import GUARD
from bot.domain.market import MAX_STOCK, RedeemRefused
from bot.ports import Classifier
from bot.services import market, workbook
from storage.blobs import FileBlobStore
from tests.api.conftest import STAFF_TOKEN
from tests.conftest import Bot, running_bot
from tests.integration.test_console_security import csrf, login
from tests.integration.test_evidence_console import report_with_photo

CALLBACK = "water-callback-0123456789abcdef"


async def raw_request(server: TestServer, head: bytes, body: bytes = b"") -> tuple[int, bytes]:
    """One request written byte by byte (a client library would refuse these headers)."""
    reader, writer = await asyncio.open_connection(server.host, server.port)
    writer.write(head + b"Content-Length: %d\r\nConnection: close\r\n\r\n" % len(body) + body)
    await writer.drain()
    answer = await reader.read()
    writer.close()
    await writer.wait_closed()
    status_line, _, rest = answer.partition(b"\r\n")
    return int(status_line.split()[1]), rest.partition(b"\r\n\r\n")[2]


@pytest.fixture
async def client(bot: Bot) -> AsyncIterator[TestClient]:
    async with TestClient(TestServer(create_app(bot.linli))) as client:
        yield client


async def test_a_cookie_that_is_not_text_is_no_session(client: TestClient) -> None:
    server = client.server
    assert isinstance(server, TestServer)
    status, body = await raw_request(
        server, b"GET /cases HTTP/1.1\r\nHost: x\r\nCookie: linli_session=\xff\xfe\r\n"
    )
    assert status == 302, body  # to the login page, like any stranger
    status, body = await raw_request(
        server, b"GET /login HTTP/1.1\r\nHost: x\r\nCookie: linli_session=\xff\xfe\r\n"
    )
    assert status == 200 and "登录".encode() in body


async def test_a_csrf_token_with_chinese_in_it_is_refused_not_a_crash(
    client: TestClient, bot: Bot
) -> None:
    await bot.say("3号楼电梯坏了")
    assert await login(client) == 302
    await csrf(client)  # the session holds a token: the one sent is compared with it
    response = await client.post(
        "/cases/1/progress", data={"csrf_token": "中文", "note": "已联系物业"}
    )
    assert response.status == 403
    assert "页面已过期" in await response.text()


async def test_a_form_that_is_not_utf8_is_a_bad_request_and_changes_nothing(
    client: TestClient, bot: Bot
) -> None:
    await bot.say("3号楼电梯坏了")
    assert await login(client) == 302
    token = await csrf(client)
    for content_type, body in (
        ("application/x-www-form-urlencoded", b"csrf_token=%s&note=\xff\xfe\xe4" % token.encode()),
        (
            "multipart/form-data; boundary=b",
            b'--b\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n%s\r\n'
            b'--b\r\nContent-Disposition: form-data; name="note"\r\n\r\n\xff\xfe\r\n--b--\r\n'
            % token.encode(),
        ),
    ):
        # The token in the header: the handler, not the CSRF check, is first to read the form.
        for headers in ({}, {"X-CSRF-Token": token}):
            response = await client.post(
                "/cases/1/progress",
                data=body,
                headers={"Content-Type": content_type, **headers},
                allow_redirects=False,
            )
            assert response.status == 400, (content_type, headers, response.status)
            assert "文字" in (await response.read()).decode("utf-8")
    with bot.linli.uow_factory() as uow:
        case = uow.cases.get(1)
        assert case is not None and "\ufffd" not in str(case)


async def test_api_tokens_and_signatures_in_raw_bytes_are_refused(
    sqlite_url: str, tmp_path: Path, demo_config: CommunityConfig, classifier: Classifier
) -> None:
    water = DepartmentConfig(
        key="water",
        name="供水所",
        url="http://127.0.0.1:9/hook",
        secret="0123456789abcdef",
        callback_token=CALLBACK,
        categories=["utilities"],
    )
    config = demo_config.model_copy(
        update={
            "departments": [water],
            "console": ConsoleConfig(api_tokens=[ApiTokenConfig(name="网格", token=STAFF_TOKEN)]),
        }
    )
    async with running_bot(sqlite_url, tmp_path, config, classifier) as bot:
        await bot.say("3号楼电梯坏了")
        server = TestServer(create_app(bot.linli))
        await server.start_server()
        try:
            bearer = b"Authorization: Bearer " + CALLBACK.encode() + b"\r\n"
            json_body = b'{"kind": "progress", "text": "\xe5\xb7\xb2\xe5\x88\xb0\xe5\x9c\xba"}'
            post = b"POST /api/department/cases/E0001 HTTP/1.1\r\nHost: x\r\n"
            signed = post + bearer + b"Content-Type: application/json\r\n"
            for head, body, expected in (
                (
                    b"GET /api/v1/cases HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \xff\xfe\r\n",
                    b"",
                    401,
                ),
                (
                    b"GET /api/department/cases/E0001 HTTP/1.1\r\nHost: x\r\n"
                    b"Authorization: Bearer \xff\xfe\r\n",
                    b"",
                    401,
                ),
                (
                    signed + b"Idempotency-Key: k1\r\nX-Linli-Signature: \xe4\xb8\xad\r\n"
                    b"X-Linli-Timestamp: 1\r\n",
                    json_body,
                    401,
                ),
                (
                    signed + b"Idempotency-Key: k2\r\nX-Linli-Signature: sha256=ab\r\n"
                    b"X-Linli-Timestamp: \xff\r\n",
                    json_body,
                    401,
                ),
            ):
                status, answer = await raw_request(server, head, body)
                assert status == expected, (head, status, answer)
                assert b'"ok": false' in answer
        finally:
            await server.close()
        with bot.linli.uow_factory() as uow:
            case = uow.cases.get(1)
            assert case is not None and "已到场" not in str(case)


async def test_wrong_passwords_sent_at_once_are_held_to_the_address_limit(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Thirty wrong passwords from one address, all in flight together: the limit is ten. The
    failures were counted only after each password was checked, so every request in flight
    had passed the address check (and the account's delay) before the first was counted."""
    guard = client.server.app[GUARD]

    async def no_wait(seconds: float) -> None:
        return None

    guard.sleep = no_wait
    attempts = 30
    arrived, checked = threading.Event(), []
    real_blocked = guard.throttle.address_blocked
    asked = 0

    def counting_blocked(address: str, now: float) -> bool:
        nonlocal asked
        asked += 1
        if asked == attempts:
            arrived.set()  # every request has been looked at: the checks may go on
        return real_blocked(address, now)

    def gated_verify(password_hash: str, password: str) -> bool:
        arrived.wait(timeout=30)  # a safety net only: the last request sets it
        checked.append(password_hash)
        return security.verify_password(password_hash, password)

    monkeypatch.setattr(guard.throttle, "address_blocked", counting_blocked)
    monkeypatch.setattr(views_auth, "verify_password", gated_verify)
    token = await csrf(client, "/login")

    async def attempt(i: int) -> int:
        response = await client.post(
            "/login",
            data={"username": "wangmin", "password": f"guess-{i}", "csrf_token": token},
            allow_redirects=False,
        )
        return response.status

    statuses = await asyncio.gather(*(attempt(i) for i in range(attempts)))
    assert statuses == [401] * attempts
    assert len(checked) <= ADDRESS_LIMIT, len(checked)


async def test_a_password_is_never_checked_on_the_bots_worker(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """argon2 takes tens of milliseconds by design: on the core's one thread, a stream of
    login attempts held every resident's message (an emergency too) behind it."""
    threads: list[str] = []

    def where(password_hash: str, password: str) -> bool:
        threads.append(threading.current_thread().name)
        return security.verify_password(password_hash, password)

    monkeypatch.setattr(views_auth, "verify_password", where)
    assert await login(client, "wangmin", "wrong-password") == 401
    assert await login(client, "nobody-here", "wrong-password") == 401
    assert await login(client) == 302
    assert len(threads) == 3
    assert not any(name.startswith("linli-core") for name in threads), threads


async def test_an_address_shut_out_is_logged_once_a_window_not_per_attempt(
    client: TestClient, bot: Bot
) -> None:
    """Every refused attempt wrote an audit entry on the core's thread: a flood from a shut-out
    address grew the log without end and queued database writes ahead of residents."""
    guard = client.server.app[GUARD]

    async def no_wait(seconds: float) -> None:
        return None

    guard.sleep = no_wait
    token = await csrf(client, "/login")
    for i in range(ADDRESS_LIMIT + 40):
        response = await client.post(
            "/login",
            data={"username": f"user{i}", "password": "wrong", "csrf_token": token},
            allow_redirects=False,
        )
        assert response.status == 401

    def refused() -> int:
        with bot.linli.uow_factory() as uow:
            return sum(
                e.action == "login_throttled" and "address" in e.detail
                for e in uow.staff.audit_log()
            )

    assert refused() == 1
    bot.clock.advance(timedelta(seconds=WINDOW + 1))  # the window over, a new flood: one more
    for i in range(ADDRESS_LIMIT + 5):
        await client.post(
            "/login",
            data={"username": f"again{i}", "password": "wrong", "csrf_token": token},
            allow_redirects=False,
        )
    assert refused() == 2


async def test_photos_are_read_and_drawn_off_the_bots_worker(
    client: TestClient, bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A thumbnail decodes the whole photo (up to 64 megapixels) and a file is read whole
    (up to 20 MB): on the core's one thread, each list of thumbnails held the residents'
    messages behind it."""
    await report_with_photo(bot)
    threads: list[str] = []
    real_thumbnail, real_get = views_evidence.thumbnail, FileBlobStore.get

    def thumbnail(data: bytes) -> bytes | None:
        threads.append(threading.current_thread().name)
        return real_thumbnail(data)

    def get(store: FileBlobStore, sha256: str) -> bytes | None:
        threads.append(threading.current_thread().name)
        return real_get(store, sha256)

    monkeypatch.setattr(views_evidence, "thumbnail", thumbnail)
    monkeypatch.setattr(FileBlobStore, "get", get)
    assert await login(client, "liujianhua") == 302  # 兰亭's secretary
    assert (await client.get("/cases/1/evidence/1/thumb")).status == 200
    assert (await client.get("/cases/1/evidence/1")).status == 200
    assert len(threads) == 3
    assert not any(name.startswith("linli-core") for name in threads), threads


async def test_console_tables_are_laid_out_off_the_event_loop(
    client: TestClient, bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A year of a district's cases (20,000 rows) is about four seconds of openpyxl: on the
    event loop, the transport, the scheduler and every other console page stood still."""
    await bot.say("3号楼电梯坏了")
    on_loop: list[tuple[str, bool]] = []
    real = workbook.to_bytes

    def to_bytes(book: Any) -> bytes:
        try:
            asyncio.get_running_loop()
            on_loop.append((threading.current_thread().name, True))
        except RuntimeError:
            on_loop.append((threading.current_thread().name, False))
        return real(book)

    monkeypatch.setattr(workbook, "to_bytes", to_bytes)
    assert await login(client) == 302
    for path in (
        "/cases.xlsx",
        "/suggestions.xlsx",
        "/topics.xlsx",
        "/broadcasts.xlsx",
        "/dashboard.xlsx",
        "/roster.xlsx",
        "/roster/template.xlsx",
    ):
        response = await client.get(path)
        assert response.status == 200, path
    assert len(on_loop) == 7
    assert not any(loop for _, loop in on_loop), on_loop


async def test_restocking_an_item_keeps_within_the_stock_limit(bot: Bot) -> None:
    """上架 the same item again adds to its stock: the sum was never checked, so repeating
    the largest allowed stock grew it past the limit (and, on PostgreSQL, towards the
    column's end, where the whole 上架 would fail)."""
    now = bot.clock.now()
    with bot.linli.uow_factory() as uow:
        market.add_item(uow, name="免费理发", price=12, stock=MAX_STOCK, now=now)
        uow.commit()
    with bot.linli.uow_factory() as uow, pytest.raises(RedeemRefused, match="库存"):
        market.add_item(uow, name="免费理发", price=12, stock=1, now=now)
    with bot.linli.uow_factory() as uow:
        [item] = [i for i in uow.market.items(None, active_only=False) if i.name == "免费理发"]
        assert item.stock == MAX_STOCK
