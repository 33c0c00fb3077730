"""吹哨 to a real loopback HTTP server: signed, idempotent, retried, visible when it fails;
and 部门报到 back through the console's JSON API."""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
from collections.abc import AsyncIterator, Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.config import CommunityConfig
from bot.console.app import create_app
from bot.domain.cases import CaseStatus, EventKind
from bot.domain.webhooks import DeliveryStatus, callback_fingerprint, signature, verify
from bot.ports import Classifier
from bot.services.sla import sweep_settings
from bot.services.webhooks import department_callback
from tests.conftest import Bot, running_bot
from tests.integration.cases_support import SECRET, TOKEN, advance, load, where, with_department

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass
class Department:
    """A department's system on 127.0.0.1 that records what it receives."""

    answer: int = 200
    hang: bool = False
    received: list[tuple[dict[str, str], bytes]] = field(default_factory=list)
    release: asyncio.Event = field(default_factory=asyncio.Event)

    async def handle(self, request: web.Request) -> web.Response:
        self.received.append((dict(request.headers), await request.read()))
        if self.hang:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.release.wait(), 5)
        return web.json_response({"ok": self.answer < 300}, status=self.answer)


@pytest.fixture
async def department() -> AsyncIterator[tuple[Department, str]]:
    state = Department()
    app = web.Application()
    app.router.add_post("/hook", state.handle)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    try:
        yield state, str(server.make_url("/hook"))
    finally:
        state.release.set()
        await server.close()


@pytest.fixture
async def whistling_bot(
    department: tuple[Department, str],
    db_url: str,
    tmp_path: Path,
    demo_config: CommunityConfig,
    classifier: Classifier,
) -> AsyncIterator[Bot]:
    config = with_department(demo_config, department[1], max_attempts=3, backoff_seconds=60)
    async with running_bot(db_url, tmp_path, config, classifier) as bot:
        yield bot


async def climb_to_the_top(bot: Bot) -> None:
    """A Monday 09:00 case nobody touches: after one working day every rung has been tried."""
    await bot.say("4号楼楼道灯坏了", group="兰亭4号楼邻里群", who="钱阿姨")
    await advance(bot, minutes=1)  # the notice goes out on time (a late one restarts the clock)
    await advance(bot, days=1)


def deliveries(bot: Bot) -> list[object]:
    with bot.linli.uow_factory() as uow:
        return list(uow.webhooks.for_case(1))


async def test_the_last_rung_posts_a_signed_case(
    whistling_bot: Bot, department: tuple[Department, str]
) -> None:
    bot, (state, _) = whistling_bot, department
    await climb_to_the_top(bot)
    [(headers, body)] = state.received
    timestamp = headers["X-Linli-Timestamp"]
    assert verify(SECRET, timestamp, body, headers["X-Linli-Signature"])
    assert headers["Idempotency-Key"] == "linli-E0001-jiedao-4"
    payload = json.loads(body)
    assert payload["case"] == "E0001" and payload["category"] == "facilities"
    assert "钱阿姨" not in body.decode()  # the department gets the case, not the resident
    [delivery] = deliveries(bot)
    assert delivery.status is DeliveryStatus.DELIVERED  # type: ignore[attr-defined]
    case, events = load(bot)
    kinds = [e.kind for e in events]
    # The day's jump slipped all four steps at once: one catch-up 督办 naming the top rung
    # (sched11), and the whistle still blows once.
    [escalated] = [e for e in events if e.kind == EventKind.ESCALATED]
    assert escalated.text.startswith(
        "响应、回复居民、协调解决、给出解决方案超时，升级至街道/职能部门"
    )
    assert EventKind.WHISTLED in kinds and case.escalation_level == 4
    assert EventKind.WEBHOOK_DELIVERED in kinds and case.department == "jiedao"
    await advance(bot, hours=2)
    assert len(state.received) == 1  # delivered once, never again


