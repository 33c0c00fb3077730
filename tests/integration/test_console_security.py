"""Issue 12: the console's sessions, login throttling, headers and admin-only actions.

Tests that touch stored state run on SQLite and PostgreSQL (the `bot` fixture).
"""

from __future__ import annotations

import io
import re
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from aiohttp.test_utils import TestClient, TestServer
from argon2 import PasswordHasher

from bot.console import security, views_auth
from bot.console.app import create_app
from bot.console.throttle import LoginThrottle
from bot.console.views_auth import GUARD, THROTTLED
from bot.services.directory import sync_community
from tests.conftest import Bot

PASSWORD = "linli-demo"


@pytest.fixture
async def client(bot: Bot) -> AsyncIterator[TestClient]:
    async with TestClient(TestServer(create_app(bot.linli))) as client:
        yield client


async def csrf(client: TestClient, path: str = "/") -> str:
    page = await (await client.get(path)).text()
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match, page[:500]
    return match[1]


async def login(client: TestClient, username: str = "wangmin", password: str = PASSWORD) -> int:
    token = await csrf(client, "/login")
    response = await client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": token, "next": "/"},
        allow_redirects=False,
    )
    return response.status


def session_cookie(client: TestClient) -> str:
    cookies = {c.key: c.value for c in client.session.cookie_jar}
    return cookies["linli_session"]


async def still_works(client: TestClient, cookie: str, token: str) -> tuple[int, int]:
    """Put a copied cookie back and try a page and a POST with it."""
    client.session.cookie_jar.update_cookies({"linli_session": cookie})
    page = await client.get("/", allow_redirects=False)
    action = await client.post(
        "/simulator/say",
        json={"group": "兰亭3号楼邻里群", "name": "张阿姨", "text": "你好"},
        headers={"X-CSRF-Token": token},
        allow_redirects=False,
    )
    return page.status, action.status


# ---- item 2: sessions end on the server --------------------------------------------------


async def test_a_copied_cookie_stops_working_after_logout(client: TestClient) -> None:
    assert await login(client) == 302
    token = await csrf(client)
    copied = session_cookie(client)
    assert await still_works(client, copied, token) == (200, 200)
    response = await client.post("/logout", data={"csrf_token": token}, allow_redirects=False)
    assert response.status == 302
    page, action = await still_works(client, copied, token)
    assert page == 302 and action == 401


async def test_a_new_password_ends_the_old_sessions(client: TestClient, bot: Bot) -> None:
    assert await login(client) == 302
    token = await csrf(client)
    copied = session_cookie(client)
    staff = [
        s.model_copy(update={"password_hash": PasswordHasher().hash("a-new-password")})
        if s.username == "wangmin"
        else s
        for s in bot.linli.config.staff
    ]
    config = bot.linli.config.model_copy(update={"staff": staff})
    with bot.linli.uow_factory() as uow:  # what the next start does with the edited file
        sync_community(uow, config, bot.linli.settings.account, bot.clock.now())
        uow.commit()
    page, action = await still_works(client, copied, token)
    assert page == 302 and action == 401
    assert await login(client, password="a-new-password") == 302


async def test_an_unchanged_password_keeps_sessions(client: TestClient, bot: Bot) -> None:
    assert await login(client) == 302
    token = await csrf(client)
    with bot.linli.uow_factory() as uow:
        sync_community(uow, bot.linli.config, bot.linli.settings.account, bot.clock.now())
        uow.commit()
    assert await still_works(client, session_cookie(client), token) == (200, 200)


# ---- items 3 and 4: no username enumeration; throttling that cannot lock staff out -------


def guard_sleeps(client: TestClient) -> list[float]:
    """Replace the login's wait with a recorder: time is virtual in tests."""
    waits: list[float] = []

    async def record(seconds: float) -> None:
        waits.append(seconds)

    client.server.app[GUARD].sleep = record
    return waits


async def login_answer(
    client: TestClient, username: str, password: str, headers: dict[str, str] | None = None
) -> tuple[int, str]:
    token = await csrf(client, "/login")
    response = await client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": token},
        headers=headers or {},
        allow_redirects=False,
    )
    text = await response.text()
    match = re.search(r'class="error"[^>]*>([^<]+)<', text)
    return response.status, match[1] if match else text[:200]


