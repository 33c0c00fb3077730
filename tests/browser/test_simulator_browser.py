"""The chat simulator's page in a real browser (hardening 5): it shows the newest 200 lines,
as the server keeps, and a page left open across a restart of `linli run` shows what the
restarted bot sends instead of waiting for the count to catch up with its old one."""

from __future__ import annotations

from typing import Any

import pytest

from bot.domain.messages import Outbound
from bot.transports.simulator import FEED_KEEP
from tests.browser.test_console_browser import DESKTOP, browser, chromium, console  # noqa: F401
from tests.conftest import Bot

pytestmark = pytest.mark.browser


async def deliver(bot: Bot, texts: list[str]) -> None:
    room = bot.directory.room("兰亭3号楼邻里群")
    for n, text in enumerate(texts, start=1):
        await bot.transport.send(
            Outbound(outbox_id=n, text=text, room_id=room, room_topic="兰亭3号楼邻里群")
        )


async def test_the_page_keeps_the_newest_lines_and_follows_a_restart(
    browser: Any,  # noqa: F811
    console: str,  # noqa: F811
    sqlite_bot: Bot,
) -> None:
    sqlite_bot.transport.keep = FEED_KEEP  # as `linli run` makes it (bot.bootstrap)
    context = await browser.new_context(viewport=DESKTOP, locale="zh-CN")
    page = await context.new_page()
    await page.goto(f"{console}/")
    await page.fill("input[name=username]", "wangmin")
    await page.fill("input[name=password]", "linli-demo")
    await page.click("button.primary")
    await page.wait_for_url(f"{console}/")
    async with page.expect_response(lambda r: "/simulator/feed" in r.url):
        await page.goto(f"{console}/simulator")

    await deliver(sqlite_bot, [f"第{n}条" for n in range(1, 251)])
    await page.wait_for_selector("#chat li.bot >> text=第250条")
    lines = page.locator("#chat li")
    assert await lines.count() == FEED_KEEP
    assert "第51条" in await lines.first.inner_text()

    # `linli run` restarted: the simulator counts from 1 again; the open page follows.
    sqlite_bot.transport.sent.clear()
    sqlite_bot.transport.last_seq = 0
    await deliver(sqlite_bot, ["重启后的第一条"])
    await page.wait_for_selector("#chat li.bot >> text=重启后的第一条")
    for _ in range(2):  # two more polls: shown once, not again each second
        async with page.expect_response(lambda r: "/simulator/feed" in r.url):
            pass
    assert await page.locator("#chat li.bot", has_text="重启后的第一条").count() == 1
    await context.close()
