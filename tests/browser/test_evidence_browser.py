"""A case's photos in a real browser (Debian's Chromium): a resident sends one through the
console's chat simulator, the secretary sees it as a thumbnail on the case page and in the
timeline, and it opens as the picture (without its GPS position)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.domain.messages import MessageType
from tests.browser.test_console_browser import (  # noqa: F401
    DESKTOP,
    browser,
    chromium,
    console,
    shoot,
)
from tests.conftest import Bot
from tests.evidence_files import has_gps, jpeg_with_gps, png

pytestmark = pytest.mark.browser


async def test_a_cases_photos_show_as_thumbnails(
    browser: Any,  # noqa: F811
    console: str,  # noqa: F811
    sqlite_bot: Bot,
    tmp_path: Path,
) -> None:
    await sqlite_bot.say("3号楼电梯坏了，门关不上")
    sqlite_bot.clock.advance(timedelta(minutes=1))
    await sqlite_bot.say("", type=MessageType.IMAGE, media=png((20, 90, 200)))
    context = await browser.new_context(viewport=DESKTOP, locale="zh-CN")
    page = await context.new_page()
    await page.goto(f"{console}/")
    await page.fill("input[name=username]", "liujianhua")
    await page.fill("input[name=password]", "linli-demo")
    await page.click("button.primary")
    await page.wait_for_url(f"{console}/")

    # The resident's second photo goes through the chat simulator's file button.
    photo = tmp_path / "IMG_0002.jpg"
    photo.write_bytes(jpeg_with_gps((200, 60, 20), 200))
    await page.goto(f"{console}/simulator")
    await page.fill("input[name=name]", "张阿姨")
    await page.select_option("select[name=group]", "兰亭3号楼邻里群")
    async with page.expect_response(lambda r: r.url.endswith("/simulator/media")) as sent:
        await page.set_input_files("#media", str(photo))
    assert (await sent.value).ok

    await page.goto(f"{console}/cases/1")
    assert "照片与语音（2）" in await page.inner_text("main")
    thumbs = page.locator("ul.evidence img.thumb")
    assert await thumbs.count() == 2
    for i in range(2):
        loaded = await thumbs.nth(i).evaluate("img => img.complete && img.naturalWidth > 0")
        assert loaded, f"thumbnail {i} did not load"
    assert await page.locator("ol.timeline li.evidence-item img.thumb").count() == 2
    await shoot(page, "20-case-photos")

    href = await page.locator("ul.evidence a").nth(1).get_attribute("href")
    assert href == "/cases/1/evidence/2"
    response = await page.request.get(f"{console}{href}")
    assert response.headers["content-type"] == "image/jpeg"
    assert not has_gps(await response.body())
    await context.close()
