"""`make test` on a machine that lacks something (issue 12, item 19): `make deps` and the
browser fixture name what is missing and how to install it; nothing is skipped."""

from __future__ import annotations

import os
import subprocess

import pytest

from tests.conftest import ROOT
from tests.prerequisites import chromium_path


def deps(**env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(ROOT / ".ci" / "deps")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **env},
        timeout=60,
    )


def test_make_test_checks_the_machine_first() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "\ntest: deps setup peer\n" in makefile and "\tbash .ci/deps" in makefile.replace(
        "@", ""
    )
    assert "bash .ci/deps --install" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_this_machine_has_what_the_suite_needs() -> None:
    done = deps()
    assert done.returncode == 0, done.stderr


def test_without_chromium_make_deps_says_how_to_install_it(tmp_path: os.PathLike[str]) -> None:
    done = deps(LINLI_CHROMIUM=str(tmp_path) + "/no-chromium")
    assert done.returncode == 1
    assert "Chromium at" in done.stderr and "no-chromium" in done.stderr
    assert "sudo apt-get install -y chromium" in done.stderr
    assert "sudo bash .ci/run" in done.stderr


def test_without_chromium_the_browser_tests_fail_with_the_fix(
    monkeypatch: pytest.MonkeyPatch, tmp_path: os.PathLike[str]
) -> None:
    monkeypatch.setenv("LINLI_CHROMIUM", str(tmp_path) + "/no-chromium")
    with pytest.raises(pytest.fail.Exception) as failed:
        chromium_path()
    message = str(failed.value)
    assert "apt-get install -y chromium" in message and "bash .ci/run" in message
    assert "make deps" in message


def test_the_readme_names_the_prerequisites() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    intro = readme[readme.index("## 两条命令") : readme.index("make run")]
    for needed in ("Chromium", "PostgreSQL", "fonts-noto-cjk", "Node.js", "make deps", ".ci/run"):
        assert needed in intro, needed
