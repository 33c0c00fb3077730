"""Login throttling that an attacker cannot turn against staff (issue 12, items 3 and 4).

Two limits, both kept in memory (a restart forgets them, which only helps the real user):

* per client address: after `ADDRESS_LIMIT` failures within `WINDOW`, that address is
  refused without any password being checked, for any username, until its failures age out.
  Only the attacking address is shut out; staff elsewhere log in as usual.
* Both count an attempt when it begins, before its password is checked, and take it back
  when the password was right: counted after the check, thirty attempts sent at once all
  passed both limits before the first was counted.
* per typed username: after `USERNAME_FREE` failures within `WINDOW`, each further attempt
  is answered only after a growing delay (2 s, 4 s, … up to `MAX_DELAY`). The right password
  still gets in after the delay, so spraying an account slows guessing but never locks the
  owner out. It is keyed by what was typed, known account or not, so the delay itself does
  not tell whether an account exists.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

WINDOW = 15 * 60.0  # seconds
ADDRESS_LIMIT = 10
USERNAME_FREE = 5
MAX_DELAY = 30.0
MAX_TRACKED = 10_000  # keys kept at most; a spray of random names cannot grow memory forever


@dataclass
class LoginThrottle:
    _by_address: dict[str, deque[float]] = field(default_factory=dict)
    _by_username: dict[str, deque[float]] = field(default_factory=dict)
    _reported: dict[str, float] = field(default_factory=dict)  # address: when shut-out logged
    _latest: float | None = None  # the latest moment the clock has read

    def _follow(self, now: float) -> None:
        """The clock was set back: move the failures back with it. Left in the future they
        never aged out, and an office's one address waited the jump plus the window."""
        latest, self._latest = self._latest, now
        if latest is None or now >= latest:
            return
        back = latest - now
        for table in (self._by_address, self._by_username):
            for key, times in table.items():
                table[key] = deque(t - back for t in times)
        self._reported = {key: t - back for key, t in self._reported.items()}

    def address_blocked(self, address: str, now: float) -> bool:
        self._follow(now)
        return len(self._recent(self._by_address, address, now)) >= ADDRESS_LIMIT

    def first_refusal(self, address: str, now: float) -> bool:
        """This shut-out address has not been logged within the window: log it now, once.
        (Every refused attempt was an audit entry: a flood grew the log without end and
        queued database writes ahead of the residents' messages.)"""
        self._follow(now)
        last = self._reported.get(address)
        if last is not None and now - last <= WINDOW:
            return False
        self._reported[address] = now
        if len(self._reported) > MAX_TRACKED:
            self._reported.pop(next(iter(self._reported)))
        return True

    def delay(self, username: str, now: float) -> float:
        """Seconds to wait before answering this attempt on `username`."""
        self._follow(now)
        over = len(self._recent(self._by_username, username.lower(), now)) - USERNAME_FREE
        return 0.0 if over < 0 else min(2.0 ** (over + 1), MAX_DELAY)

    def failed(self, address: str, username: str, now: float) -> None:
        self._follow(now)
        for table, key in ((self._by_address, address), (self._by_username, username.lower())):
            self._recent(table, key, now).append(now)
            if len(table) > MAX_TRACKED:
                table.pop(next(iter(table)))

    def succeeded(self, username: str, address: str | None = None, at: float | None = None) -> None:
        """The password was right: the account's count is cleared, and the attempt counted
        against the address when it began (`at`, see `failed`) is taken back."""
        self._by_username.pop(username.lower(), None)
        times = self._by_address.get(address) if address is not None else None
        if times and at is not None:
            for i in range(len(times) - 1, -1, -1):
                if times[i] == at:
                    del times[i]
                    break

    @staticmethod
    def _recent(table: dict[str, deque[float]], key: str, now: float) -> deque[float]:
        times = table.setdefault(key, deque())
        while times and now - times[0] > WINDOW:
            times.popleft()
        return times
