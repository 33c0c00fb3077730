"""Statements of a message's common path run on the raw psycopg cursor (PostgreSQL only).

Every message runs the same few statements: the arrival (one SELECT of a group and a person,
some forty columns) and, with the commit, the message row and an UPDATE or two. Through
SQLAlchemy each costs its execution machinery and, for the SELECT, psycopg's
`cursor.description` (a Column object per column, built anew on every execute): together
about a fifth of a small-talk message's client CPU on PostgreSQL. Here such a statement is
compiled once by SQLAlchemy for the connection's dialect (the same SQL it would send, the
same bind and result processing of our column types), then sent with `cursor.execute`
(psycopg prepares it on the server after a few uses) and read with `fetchall()`, which
never builds a description.

SQLite keeps SQLAlchemy's own path: it is fast there, and the same Core statement gives the
same rows on both backends.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from sqlalchemy import Connection, Dialect, Insert, Update
from sqlalchemy.sql import ClauseElement, Executable, Select
from sqlalchemy.sql.compiler import SQLCompiler

from bot.ports import Conflict, Unavailable
from storage.database import begin_with_statement

Processor = Callable[[Any], Any]
Write = tuple[Executable, Mapping[str, object]]  # an INSERT or UPDATE and its row


@dataclass(frozen=True)
class _Compiled:
    sql: str
    # Every bind parameter: its name, its type's processing, the value the statement itself
    # gives it (a literal's; None for one the caller supplies).
    binds: tuple[tuple[str, Processor | None, object], ...]
    results: tuple[Processor | None, ...]  # one per selected column; () for a write
    # The columns whose values go through a processor, with it (most need none: the
    # arrival's 27 columns have 5), so a row is not walked column by column in Python.
    processed: tuple[tuple[int, Processor], ...]
    # Work SQLAlchemy does as it executes the statement: a Python-side default or onupdate
    # to compute, a list to expand (IN): such a statement goes SQLAlchemy's way.
    computed: bool


@cache
def _compile(statement: ClauseElement, keys: frozenset[str] | None, dialect: Dialect) -> _Compiled:
    """`statement` compiled for `dialect` (an INSERT or UPDATE for the columns in `keys`)."""
    compiled = statement.compile(
        dialect=dialect, column_keys=sorted(keys) if keys is not None else None
    )
    assert isinstance(compiled, SQLCompiler)
    binds = tuple(
        (name, bind.type.dialect_impl(dialect).bind_processor(dialect), bind.value)
        for bind, name in compiled.bind_names.items()
    )
    results: tuple[Processor | None, ...] = ()
    if isinstance(statement, Select):
        results = tuple(
            column.type.dialect_impl(dialect).result_processor(dialect, None)
            for column in statement.selected_columns
        )
    computed = bool(
        getattr(compiled, "insert_prefetch", None)
        or getattr(compiled, "update_prefetch", None)
        or "__[POSTCOMPILE_" in compiled.string
    )
    processed = tuple((at, p) for at, p in enumerate(results) if p is not None)
    return _Compiled(compiled.string, binds, results, processed, computed)


def _parameters(compiled: _Compiled, values: Mapping[str, object]) -> dict[str, object]:
    out: dict[str, object] = {}
    for name, process, given in compiled.binds:
        value = values.get(name, given)
        out[name] = process(value) if process is not None and value is not None else value
    return out


def _announced(
    connection: Connection, cursor: Any, sql: str, parameters: dict[str, object]
) -> tuple[str, dict[str, object]]:
    """The engine's before_cursor_execute listeners see the statement as if SQLAlchemy sent
    it (storage.database's NUL cleaning, and what tests and benchmarks count)."""
    for listener in connection.dispatch.before_cursor_execute:
        sql, parameters = listener(connection, cursor, sql, parameters, None, False)
    return sql, parameters


def cursor_of(connection: Connection) -> Any:
    """A psycopg cursor on the connection's transaction (raw: SQLAlchemy sees no statement).
    Its next commit or rollback, SQLAlchemy's or the unit of work's pipelined one, ends
    whatever this cursor began.

    One cursor per pooled connection, kept in its pool entry's info and used again: making
    a psycopg cursor (its adapters, its state) was a tenth of the raw path's calls, twice a
    message. Every execute starts the cursor afresh, and what a statement returned is taken
    (fetchall) before the next one goes out. Checked against the entry's current connection:
    after a reconnect the entry holds a new one, and the old cursor is closed with the old."""
    fairy = connection.connection
    pg = fairy.dbapi_connection
    cursor = fairy.info.get(_CURSOR)
    if cursor is None or cursor.connection is not pg or cursor.closed:
        cursor = fairy.info[_CURSOR] = pg.cursor()  # type: ignore[union-attr]
    return cursor


_CURSOR = "linli_raw_cursor"  # the pool entry's info: its connection's raw cursor

# psycopg.pq.TransactionStatus.IDLE (libpq's PQTRANS_IDLE), named here so that SQLite
# deployments, which run this module too, never import psycopg.
IDLE = 0


def set_autocommit(pg: Any, value: bool) -> None:
    """psycopg's `autocommit = value`, for a connection with no transaction open: then its
    setter's one check (no transaction may be open) passes, and what it does is set the
    flag. The setter takes the connection's lock and runs a generator through its wait loop
    for that, a dozen calls, and the raw path switches autocommit four times a message.
    With a transaction open (a pipeline that failed between its BEGIN and its ROLLBACK),
    psycopg's own setter, which refuses."""
    if pg.pgconn.transaction_status == IDLE:
        pg._autocommit = value
    else:
        pg.autocommit = value


@contextmanager
def translated(connection: Connection) -> Iterator[None]:
    """psycopg's errors from statements sent past SQLAlchemy, in the core's terms as the
    unit of work gives them for its own (SqlUnitOfWork.__exit__): a lost race is a
    Conflict, a lost connection is dropped from the pool and Unavailable."""
    import psycopg  # only on PostgreSQL; SQLite deployments never load it

    try:
        yield
    except psycopg.IntegrityError as exc:
        raise Conflict(str(exc)) from exc
    except psycopg.errors.TransactionRollback as exc:  # deadlock, serialization (40xxx)
        raise Conflict(str(exc)) from exc
    except psycopg.OperationalError as exc:
        connection.invalidate(exc)
        raise Unavailable(str(exc)) from exc


def select_rows(
    connection: Connection,
    statement: Select[Any],
    values: Mapping[str, object],
    *,
    ahead_of_transaction: bool = False,
) -> list[tuple[object, ...]]:
    """The rows of `statement` with its bind parameters from `values` (an absent one is
    NULL), each column through its type's result processing, as SQLAlchemy would give.

    `ahead_of_transaction`: when no transaction is open yet, the read is sent on its own
    (autocommit) and the transaction opens with the next statement (storage.database, or
    the commit's pipeline). For a plain read that locks nothing this is the same answer
    under READ COMMITTED (every statement takes its own snapshot), without the BEGIN and
    the pipeline around it; a transaction that ends up writing nothing sends no ROLLBACK."""
    compiled = _compile(statement, None, connection.dialect)
    if compiled.computed:
        return [tuple(row) for row in connection.execute(statement, dict(values))]
    cursor = cursor_of(connection)
    sql, parameters = _announced(connection, cursor, compiled.sql, _parameters(compiled, values))
    pg = cursor.connection
    ahead = ahead_of_transaction and not pg.autocommit and _idle(pg)
    with translated(connection):
        if ahead:
            set_autocommit(pg, True)
            try:
                # Prepared on the server at once, not after psycopg's five uses: outside a
                # pipeline its PREPARE is a round trip of its own, better spent on the first
                # message than on some later one.
                cursor.execute(sql, parameters, prepare=True)
            finally:
                if not pg.closed:
                    set_autocommit(pg, False)
        # Else a transaction's BEGIN rides along with its first statement (storage.database).
        elif not begin_with_statement(cursor, sql, parameters, None):
            cursor.execute(sql, parameters)
        rows = cursor.fetchall()
    return _processed(compiled, rows)  # psycopg's rows are tuples already


def select_many(
    connection: Connection, reads: Sequence[tuple[Select[Any], Mapping[str, object]]]
) -> list[list[tuple[object, ...]]]:
    """The rows of several SELECTs (as `select_rows` takes one), sent together in psycopg's
    pipeline mode and answered in one round trip, where one at a time took one each (「进度
    E0001」 reads a case, its reporters and its timeline; a report the open cases and the
    latest ones of its place). Each statement is read on a cursor of its own (a cursor
    keeps only its last result). As in `select_rows(ahead_of_transaction=True)`, when no
    transaction is open they are read ahead of it: plain reads that lock nothing, each with
    its own snapshot under READ COMMITTED as inside the transaction; inside one, in it."""
    dialect = connection.dialect
    compiled = [_compile(statement, None, dialect) for statement, _ in reads]
    if len(reads) < 2 or any(c.computed for c in compiled):
        return [select_rows(connection, s, v, ahead_of_transaction=True) for s, v in reads]
    first = cursor_of(connection)
    pg = first.connection
    cursors = [first, *_more_cursors(connection, len(reads) - 1)]
    ahead = not pg.autocommit and _idle(pg)
    with translated(connection):
        if ahead:
            set_autocommit(pg, True)
        try:
            with pg.pipeline():
                for cursor, c, (_statement, values) in zip(cursors, compiled, reads, strict=True):
                    sql, parameters = _announced(connection, cursor, c.sql, _parameters(c, values))
                    cursor.execute(sql, parameters)
            # The block's end sent one Sync and took every statement's rows.
            found = [cursor.fetchall() for cursor in cursors]
        finally:
            if ahead and not pg.closed:
                set_autocommit(pg, False)
    return [_processed(c, rows) for c, rows in zip(compiled, found, strict=True)]


def _more_cursors(connection: Connection, count: int) -> list[Any]:
    """`count` raw cursors besides `cursor_of`'s, kept in the pool entry like it."""
    fairy = connection.connection
    pg = fairy.dbapi_connection
    kept: list[Any] = fairy.info.setdefault(_MORE_CURSORS, [])
    kept[:] = [c for c in kept if c.connection is pg and not c.closed]
    while len(kept) < count:
        kept.append(pg.cursor())  # type: ignore[union-attr]
    return kept[:count]


_MORE_CURSORS = "linli_raw_cursors"  # the pool entry's info: select_many's extra cursors


def _processed(compiled: _Compiled, rows: list[Any]) -> list[tuple[object, ...]]:
    processed = compiled.processed
    if not processed:
        return rows
    out: list[tuple[object, ...]] = []
    for row in rows:
        cells = list(row)
        for at, process in processed:
            cells[at] = process(cells[at])
        out.append(tuple(cells))
    return out


def _idle(pg: Any) -> bool:
    return bool(pg.pgconn.transaction_status == IDLE)


def write(
    connection: Connection, writes: Iterable[tuple[Executable, Mapping[str, object]]]
) -> None:
    """Send INSERTs and UPDATEs in order, each (statement, row): the columns set are the
    row's keys, and a bind parameter that is no column (an UPDATE's key) comes from the row
    too. Nothing is read back, so inside psycopg's pipeline the statements only queue."""
    cursor = cursor_of(connection)
    dialect = connection.dialect
    for statement, row in writes:
        assert isinstance(statement, ClauseElement)
        compiled = _compile(statement, _column_keys(statement, row), dialect)
        if compiled.computed:
            connection.execute(statement, dict(row))  # a default to compute: SQLAlchemy's way
        else:
            cursor.execute(
                *_announced(connection, cursor, compiled.sql, _parameters(compiled, row))
            )


def write_now(
    connection: Connection, statement: Executable, row: Mapping[str, object], *, returns: bool
) -> tuple[list[tuple[object, ...]], int] | None:
    """One INSERT or UPDATE (as `write` takes it, or a text statement) sent at once, the
    transaction's BEGIN with it (storage.database): the rows it returns (RETURNING, when
    `returns`) and the number it wrote. Through SQLAlchemy such a statement cost three
    times its raw execute (its execution context, a result object, psycopg's description
    of the RETURNING). None when it must go SQLAlchemy's way (a default computed in
    Python, a list to expand): the caller then executes it there."""
    assert isinstance(statement, ClauseElement)
    compiled = _compile(statement, _column_keys(statement, row), connection.dialect)
    if compiled.computed:
        return None
    cursor = cursor_of(connection)
    sql, parameters = _announced(connection, cursor, compiled.sql, _parameters(compiled, row))
    with translated(connection):
        if not begin_with_statement(cursor, sql, parameters, None):
            cursor.execute(sql, parameters)
        rows = cursor.fetchall() if returns else []
    return rows, cursor.rowcount


def one_statement(
    connection: Connection, writes: Sequence[Write]
) -> tuple[tuple[str, ...], dict[str, object]] | None:
    """INSERTs and UPDATEs (as `write` takes them) prepared to go as one statement: the SQL
    of each, and their parameters renamed apart (see `joined`). None when one of them must
    go SQLAlchemy's way (a default computed in Python) or holds a literal '%', and when two
    INSERT into one table: the order of their generated ids is the order of the rows (the
    replies of a chat go out in it), which one statement's CTEs do not promise."""
    dialect = connection.dialect
    parts: list[str] = []
    parameters: dict[str, object] = {}
    inserted: set[object] = set()
    for i, (statement, row) in enumerate(writes):
        assert isinstance(statement, ClauseElement)
        if isinstance(statement, Insert):
            if statement.table in inserted:
                return None
            inserted.add(statement.table)
        compiled = _compile(statement, _column_keys(statement, row), dialect)
        if compiled.computed or "%%" in compiled.sql:
            return None
        parts.append(compiled.sql)
        for name, value in _parameters(compiled, row).items():
            parameters[f"w{i}_{name}"] = value
    return tuple(parts), parameters


_PARAMETER = re.compile(r"%\((\w+)\)s")


@lru_cache(maxsize=256)
def joined(parts: tuple[str, ...], main: str) -> str:
    """The statements of `one_statement` as data-modifying CTEs of one statement whose main
    query is `main`. PostgreSQL runs every data-modifying CTE whether or not the main query
    reads it, all in the statement's transaction: one transaction of one statement, where a
    pipeline of BEGIN, the writes and COMMIT made psycopg handle each separately. The writes
    share one snapshot, so none may read another's rows: the unit of work's are an UPDATE
    per changed row by its key (each row once) and plain INSERTs."""
    ctes = ", ".join(f"w{i} AS ({_renamed(sql, i)})" for i, sql in enumerate(parts))
    return f"WITH {ctes} {main}"


def _renamed(sql: str, i: int) -> str:
    """`sql` with each parameter %(name)s renamed %(w<i>_name)s."""
    return _PARAMETER.sub(f"%(w{i}_" + r"\1)s", sql)


def execute(connection: Connection, sql: str, parameters: dict[str, object]) -> None:
    """Send one statement (as `joined` made it) on the connection's raw cursor."""
    cursor = cursor_of(connection)
    cursor.execute(*_announced(connection, cursor, sql, parameters))


def _column_keys(statement: ClauseElement, row: Mapping[str, object]) -> frozenset[str] | None:
    """The columns an INSERT … VALUES or an UPDATE sets: the row's keys, as SQLAlchemy
    compiles it for the parameters given; None for anything else (a DELETE, an INSERT …
    SELECT, a text statement), compiled as it stands."""
    if isinstance(statement, Update) or (
        isinstance(statement, Insert) and statement.select is None
    ):
        return frozenset(row)
    return None


def is_raw(connection: Connection) -> bool:
    """Whether this connection's statements go the raw way (PostgreSQL)."""
    return connection.dialect.name == "postgresql"


__all__: Sequence[str] = (
    "cursor_of",
    "execute",
    "is_raw",
    "joined",
    "one_statement",
    "select_many",
    "select_rows",
    "set_autocommit",
    "write",
    "write_now",
)
