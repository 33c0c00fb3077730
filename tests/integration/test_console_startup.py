"""Issue 12 item 10: the console never faces a network with the README's demo passwords."""

from __future__ import annotations

from pathlib import Path

import pytest
from argon2 import PasswordHasher

from bot.cli import main
from bot.console.security import is_loopback
from bot.serve import EX_CONFIG, demo_password_refusal
from bot.settings import Settings
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
