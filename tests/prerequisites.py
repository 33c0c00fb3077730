"""What the suite needs from the machine, found or failed with a message that says how to fix
it. Never a skip: a test that cannot run is a failure the person running `make test` must see."""

from __future__ import annotations

import os

import pytest

DEFAULT_CHROMIUM = "/usr/bin/chromium"  # Debian's package; the tests never download a browser
MISSING_CHROMIUM = (
    "Chromium is missing at {path}: the browser tests drive Debian's Chromium and never "
    "download one. Install it with `sudo apt-get install -y chromium fonts-noto-cjk` "
    "(Debian/Ubuntu), or run `sudo bash .ci/run`, which installs everything `make test` "
    "needs and runs it; `make deps` lists what this machine still lacks (README: 测试)."
)


def chromium_path() -> str:
    path = os.environ.get("LINLI_CHROMIUM", DEFAULT_CHROMIUM)
    if not os.access(path, os.X_OK):
        pytest.fail(MISSING_CHROMIUM.format(path=path), pytrace=False)
    return path
