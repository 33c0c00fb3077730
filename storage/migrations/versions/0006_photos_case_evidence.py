"""Photos, voice notes and videos kept as evidence on cases (issue 14)

Revision ID: 0006_photos
Revises: 0006_votes
Create Date: 2026-11-30 23:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_photos"
down_revision = "0006_helpdesk"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "case_evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account", sa.String(length=64), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("mime", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("message_id", sa.String(length=128), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"]),
        sa.ForeignKeyConstraint(["group_id"], ["groups.id"]),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_case_evidence_case", "case_evidence", ["case_id"])
    op.create_index("ix_case_evidence_person_at", "case_evidence", ["person_id", "at"])
    op.create_index("ix_case_evidence_sha256", "case_evidence", ["sha256"])


def downgrade() -> None:
    op.drop_index("ix_case_evidence_sha256", table_name="case_evidence")
    op.drop_index("ix_case_evidence_person_at", table_name="case_evidence")
    op.drop_index("ix_case_evidence_case", table_name="case_evidence")
    op.drop_table("case_evidence")
