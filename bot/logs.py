"""Log lines stamped in the community's time zone, as the console shows times.

Operators read the log beside the console (Beijing time); UTC stamps made every incident an
exercise in adding eight hours. The zone starts as the default and follows the config once it
is loaded; the offset is printed so a line is never ambiguous.
"""

from __future__ import annotations

import logging
from datetime import datetime
from zoneinfo import ZoneInfo

DEFAULT_TIMEZONE = "Asia/Shanghai"
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class ZoneFormatter(logging.Formatter):
    """A formatter whose %(asctime)s is in a chosen zone: 2026-12-01 06:30:00,123+0800."""

    def __init__(self, fmt: str = LOG_FORMAT, tz: str = DEFAULT_TIMEZONE) -> None:
        super().__init__(fmt)
        self.tz = ZoneInfo(tz)

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        stamp = datetime.fromtimestamp(record.created, self.tz)
        if datefmt:
            return stamp.strftime(datefmt)
        return f"{stamp:%Y-%m-%d %H:%M:%S},{int(record.msecs):03d}{stamp:%z}"


def setup_logging(level: int, tz: str = DEFAULT_TIMEZONE) -> None:
    """Root logging to stderr in `tz` (the CLI's one call; replaces basicConfig)."""
    root = logging.getLogger()
    if not any(isinstance(h.formatter, ZoneFormatter) for h in root.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(ZoneFormatter(tz=tz))
        root.addHandler(handler)
    root.setLevel(level)
    use_timezone(tz)


def use_timezone(tz: str) -> None:
    """Once the config is read: stamp every Linli log line in the community's zone."""
    zone = ZoneInfo(tz)
    for handler in logging.getLogger().handlers:
        if isinstance(handler.formatter, ZoneFormatter):
            handler.formatter.tz = zone
