"""`linli replay` as a public contract: input lines in, the bot's messages out as JSON lines."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import DEMO_CONFIG, ROOT

SCENARIOS = ROOT / "tests" / "scenarios"


def replay(path: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "bot.cli",
            "replay",
            str(path),
            "--config",
            str(DEMO_CONFIG),
            *extra,
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def lines(result: subprocess.CompletedProcess[str]) -> list[dict[str, object]]:
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_foundation_scenario() -> None:
    # Since issue 5 the 2341 clock also chases party members (privately and in the 党员群)
    # when the case is unclaimed at 09:20; this contract is about what residents see.
    out = [
        o
        for o in lines(replay(SCENARIOS / "foundation.jsonl"))
        if o["to"] in (None, "张阿姨") and o["group"] != "兰亭小区党员群"
    ]
    assert [o["group"] or f"private:{o['to']}" for o in out] == [
        "兰亭3号楼邻里群",  # case opened
        "兰亭3号楼邻里群",  # status
        "private:张阿姨",  # my cases
        "兰亭3号楼邻里群",  # unknown number
        "兰亭3号楼邻里群",  # help on a bare mention
    ]  # small talk and the unbound group: silence
    opened, status, mine, unknown, help_text = out
    assert opened == {
        "at": "2026-11-23T09:00:00+08:00",
        "group": "兰亭3号楼邻里群",
        "to": None,
        "text": opened["text"],
        "mentions": ["张阿姨"],
    }
    assert "E0001" in str(opened["text"])
    assert status["at"] == "2026-11-23T09:25:00+08:00"
    assert "状态：已受理" in str(status["text"])
    assert "E0001" in str(mine["text"]) and mine["mentions"] == []
    assert "查不到诉求 E0099" in str(unknown["text"])
    assert "帮助" in str(help_text["text"]) or "进度" in str(help_text["text"])


def test_malformed_line_exits_2_naming_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        '{"group": "兰亭3号楼邻里群", "from": "张阿姨", "text": "你好"}\n'
        '{"group": "兰亭3号楼邻里群", "text": "no sender"}\n',
        encoding="utf-8",
    )
    result = replay(bad)
    assert result.returncode == 2
    assert "第 2 行" in result.stderr and "from" in result.stderr
    assert "Traceback" not in result.stderr


def test_not_json_and_bad_clock_lines(tmp_path: Path) -> None:
    for content, needle in (
        ("{not json\n", "第 1 行"),
        ('{"advance": "soon"}\n', "时长"),
        ('{"at": "2026-11-23T09:00:00"}\n', "时区"),
        ('{"group": "x", "private": true, "from": "a", "text": "b"}\n', "二者选一"),
        ("[1, 2]\n", "JSON 对象"),
        ("[" * 100_000 + "]" * 100_000 + "\n", "嵌套太深"),  # was a RecursionError
        ('{"advance": "99999999d"}\n', "超出 2000–2099 年"),  # was an OverflowError
    ):
        path = tmp_path / "bad.jsonl"
        path.write_text(content, encoding="utf-8")
        result = replay(path)
        assert result.returncode == 2, content
        assert needle in result.stderr and "Traceback" not in result.stderr, result.stderr


def test_missing_file_and_bad_config(tmp_path: Path) -> None:
    assert replay(tmp_path / "nope.jsonl").returncode == 2
    broken = tmp_path / "broken.toml"
    broken.write_text('[community]\nname = "x"\n[[estates]]\nkey = "a b"\nname = "x"\n', "utf-8")
    convo = tmp_path / "c.jsonl"
    convo.write_text("", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "replay", str(convo), "--config", str(broken)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert result.returncode == 2
    assert "estates[0].key" in result.stderr and "Traceback" not in result.stderr


def _readme_block(readme: str, marker: str) -> str:
    """The ```json block right after `<!-- replay-example:<marker> -->` in the README."""
    after = readme.split(f"<!-- replay-example:{marker} -->", 1)[1]
    body = after.split("```json\n", 1)[1]
    return body.split("```", 1)[0]


def test_the_readme_replay_example_prints_what_the_readme_shows(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    conversation = tmp_path / "例子.jsonl"
    conversation.write_text(_readme_block(readme, "input"), encoding="utf-8")
    result = replay(conversation)
    assert result.returncode == 0, result.stderr
    assert result.stdout == _readme_block(readme, "output")
    # The example shows the clock running: the notice and the first 督办 minutes apart.
    minutes = [json.loads(line)["at"][11:16] for line in result.stdout.splitlines()]
    assert minutes == ["09:00", "09:01", "09:01", "09:20", "09:20", "09:25", "09:25"]
