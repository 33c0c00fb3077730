"""Keyset paging of the long lists, on SQLite and PostgreSQL: the API's optional `limit` and
cursor (`before` for cases and 待确认, `after` for the oldest-first ledger) walk the same rows
as the unpaged answer, which keeps its old shape; and the console's 待确认 tab pages through
older items with the 楼栋 filter applied before the page is cut."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.config import ApiTokenConfig, CommunityConfig, ConsoleConfig
from bot.console import views_review
from bot.console.app import create_app
from bot.domain.cases import Case, CaseStatus
from bot.domain.points import LedgerEntry, RuleKind
from bot.ports import Classifier
from bot.services.review.hold import hold
from tests.api.conftest import STAFF_TOKEN
from tests.conftest import Bot, running_bot
from tests.integration.test_console import login

STAFF = {"Authorization": f"Bearer {STAFF_TOKEN}"}
N = 7


@pytest.fixture
async def paged(
    db_url: str, tmp_path: Path, demo_config: CommunityConfig, classifier: Classifier
) -> AsyncIterator[tuple[Bot, TestClient]]:
    config = demo_config.model_copy(
        update={
            "console": ConsoleConfig(api_tokens=[ApiTokenConfig(name="网格", token=STAFF_TOKEN)])
        }
    )
    async with running_bot(db_url, tmp_path, config, classifier) as bot:
        now = bot.clock.now()
        await bot.say("大家好")  # 张阿姨 becomes known
        with bot.linli.uow_factory() as uow:
            [person] = uow.people.by_display_name("张阿姨")
            assert person.id is not None
            buildings = {b.number: b.id for b in uow.estates.buildings(1)}
            for n in range(N):
                uow.cases.add(
                    Case(
                        estate_id=1,
                        category="elevator",
                        summary=f"电梯{n}",
                        reporter_id=person.id,
                        opened_at=now - timedelta(hours=n),
                        status=CaseStatus.ACCEPTED,
                    )
                )
                hold(
                    uow,
                    account="default",
                    message_key=f"page-{n}",
                    estate_id=1,
                    sender_id=person.id,
                    text=f"楼道里有股怪味{n}",
                    received_at=now - timedelta(minutes=n),
                    group_id=None,
                    group_building_id=buildings["3"] if n % 2 else None,
                    kind="issue",
                    category=None,
                    urgent=False,
                    building=None,
                    unit=None,
                    room=None,
                )
                # Two entries at the same moment: the ledger's cursor orders by (time, id).
                uow.points.add(
                    LedgerEntry(
                        person_id=person.id,
                        estate_id=1,
                        rule="志愿服务",
                        kind=RuleKind.POSITIVE,
                        points=n + 1,
                        at=now - timedelta(days=n // 2),
                    )
                )
            uow.commit()
        async with TestClient(TestServer(create_app(bot.linli))) as client:
            yield bot, client


async def walk(client: TestClient, path: str, key: str, cursor: str) -> list[Any]:
    """Every page of 3 from the first on; the unpaged answer has no `next`."""
    whole = await (await client.get(path, headers=STAFF)).json()
    assert "next" not in whole and len(whole[key]) >= N
    seen: list[Any] = []
    url = f"{path}{'&' if '?' in path else '?'}limit=3"
    while True:
        page = await (await client.get(url, headers=STAFF)).json()
        assert len(page[key]) <= 3
        seen += page[key]
        if page["next"] is None:
            break
        url = f"{path}{'&' if '?' in path else '?'}limit=3&{cursor}={page['next']}"
    assert seen == whole[key]
    return seen


async def test_api_lists_page_through_the_same_rows(
    paged: tuple[Bot, TestClient],
) -> None:
    _bot, client = paged
    cases = await walk(client, "/api/v1/cases", "cases", "before")
    assert len(cases) == N
    items = await walk(client, "/api/v1/review", "items", "before")
    assert len(items) == N
    entries = await walk(client, "/api/v1/points/ledger", "entries", "after")
    assert [e["at"] for e in entries] == sorted(e["at"] for e in entries)
    for bad in ("limit=0", "limit=501", "before=x", "before=0", "limit=2.5"):
        response = await client.get(f"/api/v1/cases?{bad}", headers=STAFF)
        assert response.status == 400, bad
    assert (await client.get("/api/v1/points/ledger?limit=1001", headers=STAFF)).status == 400


async def test_review_tab_pages_with_the_building_filter_first(
    paged: tuple[Bot, TestClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    _bot, client = paged
    monkeypatch.setattr(views_review, "PAGE", 2)
    assert await login(client, "admin") == 302

    async def codes(path: str) -> tuple[list[str], str | None]:
        page = await (await client.get(path)).text()
        more = re.search(r'<p class="more"><a href="([^"]+)"', page)
        found = re.findall(r'<tr id="(Q\d+)"', page)
        return found, more[1].replace("&amp;", "&") if more else None

    everything: list[str] = []
    path: str | None = "/review"
    while path:
        found, path = await codes(path)
        assert len(found) <= 2
        everything += found
    assert len(everything) == N and everything == sorted(everything, reverse=True)
    in_three: list[str] = []
    path = "/review?building=3"
    while path:
        found, path = await codes(path)
        in_three += found
    assert len(in_three) == N // 2 and set(in_three) < set(everything)
