"""The console in a real browser: Playwright driving Debian's Chromium (never a download).

The console runs in-process on 127.0.0.1 against the simulator and a SQLite file. Screenshots
of each main page, at an office screen's 1366×768 and a phone's 390×844, are saved to
test-artifacts/screenshots/ for people to look at.
"""

from __future__ import annotations

import io
import re
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp.test_utils import TestServer
from openpyxl import Workbook

from bot.console.app import create_app
from bot.services.roster_import import TEMPLATE_HEADER
from tests.conftest import ROOT, Bot
from tests.prerequisites import chromium_path

pytestmark = pytest.mark.browser

SHOTS = ROOT / "test-artifacts" / "screenshots"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def chromium() -> str:
    return chromium_path()


@pytest.fixture
async def browser(chromium: str) -> AsyncIterator[Any]:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=chromium, args=ARGS)
        try:
            yield browser
        finally:
            await browser.close()


@pytest.fixture
async def console(sqlite_bot: Bot) -> AsyncIterator[str]:
    server = TestServer(create_app(sqlite_bot.linli), host="127.0.0.1")
    await server.start_server()
    try:
        yield str(server.make_url("")).rstrip("/")
    finally:
        await server.close()


async def shoot(page: Any, name: str) -> None:
    """The page at office and phone width (full height), for a person to look at."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
        await page.set_viewport_size(size)
        await page.screenshot(path=str(SHOTS / f"{name}-{label}.png"), full_page=True)
    await page.set_viewport_size(DESKTOP)


def roster_file() -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(TEMPLATE_HEADER))
    sheet.append([1, "孙志明", "男", "", "兰亭小区", "3号楼", "党员", "在职", "孙志明", ""])
    sheet.append([2, "错行", "女", "", "不存在小区", "3号楼", "党员", "在职", "", ""])
    sheet.append([3, "李桂芳", "女", "", "兰亭小区", "3", "楼长", "", "张阿姨", ""])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


async def test_staff_work_through_the_console(browser: Any, console: str, sqlite_bot: Bot) -> None:
    await sqlite_bot.say("3号楼电梯坏了，老人下不了楼<script>alert(1)</script>")
    await sqlite_bot.say("2栋电梯坏了", group="锦绣2栋楼栋群", who="李大爷")
    sqlite_bot.new()
    context = await browser.new_context(viewport=DESKTOP, locale="zh-CN")
    page = await context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: dialogs.append(d.message))

    # Log in.
    await page.goto(f"{console}/")
    await shoot(page, "01-login")
    await page.fill("input[name=username]", "wangmin")
    await page.fill("input[name=password]", "linli-demo")
    await page.click("button.primary")
    await page.wait_for_url(f"{console}/")
    assert await page.locator("table.cases tbody tr").count() == 2
    await shoot(page, "02-cases")

    # Dispatch a case; the group hears it through the simulator transport.
    await page.click("text=E0001")
    await page.select_option("select[name=member]", label="孙志明（党员）")
    await page.click("form[action$='/dispatch'] button")
    await page.wait_for_selector(".flash.ok")
    assert "派给 孙志明" in await page.inner_text(".flash")
    await sqlite_bot.linli.runtime.deliver_pending()
    sent = sqlite_bot.new()
    assert any(s.group == "兰亭3号楼邻里群" and "已安排党员 孙志明 承办" in s.text for s in sent)
    await shoot(page, "03-case")

    # Send a broadcast and watch its progress.
    await page.goto(f"{console}/broadcasts")
    await page.check("input[name=target][value='兰亭小区']")
    await page.fill("textarea[name=body]", "明天9:00-15:00停水，请提前储水")
    await shoot(page, "04-broadcast-compose")
    await page.click("form.composer button.primary")
    await page.wait_for_selector(".wx-bubble")
    assert "停水" in await page.inner_text(".wx-bubble")
    await page.click("text=确认发送")
    await page.wait_for_selector("#pending")
    await sqlite_bot.linli.runtime.deliver_pending()
    await page.reload()
    assert await page.inner_text("#sent") == "5"
    assert await page.inner_text("#pending") == "0"
    await shoot(page, "05-broadcast-progress")

    # Create an activity.
    await page.goto(f"{console}/activities?month=2026-12")
    form = page.locator("#new-activity")
    await form.locator("input[name=title]").fill("重阳节健康义诊")
    await form.locator("input[name=day]").fill("2026-12-06")
    await form.locator("select[name=kind]").select_option("健康保健")
    await form.locator("input[name=capacity]").fill("30")
    await form.locator("button.primary").click()
    await page.wait_for_selector("text=已创建活动")
    assert "重阳节健康义诊" in await page.inner_text("h1")
    await shoot(page, "06-activity")
    await page.goto(f"{console}/activities?month=2026-12")
    assert await page.locator(".calendar .event").count() == 1
    await shoot(page, "07-calendar")

    # Rosters are the admin's (or a 小区 secretary's): log out, and in as the admin.
    await page.click(".logout button")
    await page.wait_for_url(re.compile(r".*/login.*"))
    await page.fill("input[name=username]", "admin")
    await page.fill("input[name=password]", "linli-demo")
    await page.click("button.primary")
    await page.wait_for_url(f"{console}/")

    # Import a roster file with one bad row.
    await page.goto(f"{console}/roster")
    await page.set_input_files(
        "input[name=file]",
        files=[
            {"name": "名册.xlsx", "mimeType": "application/octet-stream", "buffer": roster_file()}
        ],
    )
    await page.click("form[action='/roster/import'] button")
    await page.wait_for_selector("#import-result")
    errors = await page.inner_text("table.errors")
    assert "第 3 行" in errors and "不存在小区" in errors
    await shoot(page, "08-roster")

    # The dashboard's numbers match the database.
    await page.goto(f"{console}/dashboard")
    with sqlite_bot.linli.uow_factory() as uow:
        cases = list(uow.cases.find(limit=1000))
    shown = {
        key: int(await page.inner_text(f"#stat-{key}")) for key in ("opened", "open", "overdue")
    }
    assert shown["opened"] == len(cases)
    assert shown["open"] == sum(1 for c in cases if c.status.is_open)
    # 按类别, 按楼栋, 近 12 个月, and the monthly 金点子 (说事)
    assert await page.locator("svg.chart").count() == 4
    assert await page.locator("#ideas svg.chart").count() == 1
    await shoot(page, "09-dashboard")

    for path, name in (
        ("/points", "10-points"),
        ("/groups", "11-groups"),
        ("/simulator", "12-sim"),
    ):
        await page.goto(f"{console}{path}")
        await shoot(page, name)
    assert dialogs == []  # the <script> in the case text never ran
    content = await page.goto(f"{console}/")
    assert content is not None and not re.search(r"<script>alert", await page.content())
    await context.close()


async def rendered_font_px(page: Any, selector: str) -> float:
    """The on-screen size of the first SVG text in `selector`: font-size × the SVG's scale."""
    return float(
        await page.eval_on_selector(
            selector,
            "t => parseFloat(t.getAttribute('font-size')) * t.getScreenCTM().a",
        )
    )


