"""`linli outbox status`: a readable table and --json, per account and per broadcast."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import DEMO_CONFIG, ROOT, Bot


def status(db_url: str, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "bot.cli",
            "outbox",
            "status",
            "--config",
            str(DEMO_CONFIG),
            "--db",
            db_url,
            *extra,
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


async def test_outbox_status_table_and_json(sqlite_bot: Bot, tmp_path: Path) -> None:
    bot = sqlite_bot
    await bot.private("通知 兰亭小区 明天停水", who="王敏")
    bot.transport.online = False  # WeChat is down: the broadcast waits in the outbox
    await bot.private("确认", who="王敏")
    url = str(bot.linli.engine.url)

    table = status(url)
    assert table.returncode == 0, table.stderr
    assert "账号 default：待发 6 · 发送中 0 · 已发 1" in table.stdout  # 5 posts + the ack
    assert "B0001" in table.stdout and "兰亭小区" in table.stdout

    data = json.loads(status(url, "--json").stdout)
    [b] = data["broadcasts"]
    assert (b["code"], b["groups"], b["sent"], b["pending"], b["failed"]) == ("B0001", 5, 0, 5, 0)

    per_group = json.loads(status(url, "--broadcast", "B0001", "--json").stdout)
    assert {g["group"] for g in per_group["groups"]} >= {"兰亭3号楼邻里群"}
    assert all(g["status"] == "pending" for g in per_group["groups"])
    text = status(url, "--broadcast", "B0001").stdout
    assert "兰亭3号楼邻里群" in text and "待发" in text

    bad = status(url, "--broadcast", "X9")
    assert bad.returncode == 2 and "B0003" in bad.stderr and "Traceback" not in bad.stderr
    missing = status(url, "--broadcast", "B0042")
    assert missing.returncode == 1 and "没有找到通知 B0042" in missing.stderr
