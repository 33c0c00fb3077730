"""帮办代办 in the console on SQLite and PostgreSQL: the page, counter/phone entry offered to the
team, a secretary's own 小区 only, CSRF and audit, and bad input that changes nothing."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.console.app import create_app
from bot.domain.helpdesk import Channel, Status
from bot.domain.messages import MessageType
from tests.conftest import Bot
from tests.evidence_files import has_gps, jpeg_with_gps
from tests.integration.test_console_areas import audit_actions, csrf, login, post


@pytest.fixture
async def client(bot: Bot) -> AsyncIterator[TestClient]:
    async with TestClient(TestServer(create_app(bot.linli))) as client:
        yield client


def estate_id(bot: Bot, key: str) -> str:
    with bot.linli.uow_factory() as uow:
        estate = uow.estates.by_key(key)
        assert estate is not None
        return str(estate.id)


def building_id(bot: Bot, key: str, number: str) -> str:
    with bot.linli.uow_factory() as uow:
        building = uow.estates.building_by_number(int(estate_id(bot, key)), number)
        assert building is not None
        return str(building.id)


def requests_of(bot: Bot) -> list[object]:
    with bot.linli.uow_factory() as uow:
        return list(uow.helpdesk.find())


async def test_a_walk_in_entered_at_the_counter_reaches_the_team(
    client: TestClient, bot: Bot
) -> None:
    await login(client)
    page = await (await client.get("/helpdesk")).text()
    assert "代缴水电燃气费" in page and "兰亭小区党群服务站帮办代办点" in page
    assert "孙志明" in page and "0358-8201234" in page  # the team and the 点's phone
    page = await post(
        client,
        "/helpdesk/enter",
        {
            "service": "medicine",
            "estate": estate_id(bot, "lanting"),
            "building": building_id(bot, "lanting", "3"),
            "name": "刘大妈",
            "phone": "13812345678",
            "address": "3号楼4单元601",
            "wanted": "今天下午",
            "channel": "phone",
        },
    )
    assert "已登记帮办 H0001「代购药品」（刘大妈），已派给 1 位队员" in page
    assert "helpdesk.enter" in audit_actions(bot)
    [request] = requests_of(bot)
    assert request.status is Status.OPEN and request.channel is Channel.PHONE  # type: ignore[attr-defined]
    await bot.linli.runtime.deliver_pending()
    [offer] = bot.new()
    assert offer.to == "孙志明" and "13812345678" not in offer.text and "601" not in offer.text
    taken = await bot.private("接单 H0001", who="孙志明")
    assert any("13812345678" in s.text and "3号楼4单元601" in s.text for s in taken)
    page = await (await client.get("/helpdesk?status=claimed")).text()
    assert "H0001" in page and "刘大妈" in page and "电话" in page


async def test_a_named_resident_rates_after_a_counter_entry(client: TestClient, bot: Bot) -> None:
    await login(client)
    await post(
        client,
        "/helpdesk/enter",
        {
            "service": "utility",
            "estate": estate_id(bot, "lanting"),
            "resident": "张阿姨",
            "address": "3号楼2单元502",
            "channel": "counter",
        },
    )
    [request] = requests_of(bot)
    assert request.requester_id is not None and request.wanted == "尽快"  # type: ignore[attr-defined]
    await bot.private("接单 H0001", who="孙志明")
    sent = await bot.private("办结 H0001 已缴费", who="孙志明")
    assert any(s.to == "张阿姨" and "满意 H0001" in s.text for s in sent)
    page = await (await client.get("/helpdesk")).text()
    assert "受理事项 <b>1</b> 件 · 办结 <b>1</b> 件 · 服务 <b>1</b> 人次" in page
    dashboard = await (await client.get("/dashboard")).text()
    assert '<b id="stat-helpdesk">1 / 1</b>' in dashboard


async def test_a_secretary_sees_and_enters_for_their_own_estate_only(
    client: TestClient, bot: Bot
) -> None:
    await bot.say("代办 取快递", who="李叔")  # a 兰亭 draft
    await login(client, "huangguilan")  # 锦绣家园's 支部书记
    page = await (await client.get("/helpdesk")).text()
    assert "H0001" not in page and "孙志明" not in page and "罗静" in page
    page = await post(
        client,
        "/helpdesk/enter",
        {
            "service": "parcel",
            "estate": estate_id(bot, "lanting"),
            "name": "某人",
            "address": "1号楼",
        },
    )
    assert "请选择您负责的小区" in page
    assert len(requests_of(bot)) == 1


async def test_bad_input_and_a_forged_token_change_nothing(client: TestClient, bot: Bot) -> None:
    await login(client)
    lanting = estate_id(bot, "lanting")
    base = {"service": "parcel", "estate": lanting, "address": "1号楼101"}
    assert "请从清单里选择服务" in await post(
        client, "/helpdesk/enter", {**base, "service": "nope"}
    )
    assert "请填写上门地址" in await post(
        client, "/helpdesk/enter", {**base, "name": "甲", "address": ""}
    )
    assert "请选择居民，或填写来访人的姓名" in await post(client, "/helpdesk/enter", base)
    assert "名册里没有「无此人」" in await post(
        client, "/helpdesk/enter", {**base, "resident": "无此人"}
    )
    assert "电话号码只能写数字" in await post(
        client, "/helpdesk/enter", {**base, "name": "甲", "phone": "call me"}
    )
    token = await csrf(client, "/")
    assert token
    forged = await client.post(
        "/helpdesk/enter",
        data={**base, "name": "甲", "csrf_token": "forged"},
        allow_redirects=False,
    )
    assert forged.status == 403
    assert requests_of(bot) == [] and "helpdesk.enter" not in audit_actions(bot)


async def finished_with_a_photo(bot: Bot) -> None:
    """A volunteer finishes 帮办 H0001 and sends a photo as proof (as in convo7_help_photo)."""
    await bot.say("代办 代缴水电费")
    await bot.private("地址 3号楼2单元502 明天上午")
    await bot.private("接单 H0001", who="孙志明")
    bot.clock.advance(timedelta(hours=2))
    await bot.private("办结 H0001 1.5小时 水费电费都交好了", who="孙志明")
    bot.clock.advance(timedelta(minutes=1))
    await bot.say("", who="孙志明", group=None, type=MessageType.IMAGE, media=jpeg_with_gps())


async def test_the_proof_photo_shows_on_the_helpdesk_page(client: TestClient, bot: Bot) -> None:
    await finished_with_a_photo(bot)
    with bot.linli.uow_factory() as uow:
        [request] = [r for r in uow.helpdesk.find() if r.code == "H0001"]
        [photo] = uow.evidence.for_help(request.id)
    await login(client, "liujianhua")  # 兰亭's secretary
    page = await (await client.get("/helpdesk")).text()
    link = f"/helpdesk/{request.id}/evidence/{photo.id}"
    assert f'src="{link}/thumb"' in page
    full = await client.get(link)
    assert full.status == 200 and full.headers["Content-Type"] == "image/jpeg"
    assert full.headers["X-Content-Type-Options"] == "nosniff"
    assert not has_gps(await full.read())
    thumb = await client.get(f"{link}/thumb")
    assert thumb.status == 200 and thumb.headers["Content-Type"] == "image/jpeg"


async def test_a_proof_photo_stays_within_its_estate_and_request(
    client: TestClient, bot: Bot
) -> None:
    await finished_with_a_photo(bot)
    with bot.linli.uow_factory() as uow:
        [request] = [r for r in uow.helpdesk.find() if r.code == "H0001"]
        [photo] = uow.evidence.for_help(request.id)
    await login(client, "huangguilan")  # 锦绣's secretary
    link = f"/helpdesk/{request.id}/evidence/{photo.id}"
    page = await client.get("/helpdesk")
    assert page.status == 200 and link not in await page.text()
    assert (await client.get(link)).status == 404
    assert (await client.get(f"{link}/thumb")).status == 404


async def test_no_way_around_the_request_or_out_of_the_folder(client: TestClient, bot: Bot) -> None:
    await finished_with_a_photo(bot)
    with bot.linli.uow_factory() as uow:
        [request] = [r for r in uow.helpdesk.find() if r.code == "H0001"]
        [photo] = uow.evidence.for_help(request.id)
    await login(client)
    assert (await client.get(f"/helpdesk/{request.id}/evidence/{photo.id}")).status == 200
    for path in (
        f"/helpdesk/{request.id + 1}/evidence/{photo.id}",  # no such request
        f"/cases/1/evidence/{photo.id}",  # a 帮办's file is not a case's
        f"/helpdesk/{request.id}/evidence/..%2F..%2Flinli.db",
        f"/helpdesk/{request.id}/evidence/-1",
        f"/helpdesk/x/evidence/{photo.id}",
    ):
        response = await client.get(path)
        assert response.status == 404, path
        assert b"SQLite" not in await response.read()
