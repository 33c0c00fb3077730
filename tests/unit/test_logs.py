"""Log stamps are in the community's zone (the console shows Beijing time), not UTC."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import pytest

from bot.logs import ZoneFormatter, setup_logging, use_timezone


def _record(at: datetime) -> logging.LogRecord:
    record = logging.LogRecord("linli", logging.INFO, __file__, 1, "你好", None, None)
    record.created = at.timestamp()
    record.msecs = 0
    return record


def test_default_zone_is_beijing_time() -> None:
    line = ZoneFormatter().format(_record(datetime(2026, 11, 30, 22, 5, tzinfo=UTC)))
    assert line.startswith("2026-12-01 06:05:00,000+0800 INFO linli: 你好")


def test_config_zone_is_followed_once_loaded(monkeypatch: pytest.MonkeyPatch) -> None:
    root = logging.getLogger()
    monkeypatch.setattr(root, "handlers", [])
    setup_logging(logging.INFO)
    use_timezone("Asia/Urumqi")
    (handler,) = root.handlers
    assert handler.formatter is not None
    line = handler.formatter.format(_record(datetime(2026, 11, 30, 22, 5, tzinfo=UTC)))
    assert line.startswith("2026-12-01 04:05:00,000+0600")
