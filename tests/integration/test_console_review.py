"""The 待确认 tab over HTTP: CSRF like every form, 小区 scoping, decisions, 改类别."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.config import CommunityConfig
from bot.console.app import create_app
from bot.ports import Classifier
from tests.conftest import Bot, running_bot
from tests.integration.review_support import UnsureClassifier
from tests.integration.test_console import csrf, login


@pytest.fixture
async def held(
    sqlite_url: str, tmp_path: Path, demo_config: CommunityConfig, classifier: Classifier
) -> AsyncIterator[tuple[Bot, TestClient]]:
    async with running_bot(sqlite_url, tmp_path, demo_config, UnsureClassifier(classifier)) as bot:
        await bot.say("3号楼楼道里好像有股怪味")
        await bot.say("锦绣2栋好像停水了", who="赵大哥", group="锦绣2栋楼栋群")
        async with TestClient(TestServer(create_app(bot.linli))) as client:
            yield bot, client


async def test_the_tab_lists_and_decides_with_csrf(held: tuple[Bot, TestClient]) -> None:
    bot, client = held
    assert await login(client, "huangguilan") == 302  # 锦绣's secretary
    page = await (await client.get("/review")).text()
    assert "Q0002" in page and "锦绣2栋好像停水了" in page and "Q0001" not in page
    token = await csrf(client, "/review")
    # Another 小区's message: 404, as if it did not exist; nothing decided.
    other = await client.post(
        "/review/1/convert", data={"csrf_token": token, "category": "sanitation"}
    )
    assert other.status == 404
    forged = await client.post("/review/2/dismiss", data={"csrf_token": "forged"})
    assert forged.status == 403
    bad = await client.post(
        "/review/2/convert",
        data={"csrf_token": token, "category": "utilities", "room": "五楼<b>"},
        allow_redirects=False,
    )
    assert bad.status == 303
    page = await (await client.get("/review")).text()
    assert "房号请只写数字或字母" in page
    done = await client.post(
        "/review/2/convert",
        data={"csrf_token": token, "category": "utilities", "building": "2号楼"},
        allow_redirects=False,
    )
    assert done.status == 303 and done.headers["Location"] == "/review"
    page = await (await client.get("/review")).text()
    assert "已把 Q0002 转为诉求 E0001" in page
    again = await client.post("/review/2/dismiss", data={"csrf_token": token})
    assert "Q0002 已由 黄桂兰 转为诉求 E0001，不用再处理。" in await again.text()
    assert (await client.post("/review/abc/dismiss", data={"csrf_token": token})).status == 404
    with bot.linli.uow_factory() as uow:
        case = uow.cases.get(1)
        assert case is not None and case.building == "2" and case.category == "utilities"
        item = uow.review.get(1)
        assert item is not None and item.status.value == "pending"
        decisions = [e for e in uow.staff.audit_log() if e.action.startswith("review.")]
        assert [(e.actor, e.action, e.target) for e in decisions] == [
            ("huangguilan", "review.convert", "Q0002")
        ]


async def test_change_category_on_the_case_page(held: tuple[Bot, TestClient]) -> None:
    bot, client = held
    await bot.say("3号楼电梯坏了", who="李大爷")
    await bot.say("4号楼好像漏水了", who="钱阿姨", group="兰亭4号楼邻里群")
    assert await login(client) == 302
    everything = await (await client.get("/review")).text()
    assert all(code in everything for code in ("Q0001", "Q0002", "Q0003"))
    fourth = await (await client.get("/review?building=4")).text()
    assert "Q0003" in fourth and "Q0001" not in fourth and "Q0002" not in fourth
    page = await (await client.get("/cases/1")).text()
    assert 'action="/cases/1/category"' in page and "改类别" in page
    token = await csrf(client, "/cases/1")
    wrong = {"csrf_token": token, "category": "nonsense"}
    assert "请选择诉求类别" in await (await client.post("/cases/1/category", data=wrong)).text()
    right = {"csrf_token": token, "category": "facilities"}
    page = await (await client.post("/cases/1/category", data=right)).text()
    assert "已由「电梯」改为「公共设施」" in page and "更改类别" in page
    assert (await client.post("/cases/99/category", data={"csrf_token": token})).status == 404
