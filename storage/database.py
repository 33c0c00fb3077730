"""Opening a database: engine, connection settings per backend, and the schema."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, exc
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import ConnectionPoolEntry, PoolProxiedConnection

from storage.arrival_facts import mark_writes
from storage.durability import queue_async_commit
from storage.files import private_dir
from storage.orm import start_mappers
from storage.rollup import DEFAULT_TZ, install

# Seconds a SQLite statement waits for a lock another connection holds before it fails.
SQLITE_BUSY_TIMEOUT = 5.0


def _sqlite_pragmas(busy_timeout: float) -> Any:
    busy_ms = max(1, round(busy_timeout * 1000))

    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        # WAL lets the console read while the bot writes; NORMAL sync is safe with WAL.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={busy_ms}")
        # A deleted or rewritten row is overwritten on disk, not left in a free page where a
        # copy of the file would still hold an erased resident's words (probe9). Deletes are
        # rare.
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()

    return on_connect


# A pooled PostgreSQL connection that sat idle longer than this is pinged before use.
# Pinging on every checkout (pool_pre_ping) costs one round trip per message, a sixth of
# the pipeline's time on loopback; a connection used moments ago is almost surely alive,
# and a failure mid-use is retried by the pipeline (see SqlUnitOfWork.__exit__).
PING_AFTER_IDLE = 10.0


def _note_checkin(_dbapi_connection: Any, record: ConnectionPoolEntry) -> None:
    record.info["idle_since"] = time.monotonic()


def _ping_if_idle(ping_after: float) -> Any:
    def check(
        dbapi_connection: Any, record: ConnectionPoolEntry, _proxy: PoolProxiedConnection
    ) -> None:
        idle_since = record.info.get("idle_since")
        if idle_since is not None and time.monotonic() - idle_since < ping_after:
            return
        try:
            cursor = dbapi_connection.cursor()
            cursor.execute("SELECT 1")
            cursor.close()
            dbapi_connection.rollback()
        except Exception as error:  # any failure: the pool drops it and tries a fresh one
            raise exc.DisconnectionError(str(error)) from error

    return check


def begin_with_statement(
    cursor: Any, statement: str, parameters: Any, _context: Any, *, many: bool = False
) -> bool:
    """Send a transaction's BEGIN in one round trip with its first statement.

    psycopg opens a transaction with a BEGIN of its own, waited for before the statement
    goes out: a round trip per transaction for nothing (a sixth of a message's time on
    loopback). Here, when psycopg is about to do that, the BEGIN and the statement are queued
    in pipeline mode and sent together; afterwards the connection is in exactly the state
    psycopg's own BEGIN would have left (in a transaction, autocommit off). Connections in
    autocommit (migrations' CREATE INDEX CONCURRENTLY) and open transactions are left alone.
    """
    from psycopg import ServerCursor, pq  # only PostgreSQL engines listen; SQLite never does

    raw = cursor.connection
    if raw.autocommit or raw.pgconn.transaction_status != pq.TransactionStatus.IDLE:
        return False
    if isinstance(cursor, ServerCursor):  # a streamed read (yield_per): no pipeline mode
        return False
    raw.autocommit = True  # so that psycopg sends no BEGIN itself: this one is queued by hand
    try:
        with raw.pipeline():
            raw.execute(_begin_command(raw))
            queue_async_commit(raw)  # inside a commit group only (storage.durability)
            if many:
                cursor.executemany(statement, parameters)
            else:
                cursor.execute(statement, parameters)
    finally:
        if raw.pgconn.transaction_status == pq.TransactionStatus.IDLE:
            raw.autocommit = False  # the BEGIN never took: nothing open, the public way works
        else:
            # psycopg allows switching autocommit off only outside a transaction (its own
            # BEGIN sets the attribute the same way); this transaction is ours.
            raw._autocommit = False
    return True


def _begin_many_with_statement(cursor: Any, statement: str, parameters: Any, context: Any) -> bool:
    return begin_with_statement(cursor, statement, parameters, context, many=True)


def _begin_command(raw: Any) -> str:
    """The BEGIN psycopg would have sent (its characteristics are the connection's)."""
    parts = ["BEGIN"]
    if raw.isolation_level is not None:
        parts.append(f"ISOLATION LEVEL {raw.isolation_level.name.replace('_', ' ')}")
    if raw.read_only is not None:
        parts.append("READ ONLY" if raw.read_only else "READ WRITE")
    if raw.deferrable is not None:
        parts.append("DEFERRABLE" if raw.deferrable else "NOT DEFERRABLE")
    return " ".join(parts)


# PostgreSQL refuses a text value holding a NUL byte (psycopg.DataError), so a message with one
# (pasted from a broken client, or sent on purpose) would be lost with its whole transaction.
# Every string on its way to either backend has NUL replaced by U+FFFD, as the console shows
# any other unreadable character: both backends keep the same text, and the words stay.
# A lone UTF-16 surrogate ("\ud800" in a JSON body) cannot be encoded for either backend at
# all (UnicodeEncodeError, a 500): it gets the same U+FFFD (probe8).
NUL, REPLACEMENT = "\x00", "\ufffd"
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def _clean(value: Any) -> Any:
    return _UNSTORABLE.sub(REPLACEMENT, value) if isinstance(value, str) else value


def _any_unstorable(values: Any) -> bool:
    """Whether any string among `values` holds a character neither backend stores. One
    search over them joined, not one per value: the pattern is a single character class, so
    joining finds exactly what searching each would (every statement's parameters pass
    here)."""
    strings = [v for v in values if isinstance(v, str)]
    return bool(strings) and _UNSTORABLE.search("".join(strings)) is not None


def _clean_row(row: Any) -> Any:
    if isinstance(row, str):
        # SQLAlchemy's insertmanyvalues batches (outbox rows of a broadcast) come as one flat
        # sequence of values with executemany=True: each "row" here is then a value.
        return _clean(row)
    if isinstance(row, dict):
        if _any_unstorable(row.values()):
            return {k: _clean(v) for k, v in row.items()}
        return row
    if isinstance(row, (list, tuple)) and _any_unstorable(row):
        return type(row)(_clean(v) for v in row)
    return row


def _without_nul(
    _conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, executemany: bool
) -> tuple[str, Any]:
    if executemany and isinstance(parameters, (list, tuple)):
        return statement, [_clean_row(row) for row in parameters]
    return statement, _clean_row(parameters)


# Seconds a new PostgreSQL connection may take: a server that drops packets (not refusing)
# would otherwise keep the core's one thread waiting on the TCP timeout, minutes.
CONNECT_TIMEOUT = 5


def make_engine(
    url: str,
    *,
    ping_after_idle: float = PING_AFTER_IDLE,
    lock_timeout: float | None = None,
    busy_timeout: float = SQLITE_BUSY_TIMEOUT,
) -> Engine:
    """`lock_timeout` (PostgreSQL, seconds): how long a statement waits for a lock held
    elsewhere before it fails (OperationalError, so the caller holds the message and tries
    again). The core runs on one thread: an unbounded wait stood the whole bot still for as
    long as someone else held the lock (fault9). None or 0: no limit (migrations).
    `busy_timeout` (SQLite, seconds): the same wait on SQLite, where it is always bounded."""
    if not url.startswith(("sqlite", "postgresql:", "postgresql+psycopg:")):
        # mysql://… would end in a missing driver's traceback (probe8): say what is supported.
        scheme = url.split(":", 1)[0] if ":" in url else url
        raise exc.ArgumentError(f"只支持 SQLite 和 PostgreSQL，不支持 {scheme[:40]!r}")
    start_mappers()
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            private_dir(Path(path).parent)  # the SQLite files inherit nobody else's access
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas(busy_timeout))
        event.listen(engine, "before_cursor_execute", _without_nul, retval=True)
        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    connect_args: dict[str, Any] = {"connect_timeout": CONNECT_TIMEOUT}
    if lock_timeout:
        connect_args["options"] = f"-c lock_timeout={max(1, round(lock_timeout * 1000))}"
    engine = create_engine(url, pool_size=5, max_overflow=5, connect_args=connect_args)
    event.listen(engine.pool, "checkin", _note_checkin)
    event.listen(engine.pool, "checkout", _ping_if_idle(ping_after_idle))
    event.listen(engine, "do_execute", begin_with_statement)
    event.listen(engine, "do_executemany", _begin_many_with_statement)
    event.listen(engine, "before_cursor_execute", _without_nul, retval=True)
    return engine


def make_session_factory(engine: Engine, tz: str = DEFAULT_TZ) -> sessionmaker[Session]:
    """`tz`: the community's zone, in which the monthly rollups cut months (storage/rollup.py)."""
    factory = sessionmaker(engine, expire_on_commit=False)
    install(factory, tz)
    mark_writes(factory)
    return factory
