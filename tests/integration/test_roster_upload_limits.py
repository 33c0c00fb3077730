"""A roster upload cannot take the process down (issue 12, item 6): an .xlsx that would
unpack huge is refused from the zip's directory before any parsing, rows and columns are
capped, and the sheet is parsed on a thread of its own while the console and the bot answer."""

from __future__ import annotations

import asyncio
import io
import threading
import tracemalloc
import zipfile
from collections.abc import AsyncIterator

import pytest
from aiohttp import FormData
from aiohttp.test_utils import TestClient, TestServer
from openpyxl import Workbook

from bot.console.app import create_app
from bot.services import roster_import
from bot.services.roster_import import MAX_COLUMNS, MAX_ROWS, RosterFileError, read_table
from tests.conftest import Bot
from tests.integration.test_console_areas import csrf, login

HEADER = list(roster_import.TEMPLATE_HEADER)


def sheet_bytes(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def bomb(unpacked: int) -> bytes:
    """A real roster whose shared strings are padded to `unpacked` bytes of one repeated
    string: a few tens of KB on the wire, like the 1.9 MB → 1.9 GB file of the issue."""
    source = zipfile.ZipFile(io.BytesIO(sheet_bytes([HEADER])))
    out = io.BytesIO()
    item = b"<si><t>" + b"A" * 1000 + b"</t></si>"
    count = unpacked // len(item)
    strings = (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        + f'count="{count}" uniqueCount="{count}">'.encode()
        + item * count
        + b"</sst>"
    )
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != "xl/sharedStrings.xml":
                target.writestr(info, source.read(info))
        target.writestr("xl/sharedStrings.xml", strings)
    return out.getvalue()


def test_a_zip_bomb_is_refused_before_parsing() -> None:
    data = bomb(25 * 1024 * 1024)
    assert len(data) < roster_import.MAX_BYTES
    tracemalloc.start()
    try:
        with pytest.raises(RosterFileError, match="解压后太大"):
            read_table("名册.xlsx", data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 5 * 1024 * 1024  # nothing was unpacked


def test_a_small_part_that_packs_too_well_is_refused() -> None:
    data = bomb(3 * 1024 * 1024)  # under every size cap, but over 100:1
    with pytest.raises(RosterFileError, match="解压后太大"):
        read_table("名册.xlsx", data)


def test_rows_and_columns_are_capped() -> None:
    wide = sheet_bytes([[*HEADER, *[f"x{i}" for i in range(200)]], ["张三"] * 300])
    table = read_table("名册.xlsx", wide)
    assert max(len(row) for row in table) == MAX_COLUMNS
    long = sheet_bytes([HEADER, *[["张三"]] * (MAX_ROWS + 50)])
    assert len(read_table("名册.xlsx", long)) == MAX_ROWS + 2  # enough to say "too many"
    csv = ("姓名,小区,身份\n" + "张三,兰亭,居民\n" * (MAX_ROWS + 50)).encode()
    assert len(read_table("名册.csv", csv)) == MAX_ROWS + 2


@pytest.fixture
async def client(sqlite_bot: Bot) -> AsyncIterator[TestClient]:
    async with TestClient(TestServer(create_app(sqlite_bot.linli))) as client:
        await login(client, "admin")  # roster import is the admin's or a secretary's
        yield client


async def upload(client: TestClient, data: bytes, filename: str = "名册.xlsx") -> str:
    form = FormData()
    form.add_field("csrf_token", await csrf(client, "/roster"))
    form.add_field("file", io.BytesIO(data), filename=filename)
    response = await client.post("/roster/import", data=form)
    assert response.status == 400
    return await response.text()


async def test_the_console_refuses_a_bomb_in_chinese(client: TestClient) -> None:
    page = await upload(client, bomb(25 * 1024 * 1024))
    assert "解压后太大" in page and "Traceback" not in page


async def test_console_and_bot_answer_while_an_upload_is_checked(
    client: TestClient, sqlite_bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check is held open on its thread; meanwhile a page loads and the bot replies."""
    started, release = threading.Event(), threading.Event()
    real = roster_import.read_table

    def held(filename: str, data: bytes) -> list[list[str]]:
        started.set()
        release.wait(30)
        return real(filename, data)

    monkeypatch.setattr(roster_import, "read_table", held)
    pending = asyncio.create_task(upload(client, bomb(25 * 1024 * 1024)))
    try:
        assert await asyncio.to_thread(started.wait, 30)
        page = await asyncio.wait_for(client.get("/roster"), 20)
        assert page.status == 200 and "名册" in await page.text()
        replies = await asyncio.wait_for(sqlite_bot.say("我的积分", who="张阿姨"), 20)
        assert replies
        assert not pending.done()  # the upload is still being checked
    finally:
        release.set()
    assert "解压后太大" in await pending