async def test_dashboard_charts_and_forms_read_well_in_chinese(
    browser: Any, console: str, sqlite_bot: Bot
) -> None:
    """Issue 12 item 22: the charts fill their cards at one text size, phone text is readable,
    and no date, time or file box speaks the browser's English."""
    await sqlite_bot.say("3号楼电梯坏了")
    await sqlite_bot.say("2栋楼道灯不亮了", group="锦绣2栋楼栋群", who="李大爷")
    context = await browser.new_context(viewport=DESKTOP, locale="zh-CN")
    page = await context.new_page()
    await page.goto(f"{console}/login")
    await page.fill("input[name=username]", "admin")
    await page.fill("input[name=password]", "linli-demo")
    await page.click("button.primary")
    await page.wait_for_url(f"{console}/")

    await page.goto(f"{console}/dashboard")
    # Every month-by-month chart (新增诉求, 金点子) fills its card.
    column_charts = await page.locator("svg.chart.columns").all()
    assert len(column_charts) >= 2
    for months in column_charts:
        card = months.locator("xpath=ancestor::section[1]")
        card_box, chart_box = await card.bounding_box(), await months.bounding_box()
        assert card_box and chart_box
        assert chart_box["width"] >= 0.9 * (card_box["width"] - 40)
    by_category = await rendered_font_px(page, "section:has(h2:text('按类别')) svg text")
    by_building = await rendered_font_px(page, "section:has(h2:text('按楼栋')) svg text")
    assert abs(by_category - by_building) < 0.5 and by_category >= 14
    await shoot(page, "13-dashboard-charts")

    await page.set_viewport_size(PHONE)
    for selector in (
        "section:has(h2:text('按类别')) svg text",
        "section:has(h2:text('按楼栋')) svg text",
        "svg.chart.columns text:last-of-type",
    ):
        assert await rendered_font_px(page, selector) >= 11, selector
    await page.set_viewport_size(DESKTOP)

    english = "input[type=date], input[type=time], input[type=datetime-local]"
    for path in ("/activities", "/broadcasts", "/roster"):
        await page.goto(f"{console}{path}")
        assert await page.locator(english).count() == 0, path
    await page.goto(f"{console}/activities")
    assert await page.get_attribute("#new-activity input[name=day]", "placeholder") == (
        "例如 2026-12-06"
    )
    await page.goto(f"{console}/roster")
    assert await page.inner_text(".file-pick label.button") == "选择文件"
    border = await page.eval_on_selector(
        ".file-pick label.button", "b => getComputedStyle(b).borderTopWidth"
    )
    assert border != "0px"  # it looks like a button, not like text
    assert await page.inner_text(".file-pick .file-name") == "未选择文件"
    await page.set_input_files(
        "#roster-file",
        files=[
            {"name": "名册.xlsx", "mimeType": "application/octet-stream", "buffer": roster_file()}
        ],
    )
    assert await page.inner_text(".file-pick .file-name") == "名册.xlsx"
    await shoot(page, "14-roster-file")
    await context.close()
