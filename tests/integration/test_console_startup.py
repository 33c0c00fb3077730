"""Issue 12 item 10: the console never faces a network with the README's demo passwords."""

from __future__ import annotations

import os
import stat
from datetime import date, datetime, time
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from bot.cli import main
from bot.console.form_time import parse_clock, parse_day, parse_moment
from bot.console.security import is_loopback, load_secret
from bot.serve import EX_CONFIG, demo_password_refusal
from bot.settings import Settings
from storage.database import make_engine
from tests.conftest import DEMO_CONFIG


def test_a_public_bind_with_demo_passwords_refuses_to_start(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["run", "--config", str(DEMO_CONFIG), "--host", "0.0.0.0", "--port", "0"])
    out = capsys.readouterr().out
    assert code == EX_CONFIG
    assert "拒绝启动" in out and "linli passwd" in out and "Refusing to start" in out
    assert "admin" in out and "wangmin" in out


def test_loopback_binds_and_real_passwords_are_fine(tmp_path: Path) -> None:
    for host in ("127.0.0.1", "localhost", "::1", "127.0.0.2"):
        assert demo_password_refusal(Settings(config=DEMO_CONFIG, console_host=host)) is None
    for host in ("0.0.0.0", "::", "192.168.1.5", "linli.example.org"):
        assert not is_loopback(host)
    real = PasswordHasher().hash("a-real-password")
    text = DEMO_CONFIG.read_text(encoding="utf-8")
    demo_hash = text.split('password_hash = "')[1].split('"')[0]
    config = tmp_path / "community.toml"
    config.write_text(text.replace(demo_hash, real), encoding="utf-8")
    assert demo_password_refusal(Settings(config=config, console_host="0.0.0.0")) is None
    settings = Settings(config=DEMO_CONFIG, console_host="0.0.0.0")
    assert "linli passwd" in (demo_password_refusal(settings) or "")


# ---- item 12: config and settings mistakes are named, never a traceback ------------------

BASE = """
[community]
name = "测试社区"
[[estates]]
key = "a"
name = "甲小区"
"""
TOKEN_A = "a-token-0123456789abcdefghij"
TOKEN_B = "b-token-0123456789abcdefghij"


def department(token: str, key: str = "water") -> str:
    return (
        f'[[departments]]\nkey = "{key}"\nname = "供水"\nurl = "https://x.example/h"\n'
        f'secret = "0123456789abcdef"\ncallback_token = "{token}"\n'
        f'categories = ["{"utilities" if key == "water" else "sanitation"}"]\n'
    )


def token(name: str, value: str) -> str:
    return f'[[console.api_tokens]]\nname = "{name}"\ntoken = "{value}"\n'


@pytest.mark.parametrize(
    ("extra", "needle"),
    [
        (token("甲", TOKEN_A) + token("乙", TOKEN_A), "console.api_tokens[1].token: 与 console"),
        (token("甲", TOKEN_A) + token("甲", TOKEN_B), "console.api_tokens[1].name"),
        (token("甲", TOKEN_A) + department(TOKEN_A), "departments[0].callback_token: 与"),
        (department(TOKEN_A) + department(TOKEN_A, "env"), "departments[1].callback_token"),
    ],
)
def test_shared_tokens_are_named_without_showing_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: str, needle: str
) -> None:
    config = tmp_path / "c.toml"
    config.write_text(BASE + extra, encoding="utf-8")
    assert main(["check-config", "--config", str(config)]) == 2
    err = capsys.readouterr().err
    assert needle in err and "Traceback" not in err
    assert TOKEN_A not in err  # a secret never goes to a log


def test_a_non_utf8_config_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "c.toml"
    config.write_bytes(BASE.encode("gb18030"))
    assert main(["check-config", "--config", str(config)]) == 2
    err = capsys.readouterr().err
    assert "UTF-8" in err and str(config) in err and "Traceback" not in err


@pytest.mark.parametrize("key", ["not base64!", "c2hvcnQ=", "x" * 60])
def test_a_malformed_secret_key_is_named(
    key: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LINLI_SECRET_KEY", key)
    assert main(["check-config", "--config", str(DEMO_CONFIG)]) == 2
    err = capsys.readouterr().err
    assert "LINLI_SECRET_KEY" in err and "32 字节" in err and "Traceback" not in err


# ---- item 12: the key and the data folder are private from the start ---------------------


def test_the_cookie_key_is_never_readable_by_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    data.chmod(0o755)
    # A crash between writing the key and a chmod must not leave it readable: skip every
    # chmod, open the umask wide, and the key must still be 0600.
    monkeypatch.setattr(Path, "chmod", lambda self, mode: None)
    old = os.umask(0)
    try:
        key = load_secret(None, data)
    finally:
        os.umask(old)
    assert len(key) == 32
    assert stat.S_IMODE((data / "console.key").stat().st_mode) == 0o600
    assert load_secret(None, data) == key  # kept, not remade


def test_the_data_folder_and_database_are_private(tmp_path: Path) -> None:
    data = tmp_path / "open"
    data.mkdir()
    data.chmod(0o755)
    load_secret(None, data)
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    fresh = tmp_path / "fresh" / "data"
    engine = make_engine(f"sqlite:///{fresh / 'linli.db'}")
    with engine.connect():
        pass
    engine.dispose()
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o700


# ---- item 22: dates typed as text, the way people write them --------------------------------


def test_typed_dates_and_times_are_understood() -> None:
    for text in ("2026-12-06", "2026/12/6", "2026年12月6日", " 2026-12-06 "):
        assert parse_day(text) == date(2026, 12, 6), text
    for text in ("09:00", "9:00", "9：00", "9点"):
        assert parse_clock(text) == time(9, 0), text
    assert parse_moment("2026-12-06T09:30") == datetime(2026, 12, 6, 9, 30)
    assert parse_moment("2026/12/6 9:30") == datetime(2026, 12, 6, 9, 30)
    for bad in ("12/06/2026", "2026-13-01", "明天", ""):
        with pytest.raises(ValueError):
            parse_day(bad)
    with pytest.raises(ValueError):
        parse_clock("25:00")


# ---- probe11: LINLI_TRUSTED_PROXIES is addresses, or it is named -------------------------


@pytest.mark.parametrize(
    "value, bad",
    [
        ("nginx", "nginx"),
        ("127.0.0.1, proxy.local", "proxy.local"),
        ("10.0.0.300", "10.0.0.300"),
        ("127.0.0.1;10.0.0.2", "127.0.0.1;10.0.0.2"),
        ("10.0.0.0/33", "10.0.0.0/33"),
    ],
)
def test_garbage_in_trusted_proxies_is_named(
    value: str, bad: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LINLI_TRUSTED_PROXIES", value)
    assert main(["check-config", "--config", str(DEMO_CONFIG)]) == 2
    err = capsys.readouterr().err
    assert "LINLI_TRUSTED_PROXIES" in err and bad in err and "Traceback" not in err
    assert "IP" in err


def test_trusted_proxies_take_addresses_and_networks() -> None:
    settings = Settings(trusted_proxies=" 127.0.0.1, ::1 ,172.18.0.0/16,, 0:0::2 ")
    trusted = settings.trusted_proxy_set()
    assert "127.0.0.1" in trusted and "::1" in trusted and "::2" in trusted
    assert "172.18.3.4" in trusted  # a compose network's gateway, whatever its last digits
    assert "172.19.0.1" not in trusted and "10.0.0.1" not in trusted
    assert "unknown" not in trusted and "" not in trusted  # a peer aiohttp could not name
    assert not Settings().trusted_proxy_set()