async def test_a_500_is_retried_with_backoff_then_shown_as_failed(
    whistling_bot: Bot, department: tuple[Department, str]
) -> None:
    bot, (state, _) = whistling_bot, department
    state.answer = 500
    await climb_to_the_top(bot)
    assert len(state.received) == 1
    assert await advance(bot, seconds=59) == [] and len(state.received) == 1
    await advance(bot, seconds=1)  # first backoff: 60 s
    assert len(state.received) == 2
    await advance(bot, seconds=119)
    assert len(state.received) == 2
    failed = await advance(bot, seconds=1)  # second backoff: 120 s; third attempt is the last
    assert len(state.received) == 3
    assert len({h["Idempotency-Key"] for h, _ in state.received}) == 1
    assert len({b for _, b in state.received}) == 1  # the same bytes every time
    [delivery] = deliveries(bot)
    assert delivery.status is DeliveryStatus.FAILED and delivery.last_status == 500  # type: ignore[attr-defined]
    assert where(failed) == ["private:王敏"] and "吹哨失败" in failed[0].text
    case, events = load(bot)
    assert case.status is CaseStatus.ACCEPTED  # the case keeps its state
    assert events[-1].kind == EventKind.WEBHOOK_FAILED and "HTTP 500" in events[-1].text
    await advance(bot, hours=3)
    assert len(state.received) == 3


async def test_an_endpoint_that_times_out_is_retried_then_failed(
    department: tuple[Department, str],
    db_url: str,
    tmp_path: Path,
    demo_config: CommunityConfig,
    classifier: Classifier,
) -> None:
    state, url = department
    state.hang = True
    config = with_department(demo_config, url, max_attempts=2, timeout_seconds=0.3)
    async with running_bot(db_url, tmp_path, config, classifier) as bot:
        await climb_to_the_top(bot)
        [delivery] = deliveries(bot)
        assert delivery.status is DeliveryStatus.PENDING  # type: ignore[attr-defined]
        assert "超时" in (delivery.last_error or "")  # type: ignore[attr-defined]
        await advance(bot, seconds=60)
        [delivery] = deliveries(bot)
        assert delivery.status is DeliveryStatus.FAILED and delivery.attempts == 2  # type: ignore[attr-defined]
        assert len(state.received) == 2
        assert load(bot)[0].status is CaseStatus.ACCEPTED


async def test_department_reports_back_through_the_console_api(
    whistling_bot: Bot, department: tuple[Department, str]
) -> None:
    bot = whistling_bot
    await climb_to_the_top(bot)
    async with TestClient(TestServer(create_app(bot.linli))) as client:
        path = "/api/department/cases/E0001"
        unauthorised = await client.post(path, json={"kind": "report"})
        assert unauthorised.status == 401
        wrong = await client.post(
            path, json={"kind": "report"}, headers={"Authorization": "Bearer nope"}
        )
        assert wrong.status == 401
        auth = {"Authorization": f"Bearer {TOKEN}", "Idempotency-Key": "report-1"}
        bad = await client.post(path, data="not json", headers=auth)
        assert bad.status == 400
        other = await client.post("/api/department/cases/E0099", json={}, headers=auth)
        assert other.status == 404
        ok = await client.post(path, json={"kind": "report", "text": "已派人到场"}, headers=auth)
        assert ok.status == 200 and (await ok.json())["case"] == "E0001"
        status = await client.get(path, headers=auth)
        assert (await status.json())["dept_reported_at"] is not None
    await bot.linli.runtime.deliver_pending()
    sent = bot.new()
    assert where(sent) == ["兰亭4号楼邻里群", "兰亭小区党员群"]
    assert "已报到" in sent[0].text and sent[0].mentions == ("钱阿姨",)
    case, events = load(bot)
    assert events[-1].kind == EventKind.DEPT_REPORTED and case.dept_reported_at is not None
    [status_reply] = await bot.say("进度 E0001", group="兰亭4号楼邻里群", who="钱阿姨")
    assert "部门报到" in status_reply.text and "督办" not in status_reply.text
    assert "吹哨" not in status_reply.text


# ---- issue 12 item 7: a department callback is applied once per Idempotency-Key ----------


def dept_events(bot: Bot) -> list[str]:
    kinds = (EventKind.DEPT_PROGRESS, EventKind.DEPT_REPORTED)
    return [e.text for e in load(bot)[1] if e.kind in kinds]


async def test_a_callback_without_an_idempotency_key_is_refused(
    whistling_bot: Bot, department: tuple[Department, str]
) -> None:
    bot = whistling_bot
    await climb_to_the_top(bot)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    async with TestClient(TestServer(create_app(bot.linli))) as client:
        path = "/api/department/cases/E0001"
        missing = await client.post(path, json={"kind": "progress", "text": "已到场"}, headers=auth)
        assert missing.status == 400
        error = (await missing.json())["error"]
        assert "Idempotency-Key" in error and "请在请求头" in error
        odd = {**auth, "Idempotency-Key": "键"}
        assert (await client.post(path, json={"kind": "report"}, headers=odd)).status == 400
    await bot.linli.runtime.deliver_pending()
    assert bot.new() == [] and dept_events(bot) == []


