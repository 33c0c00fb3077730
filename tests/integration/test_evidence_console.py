"""Evidence on the console: thumbnails on the case page and timeline, the file route's access
rules and headers, the case export's links, and the chat simulator sending a photo."""

from __future__ import annotations

import io
import re
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from aiohttp import FormData
from aiohttp.test_utils import TestClient, TestServer
from openpyxl import load_workbook
from PIL import Image

from bot.console.app import create_app
from bot.domain.messages import MessageType
from tests.conftest import Bot
from tests.evidence_files import has_gps, jpeg_with_gps, silk_voice
from tests.integration.test_console import csrf, login


@pytest.fixture
async def client(bot: Bot) -> AsyncIterator[TestClient]:
    async with TestClient(TestServer(create_app(bot.linli))) as client:
        yield client


async def report_with_photo(bot: Bot) -> None:
    await bot.say("3号楼电梯坏了")
    bot.clock.advance(timedelta(minutes=1))
    await bot.say("", type=MessageType.IMAGE, media=jpeg_with_gps())
    await bot.say("", type=MessageType.VOICE, media=silk_voice())


async def test_case_page_shows_thumbnails_and_serves_the_file(client: TestClient, bot: Bot) -> None:
    await report_with_photo(bot)
    assert await login(client, "liujianhua") == 302  # 兰亭's secretary
    page = await (await client.get("/cases/1")).text()
    assert "照片与语音（2）" in page
    assert page.count('src="/cases/1/evidence/1/thumb"') == 2  # the list and the timeline
    assert 'href="/cases/1/evidence/2"' in page and "语音" in page

    photo = await client.get("/cases/1/evidence/1")
    assert photo.status == 200 and photo.headers["Content-Type"] == "image/jpeg"
    assert photo.headers["X-Content-Type-Options"] == "nosniff"
    assert not has_gps(await photo.read())
    thumb = await client.get("/cases/1/evidence/1/thumb")
    assert thumb.headers["Content-Type"] == "image/jpeg"
    with Image.open(io.BytesIO(await thumb.read())) as image:
        assert max(image.size) <= 240
    voice = await client.get("/cases/1/evidence/2")
    assert voice.headers["Content-Type"] == "audio/silk"
    assert (await client.get("/cases/1/evidence/2/thumb")).status == 404


async def test_a_secretary_of_another_estate_cannot_open_the_file(
    client: TestClient, bot: Bot
) -> None:
    await report_with_photo(bot)
    assert await login(client, "huangguilan") == 302  # 锦绣's secretary
    assert (await client.get("/cases/1")).status == 404
    assert (await client.get("/cases/1/evidence/1")).status == 404
    assert (await client.get("/cases/1/evidence/1/thumb")).status == 404


async def test_no_way_around_the_case_or_out_of_the_folder(client: TestClient, bot: Bot) -> None:
    await report_with_photo(bot)
    await bot.say("4号楼楼道灯坏了", who="钱阿姨", group="兰亭4号楼邻里群")
    assert await login(client) == 302
    assert (await client.get("/cases/2/evidence/1")).status == 404  # not that case's file
    for path in (
        "/cases/1/evidence/..%2F..%2Flinli.db",
        "/cases/1/evidence/../../linli.db",
        "/cases/1/evidence/-1",
        "/cases/1/evidence/99",
    ):
        response = await client.get(path)
        assert response.status == 404, path
        assert b"SQLite" not in await response.read()


async def test_the_case_export_links_the_files(client: TestClient, bot: Bot) -> None:
    await report_with_photo(bot)
    assert await login(client) == 302
    response = await client.get("/cases.xlsx")
    sheet = load_workbook(io.BytesIO(await response.read())).active
    rows = list(sheet.iter_rows(values_only=True))
    column = list(rows[0]).index("照片与语音")
    links = str(rows[1][column]).splitlines()
    assert [re.sub(r"^https?://[^/]+", "", link) for link in links] == [
        "/cases/1/evidence/1",
        "/cases/1/evidence/2",
    ]


async def test_the_chat_simulator_sends_a_photo(client: TestClient, bot: Bot) -> None:
    assert await login(client) == 302
    token = await csrf(client, "/simulator")
    said = await client.post(
        "/simulator/say",
        json={"name": "张阿姨", "group": "兰亭3号楼邻里群", "text": "3号楼电梯坏了"},
        headers={"X-CSRF-Token": token},
    )
    assert said.status == 200
    form = FormData()
    form.add_field("name", "张阿姨")
    form.add_field("group", "兰亭3号楼邻里群")
    form.add_field("file", jpeg_with_gps(), filename="IMG_0001.jpg", content_type="image/jpeg")
    sent = await client.post("/simulator/media", data=form, headers={"X-CSRF-Token": token})
    assert sent.status == 200, await sent.text()
    with bot.linli.uow_factory() as uow:
        [kept] = uow.evidence.for_case(1)
    assert kept.kind == "photo"
    # Without the token the upload is refused like any other form.
    refused = await client.post("/simulator/media", data=FormData({"name": "张阿姨"}))
    assert refused.status == 403


async def test_a_secretary_sends_photos_only_within_her_estate(
    client: TestClient, bot: Bot
) -> None:
    assert await login(client, "huangguilan") == 302  # 锦绣家园's secretary
    token = await csrf(client, "/simulator")
    with bot.linli.uow_factory() as uow:
        before = uow.messages.count()
    form = FormData()
    form.add_field("name", "张阿姨")
    form.add_field("group", "兰亭3号楼邻里群")
    form.add_field("file", jpeg_with_gps(), filename="IMG_0002.jpg", content_type="image/jpeg")
    sent = await client.post("/simulator/media", data=form, headers={"X-CSRF-Token": token})
    assert sent.status == 403
    with bot.linli.uow_factory() as uow:
        assert uow.messages.count() == before  # nothing reached the bot
