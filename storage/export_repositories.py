"""Finished months' exports, kept in the database so every `linli run` process and the console
share them (a district runs several processes on one PostgreSQL)."""

from __future__ import annotations

import zlib
from datetime import datetime

from sqlalchemy import delete, func, select, text

from bot.domain.exports import StoredExport
from storage import tables
from storage.repository import Repository, rowcount

LOCK_BASE = 0x6578706F << 24  # "expo": apart from the rollups' advisory keys


class ExportFileRepository(Repository):
    def get(self, kind: str, scope: str, month: str) -> StoredExport | None:
        f = tables.export_files.c
        row = self.session.execute(
            select(f.fingerprint, f.made_at, f.body).where(
                f.kind == kind, f.scope == scope, f.month == month
            )
        ).first()
        return StoredExport(row.fingerprint, row.made_at, row.body) if row else None

    def put(self, kind: str, scope: str, month: str, export: StoredExport) -> None:
        """Keep `export` as the file for (kind, scope, month), replacing an older one."""
        f = tables.export_files.c
        self.session.execute(
            delete(tables.export_files).where(f.kind == kind, f.scope == scope, f.month == month)
        )
        self.session.execute(
            tables.export_files.insert().values(
                kind=kind,
                scope=scope,
                month=month,
                fingerprint=export.fingerprint,
                made_at=export.made_at,
                body=export.body,
            )
        )

    def claim(self, kind: str, scope: str, month: str) -> bool:
        """Whether this transaction may make the file: on PostgreSQL a transaction-scoped
        advisory lock that no other process holds (two processes' nightly jobs would otherwise
        both spend a district month's seconds on the same file); SQLite writers take turns."""
        if self.session.get_bind().dialect.name != "postgresql":
            return True
        key = LOCK_BASE + zlib.crc32(f"{kind}|{scope}|{month}".encode())
        query = text("SELECT pg_try_advisory_xact_lock(:key)")
        return bool(self.session.execute(query, {"key": key}).scalar())

    def forget_all(self) -> int:
        """Drop every kept file (a resident's erasure: no kept file may still name them)."""
        return rowcount(self.session.execute(delete(tables.export_files)))

    def forget_made_before(self, at: datetime) -> int:
        """Drop files made before `at` (retention: they are made again when asked for)."""
        f = tables.export_files.c
        return rowcount(self.session.execute(delete(tables.export_files).where(f.made_at < at)))

    def count(self) -> int:
        query = select(func.count()).select_from(tables.export_files)
        return int(self.session.execute(query).scalar_one())
