"""How many photos, voice notes and videos of one sender are downloaded and kept (probe8).

Every file sent in a bound group is fetched (up to [evidence] max_mb, 20 MB) and kept, so a
report can adopt it. One sender pasting a thousand pictures a minute would fill the disk at
gigabytes a minute. WeChat sends at most nine pictures at once and a report needs a few: a
sender's files are kept up to `per_window` in any rolling `window`; beyond that the message
is handled without its file (stored, answered as any picture is) and a log line says so.
In memory per process, like the reply budget: a group's files reach one account's process.
"""

from __future__ import annotations

import logging
from collections import deque
from datetime import datetime, timedelta

log = logging.getLogger(__name__)

PER_WINDOW = 30
WINDOW = timedelta(minutes=10)
SWEEP_AT = 10_000


class MediaBudget:
    def __init__(self, per_window: int = PER_WINDOW, window: timedelta = WINDOW) -> None:
        self.per_window = per_window
        self.window = window
        self._kept: dict[str, deque[datetime]] = {}
        self._refused: dict[str, int] = {}
        self._latest: datetime | None = None  # the latest moment the clock has read

    def allows(self, sender_id: str, now: datetime) -> bool:
        self._follow(now)
        if len(self._kept) > SWEEP_AT:
            self._sweep(now)
        kept = self._kept.setdefault(sender_id, deque())
        while kept and kept[0] <= now - self.window:
            kept.popleft()
        if len(kept) < self.per_window:
            kept.append(now)
            self._refused.pop(sender_id, None)
            return True
        refused = self._refused[sender_id] = self._refused.get(sender_id, 0) + 1
        if refused == 1 or refused % 100 == 0:  # one line per burst, not one per file
            log.warning(
                "sender %s sent more than %d files in %s; %d not kept",
                sender_id,
                self.per_window,
                self.window,
                refused,
            )
        return False

    def _follow(self, now: datetime) -> None:
        """The clock was set back: move the times kept back with it. Left in the future they
        never aged out, and a sender's files were dropped for the jump plus the window."""
        latest, self._latest = self._latest, now
        if latest is None or now >= latest:
            return
        back = latest - now
        self._kept = {s: deque(t - back for t in kept) for s, kept in self._kept.items()}

    def _sweep(self, now: datetime) -> None:
        for sender_id, kept in list(self._kept.items()):
            if not kept or kept[-1] <= now - self.window:
                del self._kept[sender_id]
                self._refused.pop(sender_id, None)
