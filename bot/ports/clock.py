"""Where the core reads time."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol


class Clock(Protocol):
    """Where the core reads time. Always timezone-aware."""

    def now(self) -> datetime: ...
