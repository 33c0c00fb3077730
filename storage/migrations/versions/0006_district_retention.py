"""Retention: cases remember when their personal details were pseudonymised; the daily
purge finds old messages and audit entries by time through an index; the case board
reads newest-first within a status through an index.

Revision ID: 0006_district
Revises: 0006_votes
Create Date: 2026-11-30 23:05:00

Safe on a live database: the new column is nullable (no rewrite), and on PostgreSQL the
indexes are built CONCURRENTLY (outside a transaction, so writers are not blocked while
years of messages are indexed).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_district"
down_revision = "0006_photos"
branch_labels = None
depends_on = None

INDEXES = (
    ("ix_messages_received_at", "messages", ["received_at"]),
    ("ix_audit_log_at", "audit_log", ["at"]),
    # The case board filtered by status, newest first (bench/volume.py: at 500,000 cases
    # a backward scan of this index; by 小区 the primary key's backward scan is enough).
    ("ix_cases_status_id", "cases", ["status", "id"]),
)


def upgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("pseudonymised_at", sa.DateTime(timezone=True), nullable=True)
        )
    if op.get_bind().dialect.name == "postgresql":
        with op.get_context().autocommit_block():
            for name, table, columns in INDEXES:
                op.create_index(
                    name, table, columns, postgresql_concurrently=True, if_not_exists=True
                )
    else:
        for name, table, columns in INDEXES:
            op.create_index(name, table, columns)


def downgrade() -> None:
    for name, table, _columns in INDEXES:
        op.drop_index(name, table_name=table)
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_column("pseudonymised_at")