async def test_the_same_progress_three_times_is_applied_and_posted_once(
    whistling_bot: Bot, department: tuple[Department, str]
) -> None:
    bot = whistling_bot
    await climb_to_the_top(bot)
    headers = {"Authorization": f"Bearer {TOKEN}", "Idempotency-Key": "jiedao-7731"}
    news = {"kind": "progress", "text": "维修工明早九点到"}
    async with TestClient(TestServer(create_app(bot.linli))) as client:
        path = "/api/department/cases/E0001"
        answers = [await client.post(path, json=news, headers=headers) for _ in range(3)]
        assert [a.status for a in answers] == [200, 200, 200]
        bodies = [await a.json() for a in answers]
        assert bodies[0] == bodies[1] == bodies[2] and bodies[0]["case"] == "E0001"
        replayed = [a.headers.get("Idempotent-Replayed") for a in answers]
        assert replayed == [None, "true", "true"]
        other = {"kind": "progress", "text": "改到后天"}
        reused = await client.post(path, json=other, headers=headers)
        assert reused.status == 422 and "已用于另一条" in (await reused.json())["error"]
    await bot.linli.runtime.deliver_pending()
    sent = bot.new()
    assert where(sent) == ["兰亭4号楼邻里群", "兰亭小区党员群"]
    assert all("维修工明早九点到" in s.text for s in sent)
    assert dept_events(bot) == ["神堂沟街道城管科：维修工明早九点到"]


async def test_racing_copies_of_one_callback_apply_once(
    whistling_bot: Bot, department: tuple[Department, str]
) -> None:
    """Three copies at the same moment on three threads: the unique key lets one through."""
    bot = whistling_bot
    await climb_to_the_top(bot)
    linli = bot.linli
    settings = sweep_settings(linli.config, linli.settings.account)
    [dept] = settings.departments
    body = b'{"kind": "progress", "text": "\\u5df2\\u5230\\u573a"}'
    start = threading.Barrier(3)

    def apply() -> bool:
        start.wait(timeout=10)
        answer = department_callback(
            linli.uow_factory,
            dept,
            1,
            idempotency_key="race-1",
            fingerprint=callback_fingerprint("E0001", body),
            kind="progress",
            text="已到场",
            now=linli.clock.now(),
            account=linli.settings.account,
            policy=settings.policy,
        )
        assert answer.body["case"] == "E0001"
        return answer.replayed

    with ThreadPoolExecutor(max_workers=3) as pool:
        replayed = list(pool.map(lambda _: apply(), range(3)))
    assert sorted(replayed) == [False, True, True]
    assert dept_events(bot) == ["神堂沟街道城管科：已到场"]
    await linli.runtime.deliver_pending()
    assert where(bot.new()) == ["兰亭4号楼邻里群", "兰亭小区党员群"]


async def test_a_signed_callback_must_be_fresh(
    whistling_bot: Bot, department: tuple[Department, str]
) -> None:
    bot = whistling_bot
    await climb_to_the_top(bot)
    body = json.dumps({"kind": "report", "text": "已派人"}).encode()
    now = int(bot.clock.now().timestamp())

    def signed(at: int, key: str, secret: str = SECRET) -> dict[str, str]:
        return {
            "Authorization": f"Bearer {TOKEN}",
            "Idempotency-Key": key,
            "Content-Type": "application/json",
            "X-Linli-Timestamp": str(at),
            "X-Linli-Signature": signature(secret, str(at), body),
        }

    async with TestClient(TestServer(create_app(bot.linli))) as client:
        path = "/api/department/cases/E0001"
        stale = await client.post(path, data=body, headers=signed(now - 301, "k1"))
        assert stale.status == 401 and "stale" in (await stale.json())["error"]
        forged = await client.post(path, data=body, headers=signed(now, "k2", secret="x" * 30))
        assert forged.status == 401
        assert dept_events(bot) == []
        fresh = await client.post(path, data=body, headers=signed(now - 299, "k3"))
        assert fresh.status == 200
    assert dept_events(bot) == ["神堂沟街道城管科已报到：已派人"]
