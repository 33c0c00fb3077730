"""The code's own rules, checked with the suite: ruff, mypy and the direction of imports."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_ruff_is_clean() -> None:
    result = run(str(BIN / "ruff"), "check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_clean() -> None:
    result = run(str(BIN / "ruff"), "format", "--check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_is_clean() -> None:
    """[tool.mypy] in pyproject.toml: strict on bot.domain, bot.services and intents."""
    result = run(str(BIN / "mypy"), "bot", "intents", "storage")
    assert result.returncode == 0, result.stdout + result.stderr


def test_dependencies_point_one_way() -> None:
    """The core never imports a transport, the console, wechaty, aiohttp or storage."""
    result = run(str(BIN / "lint-imports"), "--no-cache")
    assert result.returncode == 0, result.stdout + result.stderr


def test_importing_the_core_has_no_side_effects() -> None:
    code = (
        "import sys, bot.bootstrap, bot.chat.pipeline, bot.handlers, intents, storage.uow;"
        "assert 'wechaty' not in sys.modules, 'wechaty imported eagerly';"
        "assert 'jieba' not in sys.modules, 'jieba imported eagerly';"
        "print('ok')"
    )
    result = run(sys.executable, "-c", code)
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr
