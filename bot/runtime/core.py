"""The core's one worker thread.

The core is synchronous (plain SQLAlchemy, fast on SQLite); it runs on one worker thread
so the event loop stays free for the transport and the console, and writes never contend.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import TypeVar

T = TypeVar("T")


class CoreThread:
    """Runs core functions one at a time, off the event loop."""

    def __init__(self) -> None:
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="linli-core")

    async def call(self, fn: Callable[..., T], *args: object, **kwargs: object) -> T:
        """Run a core function on the core's thread."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, partial(fn, *args, **kwargs))

    def shutdown(self) -> None:
        """Wait for the write under way, then stop taking work."""
        self._executor.shutdown(wait=True)
