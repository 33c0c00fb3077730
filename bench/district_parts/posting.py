"""Handing each account's messages to its process in batches, the unanswered ones again
(as a reconnecting gateway would), and timing each from posting to the bot having kept it."""

from __future__ import annotations

import asyncio
import time
from collections import Counter, deque
from dataclasses import dataclass, field

import aiohttp

from bench.district_parts.processes import Bot
from bench.district_parts.talk import Message

BATCH = 25  # messages per POST at most (a backlog drains in batches; latency still counts)


@dataclass
class Tally:
    accepted: set[str] = field(default_factory=set)
    errors: Counter[str] = field(default_factory=Counter)
    latency: list[float] = field(default_factory=list)  # ms, posted → kept
    clean_latency: list[float] = field(default_factory=list)  # of those no kill interrupted
    resent: int = 0
    posted: set[str] = field(default_factory=set)  # every id handed to a process at least once


async def post_loop(
    bot: Bot,
    queue: deque[Message],
    session: aiohttp.ClientSession,
    tally: Tally,
    done: asyncio.Event,
) -> None:
    """Hand this account's messages to its process, oldest first; unanswered ones again."""
    url = f"http://127.0.0.1:{bot.port}/inbound"
    while not (done.is_set() and not queue):
        if not queue:
            await asyncio.sleep(0.005)
            continue
        batch = [queue.popleft() for _ in range(min(BATCH, len(queue)))]
        for m in batch:
            m.tries += 1
            tally.posted.add(f"{bot.account}/{m.id}")
        try:
            async with session.post(url, json=[m.body() for m in batch]) as response:
                response.raise_for_status()
                results = (await response.json())["results"]
        except (aiohttp.ClientError, TimeoutError, ValueError, KeyError):
            # The process is down (killed, starting): the same ids again, first in line.
            tally.resent += sum(1 for m in batch if m.tries == 1)
            queue.extendleft(reversed(batch))
            await asyncio.sleep(0.2)
            continue
        now = time.perf_counter()
        for m, result in zip(batch, results, strict=True):
            if result.get("ok"):
                tally.accepted.add(f"{bot.account}/{m.id}")
                tally.latency.append((now - m.created) * 1000)
                if bot.undisturbed(m.created, now):
                    tally.clean_latency.append((now - m.created) * 1000)
            else:
                # The bot had it and failed: counted as accepted, so the check finds it missing.
                tally.accepted.add(f"{bot.account}/{m.id}")
                tally.errors[str(result.get("error"))] += 1
