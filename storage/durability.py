"""Group commit on PostgreSQL: many messages' transactions made durable by one disk flush.

Each message keeps its own transaction (the same isolation, the same retries, one message's
failure touching no other). What a group changes is only when a COMMIT waits for the disk:
inside `deferred()` a transaction opened on PostgreSQL is committed with
`synchronous_commit = off` (its COMMIT returns once the commit record is in the WAL buffers,
not on disk), and `flush()` afterwards commits one tiny transaction synchronously. The WAL
is one sequence, so flushing up to that commit's record flushes every commit before it:
one fsync for the whole group instead of one per message (the loopback server here does
~200-360 synchronous commits a second, which capped the pipeline near that rate).

Nothing a group's messages did may be acknowledged before `flush()` returns: the runtime
hands their results (and so wakes the outbox sender) only then (bot.runtime.batcher). Any
other synchronous commit is a flush too: the sender's claim of a reply commits durably
before the reply goes out, so no reply ever leaves ahead of the words it answers.
A PostgreSQL crash in the milliseconds between a group's COMMITs and its flush loses those
messages as it would have lost them mid-transaction; other sessions (the console, another
account's process) may see their rows in that window, as with any asynchronous commit.

SQLite is untouched: every commit there is durable as it was (its commits are cheap).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

from bot.ports import Unavailable

ASYNC_COMMIT = "SET LOCAL synchronous_commit TO off"
# The same for a transaction that is one statement (autocommit): set_config(…, true) is
# SET LOCAL as a function, evaluated inside the statement, so its own commit does not wait.
ASYNC_COMMIT_IN_STATEMENT = "SELECT set_config('synchronous_commit', 'off', true)"


@dataclass
class Group:
    """Transactions of one group that committed (or may yet) without waiting for the disk."""

    deferred: int = 0


# The group the current thread's transactions belong to (None: every commit is durable).
_group: ContextVar[Group | None] = ContextVar("linli_commit_group", default=None)


@contextmanager
def deferred() -> Iterator[Group]:
    """Transactions opened inside commit without waiting for the disk; the caller flushes
    (`flush`) before it acknowledges any of them."""
    group = Group()
    token = _group.set(group)
    try:
        yield group
    finally:
        _group.reset(token)


def queue_async_commit(pg: Any) -> None:
    """After a BEGIN queued in psycopg's pipeline: the transaction commits without waiting
    for the disk when a group is open (no round trip of its own: it rides in the pipeline)."""
    group = _group.get()
    if group is not None:
        pg.execute(ASYNC_COMMIT)
        group.deferred += 1


def async_commit() -> bool:
    """For a transaction about to be sent as one statement: whether it must commit without
    waiting for the disk (a group is open; it is counted as one of the group's)."""
    group = _group.get()
    if group is None:
        return False
    group.deferred += 1
    return True


def flush(engine: Engine) -> None:
    """Make every transaction committed so far durable: one small transaction that gets a
    transaction id (so it writes a commit record) and commits synchronously, in one round
    trip. The server flushes the WAL up to that record, which covers every earlier commit."""
    import psycopg  # only on PostgreSQL

    from storage import raw  # it imports storage.database, which imports this module

    try:
        with engine.connect() as connection, raw.translated(connection):
            pg = connection.connection.dbapi_connection
            assert isinstance(pg, psycopg.Connection)
            pg.autocommit = True
            try:
                with pg.pipeline():
                    pg.execute("BEGIN")
                    pg.execute("SELECT pg_current_xact_id()")
                    pg.execute("COMMIT")
            finally:
                if not pg.closed:
                    pg.autocommit = False
    except DBAPIError as exc:  # no connection to be had (the server away)
        raise Unavailable(str(exc.orig)) from exc
