"""待确认 through the JSON API: listing, 转为诉求 / 不是诉求, 改类别, 小区 scoping, bad input."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.config import ApiTokenConfig, CommunityConfig, ConsoleConfig
from bot.console.app import create_app
from bot.ports import Classifier
from tests.api.conftest import JINXIU_TOKEN, STAFF_TOKEN
from tests.conftest import Bot, running_bot
from tests.integration.review_support import UnsureClassifier

STAFF = {"Authorization": f"Bearer {STAFF_TOKEN}"}
JINXIU = {"Authorization": f"Bearer {JINXIU_TOKEN}"}


@pytest.fixture
async def review_api_bot(
    sqlite_url: str, tmp_path: Path, demo_config: CommunityConfig, classifier: Classifier
) -> AsyncIterator[Bot]:
    tokens = [
        ApiTokenConfig(name="网格系统", token=STAFF_TOKEN),
        ApiTokenConfig(name="锦绣台账", token=JINXIU_TOKEN, role="secretary", estate="jinxiu"),
    ]
    config = demo_config.model_copy(update={"console": ConsoleConfig(api_tokens=tokens)})
    async with running_bot(sqlite_url, tmp_path, config, UnsureClassifier(classifier)) as bot:
        yield bot


@pytest.fixture
async def client(review_api_bot: Bot) -> AsyncIterator[TestClient]:
    async with TestClient(TestServer(create_app(review_api_bot.linli))) as client:
        yield client


async def test_list_convert_and_dismiss(client: TestClient, review_api_bot: Bot) -> None:
    bot = review_api_bot
    await bot.say("3号楼楼道里好像有股怪味")
    await bot.say("锦绣2栋好像停水了", who="赵大哥", group="锦绣2栋楼栋群")
    listed = await (await client.get("/api/v1/review", headers=STAFF)).json()
    assert [i["code"] for i in listed["items"]] == ["Q0002", "Q0001"]
    first = listed["items"][1]
    assert first["group"] == "兰亭3号楼邻里群" and first["sender"] == "张阿姨"
    assert first["guess"]["building"] == "3" and first["status"] == "pending"
    # A secretary token sees and decides only its own 小区.
    mine = await (await client.get("/api/v1/review", headers=JINXIU)).json()
    assert [i["code"] for i in mine["items"]] == ["Q0002"]
    other = await client.post("/api/v1/review/Q0001/dismiss", headers=JINXIU)
    assert other.status == 404
    # Bad input: a 4xx with a reason, nothing decided.
    for body in ({}, {"category": "nonsense"}, {"category": "sanitation", "room": "5楼x"}):
        bad = await client.post("/api/v1/review/Q0001/convert", json=body, headers=STAFF)
        assert bad.status == 400, body
    assert (await client.post("/api/v1/review/Q0099/dismiss", headers=STAFF)).status == 404
    assert (await client.post("/api/v1/review/E0001/dismiss", headers=STAFF)).status == 404
    done = await client.post(
        "/api/v1/review/Q0001/convert",
        json={"category": "sanitation", "building": "3", "unit": "2"},
        headers=STAFF,
    )
    assert done.status == 200
    assert await done.json() == {
        "ok": True,
        "item": "Q0001",
        "status": "converted",
        "case": "E0001",
        "joined": False,
    }
    await bot.linli.runtime.deliver_pending()
    assert any(s.mentions == ("张阿姨",) and "E0001" in s.text for s in bot.new())
    twice = await client.post(
        "/api/v1/review/Q0001/convert", json={"category": "other"}, headers=STAFF
    )
    assert twice.status == 409
    assert "已由 网格系统 转为诉求 E0001" in (await twice.json())["error"]
    dismissed = await client.post("/api/v1/review/Q0002/dismiss", headers=JINXIU)
    assert dismissed.status == 200 and (await dismissed.json())["status"] == "dismissed"
    assert (await client.get("/api/v1/review?status=bogus", headers=STAFF)).status == 400
    done_list = await (await client.get("/api/v1/review?status=converted", headers=STAFF)).json()
    assert [(i["code"], i["case"]) for i in done_list["items"]] == [("Q0001", "E0001")]
    with bot.linli.uow_factory() as uow:
        actions = [(e.actor, e.action) for e in uow.staff.audit_log()]
        assert ("api:网格系统", "review.convert") in actions
        assert ("api:锦绣台账", "review.dismiss") in actions


async def test_change_a_case_category(client: TestClient, review_api_bot: Bot) -> None:
    bot = review_api_bot
    await bot.say("3号楼电梯坏了")
    response = await client.post(
        "/api/v1/cases/E0001/category", json={"category": "facilities"}, headers=STAFF
    )
    assert response.status == 200
    same = await client.post(
        "/api/v1/cases/E0001/category", json={"category": "facilities"}, headers=STAFF
    )
    assert same.status == 409 and "类别没有变化" in (await same.json())["error"]
    bad = await client.post("/api/v1/cases/E0001/category", json={"category": 3}, headers=STAFF)
    assert bad.status == 400
    hidden = await client.post(
        "/api/v1/cases/E0001/category", json={"category": "other"}, headers=JINXIU
    )
    assert hidden.status == 404
    with bot.linli.uow_factory() as uow:
        case = uow.cases.get(1)
        assert case is not None and case.category == "facilities"
        [label] = uow.review.corrections()
        assert label.corpus_line()["text"] == "3号楼电梯坏了"
        assert label.corpus_line()["category"] == "facilities"
