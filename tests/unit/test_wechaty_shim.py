"""The python-wechaty 0.10.7 shim in bot/transports/wechaty/shim.py: each part must still be
needed and must still work. When one of these fails after an upgrade, remove that part."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def run_python(code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
    )


def test_wechaty_does_not_import_on_this_python_without_the_shim(tmp_path: Path) -> None:
    result = run_python("import wechaty", tmp_path)
    assert result.returncode != 0, (
        "python-wechaty now imports without the PuppetOptions.__hash__ shim: "
        "remove it from load_wechaty()"
    )
    assert "mutable default" in result.stderr
    assert "PuppetOptions" in result.stderr


def test_the_shim_imports_wechaty_and_keeps_the_working_directory_clean(tmp_path: Path) -> None:
    cache = tmp_path / "data" / "wechaty"
    result = run_python(
        f"""
        import os, sys, warnings
        warnings.simplefilter("error")
        from pathlib import Path
        from bot.transports.wechaty import load_wechaty
        assert "wechaty" not in sys.modules
        wechaty = load_wechaty(Path({str(cache)!r}))
        from wechaty_puppet_service import PuppetService
        assert wechaty.Wechaty and wechaty.WechatyOptions and PuppetService
        assert os.environ["CACHE_DIR"] == {str(cache)!r}
        assert os.environ["WECHATY_LOG"] == "warn"
        print("ok")
        """,
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
    assert cache.is_dir()
    assert not (tmp_path / ".wechaty").exists()


def test_importing_the_transport_module_does_not_import_wechaty(tmp_path: Path) -> None:
    result = run_python(
        """
        import sys
        import bot.transports.wechaty
        import bot.transports
        print(sorted(m for m in sys.modules if m.split(".")[0].startswith("wechaty")))
        """,
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_the_pins_are_still_needed() -> None:
    """pyee<9 and urllib3<2 stay pinned while python-wechaty uses what they removed."""
    import pyee
    import urllib3

    wechaty_dir = Path(pyee.__file__).parents[1] / "wechaty"
    url_link = (wechaty_dir / "user" / "url_link.py").read_text(encoding="utf-8")
    assert "from urllib3 import get_host" in url_link
    assert int(urllib3.__version__.split(".")[0]) < 2
    service = (wechaty_dir.parent / "wechaty_puppet_service" / "puppet.py").read_text("utf-8")
    assert "from pyee import AsyncIOEventEmitter" in service
    assert hasattr(pyee, "AsyncIOEventEmitter")


def test_python_is_older_than_3_13_because_wechaty_imports_telnetlib() -> None:
    import importlib.util

    assert sys.version_info < (3, 13), "python-wechaty imports telnetlib, gone in Python 3.13"
    assert importlib.util.find_spec("telnetlib") is not None
