"""A 帮办's proof photos: case_evidence.help_id (convofix7 F1).

Revision ID: 0011_convofix7
Revises: 0010_pgfast
Create Date: 2026-12-02 00:20:00

The volunteer's photo sent when finishing a 帮办 (H0001) is kept on that request, as a
handler's photo is kept on his case: `case_evidence.help_id` (nullable, no default) and an
index on it.

Safe on a live database: adding a nullable column without a default is a catalogue change
only on PostgreSQL (no rewrite, a brief lock); the index is built CONCURRENTLY (outside a
transaction) with IF NOT EXISTS so a rerun after an interrupted build finishes the job.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_convofix7"
down_revision = "0010_pgfast"
branch_labels = None
depends_on = None

NAME, TABLE, COLUMNS = "ix_case_evidence_help", "case_evidence", ["help_id"]


def upgrade() -> None:
    with op.batch_alter_table(TABLE) as batch:
        batch.add_column(
            sa.Column("help_id", sa.Integer(), sa.ForeignKey("help_requests.id"), nullable=True)
        )
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
    with op.batch_alter_table(TABLE) as batch:
        batch.drop_column("help_id")
