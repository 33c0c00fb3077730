"""The JSON API: token auth, the same operations as the pages, 小区 scoping, and a fuzz run of
schemathesis over the served OpenAPI document (no 500 on any generated request)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.console.app import create_app
from bot.services.review.hold import hold
from tests.api.conftest import JINXIU_TOKEN, STAFF_TOKEN
from tests.conftest import Bot

STAFF = {"Authorization": f"Bearer {STAFF_TOKEN}"}
JINXIU = {"Authorization": f"Bearer {JINXIU_TOKEN}"}


@pytest.fixture
async def client(api_bot: Bot) -> AsyncIterator[TestClient]:
    async with TestClient(TestServer(create_app(api_bot.linli))) as client:
        yield client


async def test_tokens_are_required(client: TestClient) -> None:
    assert (await client.get("/api/v1/cases")).status == 401
    bad = await client.get("/api/v1/cases", headers={"Authorization": "Bearer nope"})
    assert bad.status == 401 and (await bad.json())["ok"] is False
    spec = await (await client.get("/api/openapi.json")).json()
    assert spec["openapi"].startswith("3.") and "/api/v1/cases/{code}/dispatch" in spec["paths"]


async def test_dispatch_through_the_api_reaches_the_group(client: TestClient, api_bot: Bot) -> None:
    await api_bot.say("3号楼电梯坏了")
    listed = await (await client.get("/api/v1/cases?status=open", headers=STAFF)).json()
    assert [c["code"] for c in listed["cases"]] == ["E0001"]
    case = (await (await client.get("/api/v1/cases/E0001", headers=STAFF)).json())["case"]
    sun = next(m for m in case["members"] if m["name"] == "孙志明")
    response = await client.post(
        "/api/v1/cases/E0001/dispatch", json={"member_id": sun["id"]}, headers=STAFF
    )
    assert response.status == 200 and (await response.json())["status"] == "responded"
    await api_bot.linli.runtime.deliver_pending()
    assert any("已安排党员 孙志明 承办" in s.text for s in api_bot.new())
    with api_bot.linli.uow_factory() as uow:
        assert any(e.actor == "api:网格系统" for e in uow.staff.audit_log())
    again = await client.post(
        "/api/v1/cases/E0001/dispatch", json={"member_id": sun["id"]}, headers=STAFF
    )
    assert again.status == 409


async def test_a_secretary_token_sees_one_estate(client: TestClient, api_bot: Bot) -> None:
    await api_bot.say("3号楼电梯坏了")  # 兰亭
    assert (await client.get("/api/v1/cases/E0001", headers=JINXIU)).status == 404
    response = await client.post(
        "/api/v1/cases/E0001/resolve", json={"text": "好了"}, headers=JINXIU
    )
    assert response.status == 404
    listed = await (await client.get("/api/v1/cases", headers=JINXIU)).json()
    assert listed["cases"] == []


async def test_broadcast_and_activity_through_the_api(client: TestClient, api_bot: Bot) -> None:
    response = await client.post(
        "/api/v1/broadcasts",
        json={"targets": ["兰亭小区"], "text": "明天停水", "confirm": True},
        headers=STAFF,
    )
    body = await response.json()
    assert response.status == 201 and body["broadcast"]["groups"] == 5
    await api_bot.linli.runtime.deliver_pending()
    progress = await (await client.get("/api/v1/broadcasts/1", headers=STAFF)).json()
    assert progress["broadcast"]["sent"] == 5
    response = await client.post(
        "/api/v1/activities",
        json={
            "title": "反诈讲座",
            "starts_at": "2026-12-10T14:00",
            "ends_at": "2026-12-10T15:30",
            "venue": "dangqun",
        },
        headers=STAFF,
    )
    assert response.status == 201
    listed = await (await client.get("/api/v1/activities?month=2026-12", headers=STAFF)).json()
    assert [a["title"] for a in listed["activities"]] == ["反诈讲座"]
    dash = await (await client.get("/api/v1/dashboard", headers=STAFF)).json()
    assert dash["ok"] and dash["opened"] == 0


async def test_schemathesis_finds_no_server_error(api_bot: Bot) -> None:
    """Every operation of the served document, positive and negative data, bounded examples."""
    import schemathesis
    from hypothesis import HealthCheck, given, settings
    from schemathesis import GenerationMode

    await api_bot.say("3号楼电梯坏了")  # something for the case operations to find
    with api_bot.linli.uow_factory() as uow:  # and held messages for the 待确认 operations
        [person] = uow.people.by_display_name("张阿姨")
        for n in range(3):
            hold(
                uow,
                account="default",
                message_key=f"fuzz-{n}",
                estate_id=1,
                sender_id=person.id or 0,
                text="楼道里好像有股怪味",
                received_at=api_bot.clock.now(),
                group_id=None,
                group_building_id=None,
                kind="issue",
                category=None,
                urgent=False,
                building=None,
                unit=None,
                room=None,
            )
        uow.commit()
    server = TestServer(create_app(api_bot.linli), host="127.0.0.1")
    await server.start_server()
    try:
        base = str(server.make_url("")).rstrip("/")

        def fuzz() -> list[str]:
            import requests

            document = requests.get(f"{base}/api/openapi.json", timeout=10).json()
            schema = schemathesis.openapi.from_dict(document)
            problems: list[str] = []
            for result in schema.get_all_operations():
                operation = result.ok()
                for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

                    @settings(
                        max_examples=12,
                        deadline=None,
                        database=None,
                        derandomize=True,
                        suppress_health_check=list(HealthCheck),
                    )
                    @given(case=operation.as_strategy(generation_mode=mode))
                    def run(case: schemathesis.Case) -> None:
                        response = case.call(base_url=base, headers=STAFF, timeout=10)
                        if response.status_code >= 500:
                            problems.append(
                                f"{case.method} {case.formatted_path} -> {response.status_code}"
                            )

                    run()
            return problems

        problems = await asyncio.to_thread(fuzz)
    finally:
        await server.close()
    assert problems == []
