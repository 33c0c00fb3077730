"""An index on who reported which case, by person (pgfast, issue 15 §3).

Revision ID: 0010_pgfast
Revises: 0010_exports
Create Date: 2026-12-01 11:20:00

`ix_case_reporters_person_id (person_id)`: every message's arrival now asks whether the
sender has a case waiting for their rating (resolved or reviewed, one they reported or
co-reported), and 我的诉求 / 进度 / the rating lookups list a person's cases. The primary
key (case_id, person_id) cannot serve a lookup by person, so without this each arrival would
scan case_reporters.

Safe on a live database: a new index only, built CONCURRENTLY on PostgreSQL (outside a
transaction, so arrivals keep writing while it builds); IF NOT EXISTS lets a rerun after an
interrupted build finish the job. Plain CREATE INDEX on SQLite.
"""

from __future__ import annotations

from alembic import op

revision = "0010_pgfast"
down_revision = "0010_exports"
branch_labels = None
depends_on = None

NAME, TABLE, COLUMNS = "ix_case_reporters_person_id", "case_reporters", ["person_id"]


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        with op.get_context().autocommit_block():
            op.create_index(NAME, TABLE, COLUMNS, postgresql_concurrently=True, if_not_exists=True)
    else:
        op.create_index(NAME, TABLE, COLUMNS)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        with op.get_context().autocommit_block():
            op.drop_index(NAME, table_name=TABLE, postgresql_concurrently=True, if_exists=True)
    else:
        op.drop_index(NAME, table_name=TABLE)
