"""The 议事 page in a real browser (Debian's Chromium via Playwright): a 说事 promoted to a 议题,
the topic sent out for 征求意见, an opinion arriving from the chat, a stage skipped with its
reason, the next stage begun; screenshots at office and phone width."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.test_console_browser import DESKTOP, browser, chromium, console, shoot
from tests.conftest import Bot

pytestmark = pytest.mark.browser
__all__ = ["browser", "chromium", "console"]  # fixtures, shared with the console's browser test


async def test_a_topic_on_the_console(browser: Any, console: str, sqlite_bot: Bot) -> None:
    await sqlite_bot.say("说事 楼道里电动车太多，能不能商量一下", who="张阿姨")
    context = await browser.new_context(viewport=DESKTOP, locale="zh-CN")
    page = await context.new_page()
    await page.goto(f"{console}/suggestions")
    await page.fill("input[name=username]", "liujianhua")
    await page.fill("input[name=password]", "linli-demo")
    await page.click("button.primary")
    await page.wait_for_url(f"{console}/suggestions")
    assert "楼道里电动车太多" in await page.inner_text("#suggestion-list")
    await shoot(page, "20-suggestions")

    row = page.locator("#s-1")
    await row.locator("form[action$='/promote'] select").select_option("building")
    await row.locator("form[action$='/promote'] button").click()
    await page.wait_for_selector(".flash.ok")
    assert "已转为议题 Y0001" in await page.inner_text(".flash")

    await page.goto(f"{console}/topics")
    assert await page.locator("#topic-list tbody tr").count() == 1
    await page.click("#topic-list >> text=Y0001")
    await page.click("text=发到群里征求意见")
    await page.wait_for_selector(".flash.ok")
    assert await page.inner_text("#topic-stage") == "征求意见"

    await sqlite_bot.private("意见 Y0001 同意，建个车棚", who="李叔")
    await page.reload()
    assert "李叔" in await page.inner_text("#topic-opinions")

    skip = page.locator("#topic-skip")
    await skip.locator("select[name=stage]").select_option("meeting")
    await skip.locator("button").click()  # no reason: refused, nothing changes
    await page.wait_for_selector(".flash.error")
    assert "写明原因" in await page.inner_text(".flash")
    await skip.locator("select[name=stage]").select_option("meeting")
    await skip.locator("input[name=reason]").fill("楼栋小事，群里已商量好")
    await skip.locator("button").click()
    await page.wait_for_selector(".flash.ok")
    await page.locator("#topic-advance button").click()
    await page.wait_for_selector(".flash.ok")
    assert await page.inner_text("#topic-stage") == "表决"
    timeline = await page.inner_text("#topic-timeline")
    assert "跳过「议事会」" in timeline and "楼栋小事，群里已商量好" in timeline
    assert await page.locator(".stepper li.skipped").count() == 1
    await shoot(page, "21-topic")
    await context.close()
