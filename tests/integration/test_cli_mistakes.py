"""An operator's mistake on the command line gets one clear line and an exit code, never a
traceback (probe7 P7-6). The database cases use a real SQLite file and the real PostgreSQL
server (a database on it that does not exist, a port nothing listens on)."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from bot.cli import main
from storage.scratch import admin_url
from tests.conftest import DEMO_CONFIG


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    try:
        code = main(argv)
    except SystemExit as exit_:  # argparse refuses with exit code 2
        code = int(exit_.code or 0)
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err


@pytest.mark.parametrize("port", ["99999", "65536", "-1", "http"])
def test_a_port_out_of_range_is_refused_by_name(
    port: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = run(["run", "--port", port], capsys)
    assert code == 2 and "0 到 65535" in err


def test_a_port_out_of_range_in_the_environment_is_named(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LINLI_CONSOLE_PORT", "99999")
    code, err = run(["report", "--config", str(DEMO_CONFIG)], capsys)
    assert code == 2 and "LINLI_CONSOLE_PORT" in err


@pytest.mark.parametrize("url", ["nonsense://x", "not a url"])
def test_a_database_url_nobody_understands_is_named(
    url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = run(["report", "--config", str(DEMO_CONFIG), "--db", url], capsys)
    assert code == 2 and "数据库地址不对" in err


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_a_database_that_cannot_be_reached_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    missing = admin_url().rsplit("/", 1)[0] + "/linli_no_such_database"
    refused = f"postgresql://postgres@127.0.0.1:{_closed_port()}/linli"
    for url in (missing, refused):
        code, err = run(["db", "upgrade", "--config", str(DEMO_CONFIG), "--db", url], capsys)
        assert code == 1 and err.startswith("数据库连接失败：") and err.count("\n") == 1


def test_folders_given_for_files_are_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = run(["check-config", "--config", str(tmp_path)], capsys)
    assert code == 2 and "无法读取配置文件" in err
    db = f"sqlite:///{tmp_path / 'linli.db'}"
    code, err = run(["replay", str(tmp_path), "--config", str(DEMO_CONFIG), "--db", db], capsys)
    assert code == 2 and "无法读取对话文件" in err


@pytest.mark.parametrize("month", ["0000-01", "9999-12", "1999-12"])
def test_a_month_outside_the_calendar_is_refused(
    month: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = f"sqlite:///{tmp_path / 'linli.db'}"
    code, err = run(["report", "--config", str(DEMO_CONFIG), "--db", db, "--month", month], capsys)
    assert code == 2 and "应写成 2026-11" in err


def test_a_negative_backfill_count_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    code, err = run(["rollup", "backfill", "--months", "-5"], capsys)
    assert code == 2 and "正整数" in err


def test_files_saved_with_a_byte_order_mark_are_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Windows Notepad may save "UTF-8 with BOM": the operator's file, read as they wrote it."""
    monkeypatch.setenv("LINLI_DATA_DIR", str(tmp_path / "data"))
    config = tmp_path / "community.toml"
    config.write_bytes(b"\xef\xbb\xbf" + DEMO_CONFIG.read_bytes())
    code, err = run(["check-config", "--config", str(config)], capsys)
    assert code == 0, err
    talk = tmp_path / "talk.jsonl"
    talk.write_bytes(
        b"\xef\xbb\xbf"
        + '{"group": "兰亭3号楼邻里群", "from": "张阿姨", "text": "3号楼电梯坏了"}\n'.encode()
    )
    db = f"sqlite:///{tmp_path / 'linli.db'}"
    code, err = run(["replay", str(talk), "--config", str(config), "--db", db], capsys)
    assert code == 0, err


# ---- probe8 --------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["mysql://root@localhost/linli", "postgresql+psycopg2://x/y"])
def test_a_database_nobody_supports_is_named_not_a_missing_driver(
    url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = run(["db", "upgrade", "--config", str(DEMO_CONFIG), "--db", url], capsys)
    assert code == 2 and "只支持 SQLite 和 PostgreSQL" in err and err.count("\n") == 1


@pytest.mark.parametrize(
    ("args", "said"),
    [(["--month", "2026-1"], "应写成 2026-11"), (["--estate", "nope"], "没有 key 为 'nope'")],
)
def test_points_export_mistakes_exit_two_like_every_command(
    args: list[str], said: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = f"sqlite:///{tmp_path / 'linli.db'}"
    out = str(tmp_path / "x.xlsx")
    argv = ["points", "export", "--config", str(DEMO_CONFIG), "--db", db, "--out", out]
    code, err = run([*argv, *([] if "--month" in args else ["--month", "2026-11"]), *args], capsys)
    assert code == 2 and said in err and err.count("\n") == 1
    assert not Path(out).exists()


# ---- hardening 4: a conversation file's mistakes, by line, before anything runs ------------

GOOD = '{"group": "兰亭3号楼邻里群", "from": "张阿姨", "text": "你好"}\n'


@pytest.mark.parametrize(
    ("bad", "said"),
    [
        ("[" * 100_000 + "]" * 100_000, "嵌套太深"),
        ('{"group": ' + "[" * 5000 + "]" * 5000 + "}", "嵌套太深"),
        ('{"group": "兰亭3号楼邻里群", "from": "张阿姨", "text": ' + "1" * 5000 + "}", "位数太多"),
        ('{"at": "2026-02-30T09:00:00+08:00"}', "不是有效的日期时间"),
        ('{"at": "0001-01-01T00:00:00+08:00"}', "超出 2000–2099 年"),
        ('{"at": "9999-12-31T23:59:59-12:00"}', "超出 2000–2099 年"),
        ('{"group": "兰亭3号楼邻里群", "from": "张阿姨", "text": "a", "at": 20261123}', '"at"'),
        ('{"group": "兰亭3号楼邻里群", "from": "张阿姨", "text": "a", "at": "明天"}', "有效的日期"),
        ('{"advance": "9999999999d"}', "太长"),
        ('{"advance": "99999999d"}', "超出 2000–2099 年"),
        ('{"advance": "-5m"}', "应写成 30s"),
    ],
)
def test_a_broken_conversation_line_is_named_by_number(
    bad: str, said: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each of these ended in a traceback (RecursionError, OverflowError, a SQL error on a
    date the database cannot hold) instead of one line naming the line (hardening 4)."""
    talk = tmp_path / "talk.jsonl"
    talk.write_text(GOOD + '{"advance": "1h"}\n' + bad + "\n" + GOOD, encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'linli.db'}"
    code, err = run(["replay", str(talk), "--config", str(DEMO_CONFIG), "--db", db], capsys)
    assert code == 2 and err.startswith(f"{talk}: 第 3 行: ") and said in err, err
    assert err.count("\n") == 1


def test_a_line_that_is_not_utf8_is_named_by_number(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    talk = tmp_path / "talk.jsonl"
    talk.write_bytes((GOOD * 300).encode() + b'{"text": "\xff\xfe"}\n' + GOOD.encode())
    db = f"sqlite:///{tmp_path / 'linli.db'}"
    code, err = run(["replay", str(talk), "--config", str(DEMO_CONFIG), "--db", db], capsys)
    assert code == 2 and "第 301 行" in err and "UTF-8" in err, err
