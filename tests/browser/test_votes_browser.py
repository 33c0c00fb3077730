"""The 投票 page in a real browser (Debian's Chromium): set a vote up with the electorate
previewed, watch the live tally, at office and phone width."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from tests.browser.test_console_browser import DESKTOP, browser, chromium, console, shoot
from tests.conftest import Bot

pytestmark = pytest.mark.browser
__all__ = ["browser", "chromium", "console"]  # fixtures, used by name


async def test_a_vote_set_up_and_watched_in_the_browser(
    browser: Any, console: str, sqlite_bot: Bot
) -> None:
    context = await browser.new_context(viewport=DESKTOP, locale="zh-CN")
    page = await context.new_page()
    await page.goto(f"{console}/")
    await page.fill("input[name=username]", "liujianhua")  # 兰亭's secretary
    await page.fill("input[name=password]", "linli-demo")
    await page.click("button.primary")
    await page.wait_for_url(f"{console}/")
    await page.goto(f"{console}/votes")
    preview = await page.inner_text("#electorate")
    assert "兰亭小区3号楼\t6\t637.00" in preview and "锦绣" not in preview
    await page.fill("#new-vote input[name=title]", "3号楼加装电梯")
    await page.select_option(
        "#new-vote select[name=scope]", label="兰亭小区3号楼（6 户，637.00 平方米）"
    )
    closes = (sqlite_bot.clock.now() + timedelta(days=5)).astimezone(sqlite_bot.linli.profile.tz)
    await page.fill("#new-vote input[name=closes_day]", closes.date().isoformat())
    await page.select_option("#new-vote select[name=rule]", value="art278")
    await shoot(page, "20-vote-setup")
    await page.click("#new-vote button.primary")
    await page.wait_for_url(f"{console}/votes/1")
    await sqlite_bot.private("投票 V0001 1", who="张阿姨")
    await sqlite_bot.private("投票 V0001 同意", who="孙志明")
    await page.reload()
    tally = await page.inner_text("#tally")
    assert "实时计票（仅工作人员可见）" in tally and "参与 2 / 6" in tally
    await shoot(page, "21-vote-tally")
