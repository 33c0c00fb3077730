"""The 积分 exports (console /points.xlsx and `linli points export`) write residents' text as
text: a display name like =HYPERLINK(…) or a reason starting with = is never a formula
(issue 12, item 5), on SQLite and PostgreSQL."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

from aiohttp.test_utils import TestClient, TestServer
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook

from bot.console.app import create_app
from bot.domain.community import Person
from bot.services import points
from bot.services.points_policy import default_policy
from tests.conftest import DEMO_CONFIG, ROOT, Bot
from tests.integration.test_console_areas import login

NAME = '=HYPERLINK("http://x","x")'
REASON = '=1+1 cmd|" /C calc"!A0'


def seed(bot: Bot) -> None:
    with bot.linli.uow_factory() as uow:
        someone = uow.people.add(Person(wechat_id="wxid_evil", display_name=NAME, estate_id=1))
        points.award(
            uow,
            default_policy(),
            person=someone,
            rule_name="志愿服务",
            units=2,
            now=bot.clock.now(),
            tz=bot.linli.profile.tz,
            actor_label="wangmin",
            reason=REASON,
        )
        uow.commit()


def assert_text_only(book: Workbook) -> None:
    assert book.sheetnames == ["积分台账", "月度公示", "楼栋汇总"]
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    formulas = [f"{c.parent.title}!{c.coordinate}" for c in cells if c.data_type == "f"]
    assert formulas == []
    texts = [c.value for c in cells if isinstance(c.value, str)]
    assert not [t for t in texts if t.startswith(("=", "+", "-", "@"))]
    assert "'" + NAME in texts and "'" + REASON in texts  # kept whole, quoted
    assert any(t.startswith("'=") for t in (c.value for c in book["月度公示"]["D"]) if t)


def cli_export(bot: Bot, out: Path) -> Workbook:
    """`linli points export` in its own process, as staff run it."""
    url = bot.linli.engine.url.render_as_string(hide_password=False)
    command = [sys.executable, "-m", "bot.cli", "points", "export", "--config", str(DEMO_CONFIG)]
    done = subprocess.run(
        [*command, "--db", url, "--month", "2026-11", "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return load_workbook(out)


async def test_points_exports_never_hold_a_formula(bot: Bot, tmp_path: Path) -> None:
    seed(bot)
    assert_text_only(cli_export(bot, tmp_path / "ledger.xlsx"))

    async with TestClient(TestServer(create_app(bot.linli))) as client:
        await login(client)
        response = await client.get("/points.xlsx?month=2026-11")
        assert response.status == 200
        assert_text_only(load_workbook(io.BytesIO(await response.read())))
