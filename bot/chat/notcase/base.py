"""What the steps share: the way to run a command the bot read out of a message."""

from __future__ import annotations

from collections.abc import Callable

Run = Callable[[str], bool]  # runs a command text as if typed; False when it does not apply
