"""The console with two bot accounts on one database, over HTTP: the accounts page, the 群
page's owner, unreachable marks and the admin's change, a broadcast's per-account progress."""

from __future__ import annotations

import html
import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.config import CommunityConfig
from bot.console.app import create_app
from bot.domain.accounts import LinkState
from bot.ports import Classifier
from tests.conftest import Bot
from tests.integration.accounts_support import accounts_running

PASSWORD = "linli-demo"
G3 = "兰亭3号楼邻里群"


@pytest.fixture
async def pair(
    sqlite_url: str, tmp_path: Path, demo_config: CommunityConfig, classifier: Classifier
) -> AsyncIterator[list[Bot]]:
    async with accounts_running(sqlite_url, tmp_path, demo_config, classifier, ["a", "b"]) as bots:
        await bots[0].say("大家好")
        await bots[1].say("大家好")  # b sits in 兰亭3号楼邻里群 too
        await bots[1].say("大家好", group="锦绣1栋楼栋群")  # and owns this one
        yield bots


@pytest.fixture
async def client(pair: list[Bot]) -> AsyncIterator[TestClient]:
    # The console of process a: it shows every account's rows from the shared database.
    async with TestClient(TestServer(create_app(pair[0].linli))) as client:
        yield client


async def login(client: TestClient, username: str) -> None:
    page = await (await client.get("/login")).text()
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token
    response = await client.post(
        "/login",
        data={"username": username, "password": PASSWORD, "csrf_token": token[1], "next": "/"},
        allow_redirects=False,
    )
    assert response.status == 302


async def post(client: TestClient, path: str, data: dict[str, str]) -> tuple[int, str]:
    page = await (await client.get("/groups")).text()
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token
    response = await client.post(path, data={**data, "csrf_token": token[1]})
    return response.status, html.unescape(await response.text())


def group_id(bot: Bot, topic: str) -> int:
    with bot.linli.uow_factory() as uow:
        return next(g.id or 0 for g in uow.groups.all() if g.topic == topic)


async def test_staff_see_every_accounts_state_and_secretaries_do_not(
    client: TestClient, pair: list[Bot]
) -> None:
    a, _b = pair
    await a.linli.runtime.transport_status(False, "微信已登出（被踢下线）", LinkState.LOGGED_OUT)
    await login(client, "wangmin")
    page = html.unescape(await (await client.get("/accounts")).text())
    assert "机器人账号" in page and "<code>a</code>" in page and "<code>b</code>" in page
    assert "已登出" in page and "被踢下线" in page and "在线" in page
    assert "账号 a（已登出）负责的" in page  # the warning above the table
    groups = html.unescape(await (await client.get("/groups")).text())
    row = groups[groups.index(G3) : groups.index(G3) + 400]
    assert "暂时无法送达" in row and "也在群里：b" in row
    assert "改账号" not in groups  # staff see, only the admin changes
    await client.post("/logout", data={})
    client.session.cookie_jar.clear()
    await login(client, "liujianhua")
    refused = await client.get("/accounts")
    assert refused.status == 403
    assert 'href="/accounts"' not in await (await client.get("/")).text()


async def test_the_admin_moves_a_group_to_another_account(
    client: TestClient, pair: list[Bot]
) -> None:
    a, b = pair
    await login(client, "admin")
    gid = group_id(a, G3)
    status, page = await post(client, f"/groups/{gid}/account", {"account": "b"})
    assert status == 200 and f"已把「{G3}」改由账号 b 发送" in page
    [reply] = await b.say("3号楼电梯坏了")
    assert "E0001" in reply.text and a.new() == []
    status, page = await post(client, f"/groups/{gid}/account", {"account": "不存在"})
    assert "没有名为「不存在」的机器人账号" in page
    with a.linli.uow_factory() as uow:
        assert any(e.action == "group.account" for e in uow.staff.audit_log())


async def test_staff_cannot_move_a_group(client: TestClient, pair: list[Bot]) -> None:
    a, _ = pair
    await login(client, "wangmin")
    status, _page = await post(client, f"/groups/{group_id(a, G3)}/account", {"account": "b"})
    assert status == 403
    with a.linli.uow_factory() as uow:
        assert next(g for g in uow.groups.all() if g.topic == G3).account == "a"


async def test_a_broadcast_page_shows_each_accounts_share(
    client: TestClient, pair: list[Bot]
) -> None:
    a, _b = pair
    await a.private("通知 全部\n明天上午停水", who="王敏")
    await a.private("确认", who="王敏")
    await login(client, "wangmin")
    listing = await (await client.get("/broadcasts")).text()
    bid = re.search(r'href="/broadcasts/(\d+)"', listing)
    assert bid
    page = html.unescape(await (await client.get(f"/broadcasts/{bid[1]}")).text())
    table = page[page.index("per-account") : page.index("</table>", page.index("per-account"))]
    cells = re.findall(r"<td[^>]*>(.*?)</td>", table)
    # a's groups went out with the confirmation; b's one group waits for b's own sender.
    assert cells[:6] == ["<code>a</code>", "在线", "8", "0", "0", "8"]
    assert cells[6:] == ["<code>b</code>", "在线", "0", "1", "0", "1"]
