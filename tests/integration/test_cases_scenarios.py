"""The case scenarios replayed through `linli replay`, as the issue's acceptance list asks."""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Iterator
from pathlib import Path

from aiohttp import web
from aiohttp.test_utils import TestServer

from bot.domain.webhooks import verify
from tests.conftest import DEMO_CONFIG, ROOT
from tests.integration.cases_support import SECRET, TOKEN
from tests.integration.test_replay_cli import SCENARIOS, lines, replay

Line = dict[str, object]


def who(out: list[Line]) -> list[str]:
    return [str(o["group"] or f"private:{o['to']}") for o in out]


def at(out: list[Line], prefix: str) -> Iterator[Line]:
    return (o for o in out if str(o["at"]).startswith(prefix))


def test_claim_progress_close_and_unsatisfied_reopen() -> None:
    out = lines(replay(SCENARIOS / "cases_claim_rate.jsonl"))
    text = "\n".join(str(o["text"]) for o in out)
    assert "诉求 E0001 已由 孙志明 认领" in text  # the second claimer is told who has it
    assert "需要党员身份" in text  # a resident cannot claim
    assert "只能由反映问题的居民评价" in text
    assert "已重新打开，原承办党员 孙志明" in text
    final = out[-1]
    assert "状态：已回访" in str(final["text"]) and "评价：满意" in str(final["text"])
    assert "督办" not in str(final["text"])  # residents see progress, not the chasing
    # The reopened case's clock restarted: its 30-minute reply step slipped at 14:11.
    assert [o["to"] for o in at(out, "2026-11-23T14:11") if o["to"]] == ["赵老师", "孙志明"]
    resident_groups = {"兰亭3号楼邻里群"}
    for o in out:
        if o["group"] in resident_groups:
            assert "督办" not in str(o["text"]) and "提醒" not in str(o["text"])


def test_dispatch_hand_back_and_plan() -> None:
    out = lines(replay(SCENARIOS / "cases_dispatch.jsonl"))
    assert "需要支部书记身份" in str(out[1]["text"])
    assert who(out)[2:5] == ["private:刘建华", "private:王国强", "兰亭2号楼邻里群"]
    text = "\n".join(str(o["text"]) for o in out)
    assert "安排党员 郑晓东 承办" in text and "的解决方案：" in text
    assert "谢谢您的评价（满意）" in str(out[-1]["text"])
    # 方案 at 10:06 met the coordination and solution steps: nothing was escalated.
    assert "督办" not in text


def test_urgent_case_at_night() -> None:
    out = lines(replay(SCENARIOS / "cases_urgent.jsonl"))
    first = list(at(out, "2026-11-23T23:30"))
    assert "【紧急】" in str(first[0]["text"])
    assert set(who(first[1:5])) == {
        "private:周海燕",
        "private:吴师傅",
        "private:刘建华",
        "兰亭小区党员群",
    }
    assert who(list(at(out, "2026-11-23T23:35")))[:2] == ["private:周海燕", "兰亭小区党员群"]
    # The ordinary case reported at 23:30 waits: its 党小组 hears of it at 07:30, not before.
    assert [o for o in out if "E0002" in str(o["text"]) and o["to"]] == list(
        o for o in at(out, "2026-11-24T07:30")
    )
    assert list(at(out, "2026-11-24T00:30"))  # urgent chasing does not sleep


def test_restart_in_the_middle_of_the_clock(tmp_path: Path) -> None:
    """Stop after 10 minutes, start again on the same database, advance: exactly one reminder."""
    db = f"sqlite:///{tmp_path / 'restart.db'}"
    first = lines(replay(SCENARIOS / "cases_restart_1.jsonl", "--db", db))
    assert who(first) == ["兰亭3号楼邻里群", "private:赵老师", "private:孙志明"]
    second = lines(replay(SCENARIOS / "cases_restart_2.jsonl", "--db", db))
    assert who(second) == ["private:赵老师", "兰亭小区党员群"]
    assert all(o["at"] == "2026-11-23T09:21:00+08:00" for o in second)
    third = lines(replay(SCENARIOS / "cases_restart_2.jsonl", "--db", db))
    assert third == []  # the same moments again: nothing fires twice


async def test_every_rung_over_a_day_and_a_tiaoxiu_weekend(tmp_path: Path) -> None:
    """Friday 2026-10-09 16:00; Saturday 10-10 is a 调休 working day, so 吹哨 fires then."""
    received: list[tuple[dict[str, str], bytes]] = []

    async def hook(request: web.Request) -> web.Response:
        received.append((dict(request.headers), await request.read()))
        return web.json_response({"ok": True})

    app = web.Application()
    app.router.add_post("/hook", hook)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    config = tmp_path / "community.toml"
    config.write_text(
        DEMO_CONFIG.read_text(encoding="utf-8") + "\n[[departments]]\n"
        'key = "jiedao"\nname = "神堂沟街道城管科"\n'
        f'url = "{server.make_url("/hook")}"\nsecret = "{SECRET}"\n'
        f'callback_token = "{TOKEN}"\ncategories = ["facilities"]\n',
        encoding="utf-8",
    )
    try:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot.cli",
            "replay",
            str(SCENARIOS / "cases_ladder_tiaoxiu.jsonl"),
            "--config",
            str(config),
            cwd=ROOT,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        stdout, stderr = await asyncio.wait_for(process.communicate(), 120)
    finally:
        await server.close()
    assert process.returncode == 0, stderr.decode()
    out = [json.loads(line) for line in stdout.decode().splitlines()]
    rungs = [(str(o["at"])[:16], o["to"]) for o in out if "【督办】" in o["text"] and o["to"]]
    assert rungs == [
        ("2026-10-09T16:20", "周海燕"),  # 楼栋党小组长
        ("2026-10-09T16:30", "刘建华"),  # 小区党支部书记
        ("2026-10-09T20:00", "王敏"),  # 社区
        ("2026-10-10T16:00", "王敏"),  # 吹哨: staff hear it, the department gets the POST
    ]
    assert "已向神堂沟街道城管科吹哨" in out[-3]["text"]
    [(headers, body)] = received
    assert verify(SECRET, headers["X-Linli-Timestamp"], body, headers["X-Linli-Signature"])
    assert json.loads(body)["case"] == "E0001"
    status = out[-1]
    assert status["group"] == "兰亭4号楼邻里群" and "督办" not in str(status["text"])
    assert DEMO_CONFIG.exists()