async def test_unknown_and_known_users_get_the_same_answer_and_work(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []

    def counting(password_hash: str, password: str) -> bool:
        calls.append(password_hash)
        return security.verify_password(password_hash, password)

    monkeypatch.setattr(views_auth, "verify_password", counting)
    known = await login_answer(client, "wangmin", "wrong-password")
    assert len(calls) == 1
    unknown = await login_answer(client, "nobody-here", "wrong-password")
    assert len(calls) == 2  # an argon2 verify for the unknown name too
    assert calls[1].startswith("$argon2")
    assert known == unknown == (401, "用户名或密码不对。")


async def test_many_failures_never_lock_the_real_user_out(client: TestClient) -> None:
    waits = guard_sleeps(client)
    for _ in range(8):
        assert (await login_answer(client, "wangmin", "wrong"))[0] == 401
    assert waits == [2.0, 4.0, 8.0]  # a growing delay per account after five failures
    assert await login(client) == 302  # the right password still gets in, after a wait
    assert waits[-1] == 16.0
    assert (await login_answer(client, "wangmin", "wrong"))[0] == 401
    assert waits[-1] == 16.0  # a success clears the account's count: no wait now


async def test_the_delay_does_not_tell_whether_an_account_exists(client: TestClient) -> None:
    waits = guard_sleeps(client)
    for name in ("wangmin", "nobody-here"):
        for _ in range(7):
            await login_answer(client, name, "wrong")
        client.server.app[GUARD].throttle = LoginThrottle()  # a fresh address each round
    assert waits == [2.0, 4.0, 2.0, 4.0]


async def test_an_address_that_sprays_is_shut_out_alone_and_logged(
    client: TestClient, bot: Bot
) -> None:
    guard_sleeps(client)
    names = [f"user{i}" for i in range(10)]
    for name in names:  # one try per name: only the per-address limit can catch this
        assert (await login_answer(client, name, "wrong"))[0] == 401
    status, message = await login_answer(client, "wangmin", PASSWORD)
    assert status == 401 and message == THROTTLED
    assert (await login_answer(client, "no-such-user", "x"))[1] == THROTTLED  # same either way
    # Forged X-Forwarded-For from an untrusted peer changes nothing.
    forged = {"X-Forwarded-For": "203.0.113.9"}
    assert (await login_answer(client, "wangmin", PASSWORD, forged))[1] == THROTTLED
    with bot.linli.uow_factory() as uow:
        actions = [(e.action, e.target) for e in uow.staff.audit_log()]
    assert ("login_throttled", "127.0.0.1") in actions
    # Another address (through a trusted proxy) still logs in.
    bot.linli.settings = bot.linli.settings.model_copy(update={"trusted_proxies": "127.0.0.1"})
    token = await csrf(client, "/login")
    response = await client.post(
        "/login",
        data={"username": "wangmin", "password": PASSWORD, "csrf_token": token},
        headers={"X-Forwarded-For": "198.51.100.7"},
        allow_redirects=False,
    )
    assert response.status == 302


async def test_failed_logins_keep_typed_names_only_when_they_name_an_account(
    client: TestClient, bot: Bot
) -> None:
    await login_answer(client, "MySecretPassw0rd", "x")  # a password in the wrong box
    await login_answer(client, "wangmin", "wrong")
    with bot.linli.uow_factory() as uow:
        entries = [(e.actor, e.action) for e in uow.staff.audit_log()]
        text = " ".join(f"{e.actor} {e.target} {e.detail}" for e in uow.staff.audit_log())
    assert ("wangmin", "login_failed") in entries and ("?", "login_failed") in entries
    assert "MySecretPassw0rd" not in text


# ---- item 11: headers and the cookie -----------------------------------------------------


def assert_hardened(headers: object, where: str) -> None:
    h = dict(headers)  # type: ignore[call-overload]
    csp = h.get("Content-Security-Policy", "")
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp, where
    assert "unsafe-inline" not in csp, where
    assert h.get("X-Frame-Options") == "DENY", where
    assert h.get("X-Content-Type-Options") == "nosniff", where
    assert h.get("Referrer-Policy") == "same-origin", where
    assert "aiohttp" not in h.get("Server", "") and "Python" not in h.get("Server", ""), where


async def test_every_answer_carries_the_security_headers(client: TestClient) -> None:
    for path in ("/login", "/static/console.css", "/api/v1/cases", "/healthz", "/nowhere"):
        response = await client.get(path, allow_redirects=False)
        assert_hardened(response.headers, path)
    assert await login(client) == 302
    for path in ("/", "/dashboard", "/simulator", "/cases/999"):
        response = await client.get(path, allow_redirects=False)
        assert_hardened(response.headers, path)


async def test_no_page_needs_inline_script_or_style(client: TestClient) -> None:
    assert await login(client) == 302
    for path in (
        "/",
        "/dashboard",
        "/broadcasts",
        "/activities",
        "/points",
        "/roster",
        "/groups",
        "/simulator",
        "/login",
    ):
        page = await (await client.get(path)).text()
        assert " style=" not in page and "<style" not in page, path
        assert not re.search(r"<script(?![^>]*\bsrc=)", page), path
        assert not re.search(r"\son[a-z]+=", page), path
    # Pages that need data to appear (a broadcast's progress …): their templates.
    templates = Path(create_app.__code__.co_filename).parent / "templates"
    for template in templates.glob("*.html"):
        text = template.read_text(encoding="utf-8")
        assert " style=" not in text and "<style" not in text, template.name


def cookie_header(response: object) -> str:
    return "; ".join(response.headers.getall("Set-Cookie"))  # type: ignore[attr-defined]


async def test_the_session_cookie_is_httponly_samesite_and_not_secure_on_plain_http(
    client: TestClient,
) -> None:
    response = await client.get("/login")
    header = cookie_header(response).lower()
    assert "httponly" in header and "samesite=lax" in header and "secure" not in header


async def test_the_cookie_is_secure_behind_a_trusted_tls_proxy(bot: Bot) -> None:
    bot.linli.settings = bot.linli.settings.model_copy(update={"trusted_proxies": "127.0.0.1"})
    async with TestClient(TestServer(create_app(bot.linli))) as proxied:
        response = await proxied.get("/login", headers={"X-Forwarded-Proto": "https"})
        assert "secure" in cookie_header(response).lower()
        plain = await proxied.get("/login")
        assert "secure" not in cookie_header(plain).lower()


async def test_forwarded_proto_from_an_untrusted_peer_is_ignored_unless_forced(bot: Bot) -> None:
    async with TestClient(TestServer(create_app(bot.linli))) as direct:
        response = await direct.get("/login", headers={"X-Forwarded-Proto": "https"})
        assert "secure" not in cookie_header(response).lower()
    bot.linli.settings = bot.linli.settings.model_copy(update={"cookie_secure": "on"})
    async with TestClient(TestServer(create_app(bot.linli))) as forced:
        assert "secure" in cookie_header(await forced.get("/login")).lower()


# ---- item 21: favicon; 403/404/500 in the console's frame --------------------------------


async def test_the_favicon_is_served_without_login(client: TestClient) -> None:
    response = await client.get("/favicon.ico", allow_redirects=False)
    assert response.status == 200
    assert response.headers["Content-Type"].startswith("image/svg+xml")
    assert "<svg" in await response.text()
    page = await (await client.get("/login")).text()
    assert 'rel="icon"' in page


async def test_missing_and_refused_pages_have_the_frame_and_a_way_back(client: TestClient) -> None:
    assert await login(client) == 302
    response = await client.get("/no-such-page", headers={"Referer": "http://x/dashboard"})
    page = await response.text()
    assert response.status == 404
    assert 'class="menu"' in page and "没有找到" in page and "Not Found" not in page
    assert 'href="/"' in page
    missing = await client.get("/cases/999")
    assert missing.status == 404 and 'class="menu"' in await missing.text()
    forged = await client.post("/cases/1/progress", data={"csrf_token": "forged"})
    text = await forged.text()
    assert forged.status == 403 and 'class="menu"' in text and "请刷新页面" in text


async def test_the_way_back_never_leads_to_another_site(client: TestClient) -> None:
    """probe14: a browser reads "/\\evil.example" as "//evil.example"; the link is home then."""
    assert await login(client) == 302
    for referer in ("/\\evil.example/x", "http://other.example/cases"):
        page = await (await client.get("/no-such-page", headers={"Referer": referer})).text()
        assert "evil" not in page and "other.example" not in page
    page = await (await client.get("/no-such-page", headers={"Referer": "/cases?x=1"})).text()
    assert 'href="/cases?x=1"' in page


async def test_api_errors_are_json(client: TestClient) -> None:
    response = await client.get("/api/v1/nothing-here")
    assert response.status == 404
    body = await response.json()
    assert body["ok"] is False and body["error"]
    assert (await client.get("/api/v1/cases")).status == 401


async def test_a_crash_shows_the_frame_not_a_trace(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert await login(client) == 302

    def broken(*_args: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("bot.console.views_dashboard.console_stats.dashboard", broken)
    response = await client.get("/dashboard")
    text = await response.text()
    assert response.status == 500 and "出错了" in text and 'class="menu"' in text
    assert "boom" not in text and "Traceback" not in text


# ---- item 12: an upload over 4 MB gets a Chinese answer in the frame ---------------------


async def test_an_upload_over_four_megabytes_gets_a_chinese_page(client: TestClient) -> None:
    assert await login(client, "admin") == 302
    token = await csrf(client, "/roster")
    form = aiohttp.FormData()
    form.add_field("csrf_token", token)
    form.add_field(
        "file", io.BytesIO(b"x" * (5 << 20)), filename="big.csv", content_type="text/csv"
    )
    response = await client.post("/roster/import", data=form, headers={"Referer": "/roster"})
    text = await response.text()
    assert response.status == 413
    assert "文件太大" in text and "4 MB" in text and 'class="menu"' in text
    assert "Entity Too Large" not in text and 'href="/roster"' in text


# ---- item 13: admin-only actions ---------------------------------------------------------


def unbound_group_and_estate(bot: Bot) -> tuple[int, int]:
    with bot.linli.uow_factory() as uow:
        group = next(g for g in uow.groups.all() if g.topic == "兰亭5号楼新群")
        estate = uow.estates.by_key("lanting")
        assert group.id is not None and estate is not None and estate.id is not None
        return group.id, estate.id


@pytest.mark.parametrize("username", ["wangmin", "liujianhua"])
async def test_only_the_admin_binds_groups(client: TestClient, bot: Bot, username: str) -> None:
    await bot.say("大家好", group="兰亭5号楼新群")
    group_id, estate_id = unbound_group_and_estate(bot)
    assert await login(client, username) == 302
    page = await (await client.get("/groups")).text()
    assert "请管理员绑定" in page and f"/groups/{group_id}/bind" not in page
    token = await csrf(client)
    response = await client.post(
        f"/groups/{group_id}/bind", data={"estate": str(estate_id), "csrf_token": token}
    )
    text = await response.text()
    assert response.status == 403 and "只有管理员" in text and 'class="menu"' in text
    with bot.linli.uow_factory() as uow:
        group = uow.groups.get(group_id)
        assert group is not None and not group.bound


async def test_staff_cannot_rewrite_the_roster_but_the_admin_can(
    client: TestClient, bot: Bot
) -> None:
    csv = "姓名,小区,身份,党员类别\n王五,锦绣家园,党员,在职\n".encode()

    async def upload() -> aiohttp.ClientResponse:
        token = await csrf(client, "/roster")
        form = aiohttp.FormData()
        form.add_field("csrf_token", token)
        form.add_field("file", io.BytesIO(csv), filename="a.csv", content_type="text/csv")
        return await client.post("/roster/import", data=form)

    assert await login(client, "wangmin") == 302
    page = await (await client.get("/roster")).text()
    assert 'action="/roster/import"' not in page and "导出 Excel" in page
    refused = await upload()
    assert refused.status == 403 and "只有管理员" in await refused.text()
    with bot.linli.uow_factory() as uow:
        assert not any(a.action == "roster.import" for a in uow.staff.audit_log())
    await client.post("/logout", data={"csrf_token": await csrf(client)})
    assert await login(client, "admin") == 302
    assert (await upload()).status == 200


# ---- item 8: the simulator keeps to the secretary's 小区 ----------------------------------


async def say(client: TestClient, token: str, group: str | None, name: str, text: str) -> int:
    response = await client.post(
        "/simulator/say",
        json={"group": group or "", "name": name, "text": text},
        headers={"X-CSRF-Token": token},
    )
    return response.status


async def test_a_secretary_sees_only_their_estates_messages(client: TestClient, bot: Bot) -> None:
    await bot.say("3号楼电梯坏了")  # 兰亭
    await bot.say("2栋电梯坏了", group="锦绣2栋楼栋群", who="李大爷")  # 锦绣
    await bot.private("你好", who="张阿姨")  # a 兰亭 resident, privately
    assert await login(client, "huangguilan") == 302  # 锦绣家园's secretary
    feed = await (await client.get("/simulator/feed?after=0")).json()
    groups = {m["group"] for m in feed["messages"]}
    assert groups == {"锦绣2栋楼栋群"}
    assert feed["last"] == len(bot.transport.sent)
    page = await (await client.get("/simulator")).text()
    assert "锦绣2栋楼栋群" in page and "兰亭3号楼邻里群" not in page
    assert "陈秀英" not in page  # a 兰亭 楼栋党小组长 is not offered as a speaker
    await client.post("/logout", data={"csrf_token": await csrf(client)})
    assert await login(client, "wangmin") == 302  # community staff see everything
    feed = await (await client.get("/simulator/feed?after=0")).json()
    assert {"锦绣2栋楼栋群", "兰亭3号楼邻里群"} <= {m["group"] for m in feed["messages"]}


async def test_a_secretary_speaks_only_in_their_groups_as_their_people(
    client: TestClient, bot: Bot
) -> None:
    await bot.say("2栋电梯坏了", group="锦绣2栋楼栋群", who="李大爷")
    before = len(bot.transport.sent)
    assert await login(client, "huangguilan") == 302
    token = await csrf(client, "/simulator")
    # Another estate's group, as anyone.
    assert await say(client, token, "兰亭3号楼邻里群", "张阿姨", "3号楼电梯坏了") == 403
    # Their own group, as another estate's secretary or as community staff.
    assert await say(client, token, "锦绣2栋楼栋群", "刘建华", "派单 E0001 马永红") == 403
    assert await say(client, token, "锦绣2栋楼栋群", "王敏", "群发 兰亭 停水") == 403
    assert await say(client, token, None, "陈秀英", "我的诉求") == 403  # a 兰亭 member
    await bot.linli.runtime.deliver_pending()
    assert len(bot.transport.sent) == before  # none of it reached the bot
    # Their own group, as a resident or as themselves: fine.
    # (a name nobody in the demo community has: a new resident of this group)
    assert await say(client, token, "锦绣2栋楼栋群", "小郑", "楼道灯坏了") == 200
    assert await say(client, token, "锦绣2栋楼栋群", "黄桂兰", "收到") == 200


# ---- item 12: the small ones -------------------------------------------------------------


async def test_bidi_controls_are_neutralised_on_every_page(client: TestClient, bot: Bot) -> None:
    await bot.say("3号楼电梯坏了\u202egnp.exe\u2066", who="张\u202e阿姨")
    assert await login(client) == 302
    for path in ("/", "/cases/1", "/dashboard", "/roster"):
        page = await (await client.get(path)).text()
        assert not any(c in page for c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    detail = await (await client.get("/cases/1")).text()
    assert "3号楼电梯坏了gnp.exe" in detail  # the words themselves stay
    feed = await (await client.get("/simulator/feed?after=0")).json()
    assert feed["messages"] and not any("\u202e" in m["text"] for m in feed["messages"])
    with bot.linli.uow_factory() as uow:  # nothing a resident said is lost
        case = uow.cases.get(1)
        assert case is not None and "\u202e" in case.summary
