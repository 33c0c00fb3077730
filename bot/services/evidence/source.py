"""MediaSources over bytes already in hand: the simulator, the console's chat simulator, replay
(BytesMedia), and a download done ahead of time, outside any transaction (Prefetched)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.ports import MediaSource, MediaTooLarge, MediaUnavailable


@dataclass(frozen=True)
class BytesMedia:
    data: bytes

    def fetch(self, limit: int) -> bytes:
        if len(self.data) > limit:
            raise MediaTooLarge(f"{len(self.data)} bytes > {limit}")
        return self.data


@dataclass(frozen=True)
class Prefetched:
    """What one earlier fetch got, bytes or the reason there are none, handed out again."""

    data: bytes | None = None
    error: MediaTooLarge | MediaUnavailable | None = None

    def fetch(self, limit: int) -> bytes:
        if self.error is not None:
            raise self.error
        assert self.data is not None
        if len(self.data) > limit:
            raise MediaTooLarge(f"{len(self.data)} bytes > {limit}")
        return self.data


def prefetch(source: MediaSource, limit: int) -> Prefetched:
    """Download now (the caller holds no transaction); the outcome is replayed later."""
    try:
        return Prefetched(data=source.fetch(limit))
    except (MediaTooLarge, MediaUnavailable) as exc:
        return Prefetched(error=exc)
