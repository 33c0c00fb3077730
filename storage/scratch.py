"""Throwaway PostgreSQL databases for the tests and benchmarks: created, handed over, dropped."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, text

DEFAULT_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def admin_url() -> str:
    """The server's maintenance database: $LINLI_TEST_PG, else the local server's `postgres`."""
    return os.environ.get("LINLI_TEST_PG", DEFAULT_ADMIN_URL)


@contextmanager
def temporary_database(
    admin: str | None = None, *, prefix: str = "linli_scratch", template: str | None = None
) -> Iterator[str]:
    """A fresh, empty database on the `admin` URL's server; its URL, dropped on the way out.
    With `template` (the URL of a database on the same server that nobody is connected to),
    a copy of that one instead: a copy of a migrated database is cheaper than migrating anew.

    The drop forces other sessions off, so a test or benchmark that leaks a connection does not
    leave the database behind.
    """
    admin = admin or admin_url()
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    copy = f' TEMPLATE "{template.rsplit("/", 1)[1]}"' if template else ""
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"{copy}'))
        try:
            yield admin.rsplit("/", 1)[0] + f"/{name}"
        finally:
            with engine.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        engine.dispose()
