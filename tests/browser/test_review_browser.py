"""待确认 in a real browser (Debian's Chromium): a secretary converts a held message on the
诉求 page's 待确认 tab, sets another aside, and corrects a case's category."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestServer

from bot.config import CommunityConfig
from bot.console.app import create_app
from bot.ports import Classifier
from tests.browser.test_console_browser import DESKTOP, browser, chromium, shoot  # noqa: F401
from tests.conftest import Bot, running_bot
from tests.integration.review_support import UnsureClassifier

pytestmark = pytest.mark.browser


@pytest.fixture
async def review_console(
    sqlite_url: str, tmp_path: Path, demo_config: CommunityConfig, classifier: Classifier
) -> AsyncIterator[tuple[Bot, str]]:
    async with running_bot(sqlite_url, tmp_path, demo_config, UnsureClassifier(classifier)) as bot:
        server = TestServer(create_app(bot.linli), host="127.0.0.1")
        await server.start_server()
        try:
            yield bot, str(server.make_url("")).rstrip("/")
        finally:
            await server.close()


async def test_a_secretary_converts_a_held_message(
    browser: Any,  # noqa: F811
    review_console: tuple[Bot, str],
) -> None:
    bot, console = review_console
    await bot.say("3号楼楼道里好像有股怪味")
    await bot.say("4号楼好像有人在楼道里堆东西", who="钱阿姨", group="兰亭4号楼邻里群")
    await bot.say("锦绣2栋好像停水了", who="赵大哥", group="锦绣2栋楼栋群")
    assert bot.new() == []  # held: nothing said in the groups
    context = await browser.new_context(viewport=DESKTOP, locale="zh-CN")
    page = await context.new_page()
    await page.goto(f"{console}/")
    await page.fill("input[name=username]", "liujianhua")
    await page.fill("input[name=password]", "linli-demo")
    await page.click("button.primary")
    await page.wait_for_url(f"{console}/")
    assert "2" in await page.inner_text("nav.tabs .count")  # 兰亭 only

    await page.click("nav.tabs >> text=待确认")
    await page.wait_for_url(f"{console}/review")
    rows = page.locator("table.review tbody tr")
    assert await rows.count() == 2  # the secretary of 兰亭 does not see 锦绣's message
    assert "锦绣" not in await page.inner_text("table.review")
    await shoot(page, "13-review")

    row = page.locator("tr#Q0001")
    assert "3号楼楼道里好像有股怪味" in await row.inner_text()
    assert await row.locator("input[name=building]").input_value() == "3"  # prefilled
    await row.locator("select[name=category]").select_option("sanitation")
    await row.locator("input[name=unit]").fill("2")
    await row.locator("button:has-text('转为诉求')").click()
    await page.wait_for_selector(".flash.ok")
    assert "已把 Q0001 转为诉求 E0001" in await page.inner_text(".flash")
    await bot.linli.runtime.deliver_pending()
    [ack] = bot.new()
    assert ack.group == "兰亭3号楼邻里群" and ack.mentions == ("张阿姨",)
    assert "编号 E0001（环境卫生 · 3号楼2单元）" in ack.text

    await page.locator("tr#Q0002 button:has-text('不是诉求')").click()
    await page.wait_for_selector(".flash.ok")
    assert "Q0002 已标为「不是诉求」" in await page.inner_text(".flash")
    assert await page.locator("table.review tbody tr").count() == 0
    assert bot.new() == []

    # The converted case: correct its category on the case page.
    await page.goto(f"{console}/review?status=converted")
    await page.click("text=E0001")
    await page.select_option("form[action$='/category'] select[name=category]", "facilities")
    await page.click("form[action$='/category'] button")
    await page.wait_for_selector(".flash.ok")
    assert "改为「公共设施」" in await page.inner_text(".flash")
    await shoot(page, "14-case-category")
    with bot.linli.uow_factory() as uow:
        labels = [(c.label.value, c.category) for c in uow.review.corrections()]
        actions = [e.action for e in uow.staff.audit_log()]
    assert labels == [
        ("converted", "sanitation"),
        ("dismissed", None),
        ("recategorized", "facilities"),
    ]
    assert actions.count("review.convert") == 1 and "case.category" in actions
    await context.close()
