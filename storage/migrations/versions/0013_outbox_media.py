"""The outbox can carry one stored evidence file per row (media15): a 帮办's or a case's
proof photo sent to the resident who asked.

Revision ID: 0013_outbox_media
Revises: 0012_absences
Create Date: 2026-12-03 20:10:00

`outbox.evidence_id`: the `evidence` row whose file the message sends; NULL for every text
message, old and new. A nullable column with no default and no foreign key (SQLite cannot add
one to an existing table; broadcast_id is the same): adding it rewrites nothing and takes only
a brief lock on PostgreSQL, so it is safe on a live database.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013_outbox_media"
down_revision = "0012_absences"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("outbox", sa.Column("evidence_id", sa.Integer, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("evidence_id")
