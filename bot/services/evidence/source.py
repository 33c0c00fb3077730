"""A MediaSource over bytes already in hand: the simulator, the console's chat simulator, replay."""

from __future__ import annotations

from dataclasses import dataclass

from bot.ports import MediaTooLarge


@dataclass(frozen=True)
class BytesMedia:
    data: bytes

    def fetch(self, limit: int) -> bytes:
        if len(self.data) > limit:
            raise MediaTooLarge(f"{len(self.data)} bytes > {limit}")
        return self.data
