"""An absence roster (round fifteen): who said she is away, and for which days.

Revision ID: 0012_absences
Revises: 0011_convofix7
Create Date: 2026-12-03 19:40:00

`absences`: one row per stretch of local days (both ends included) a 楼栋党小组长 or party
member said she is away; `ended_at` when she came back early (「销假」) or a newer one
replaced it. The new-case notices and the ladder's 楼栋党小组长 rung pass her over meanwhile.
A new, empty table: creating it takes no lock on any existing one, so it is safe on a live
database.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012_absences"
down_revision = "0011_convofix7"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "absences",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "person_id",
            sa.Integer,
            sa.ForeignKey("people.id", name="fk_absences_person_id_people"),
            nullable=False,
        ),
        sa.Column("starts_on", sa.Date, nullable=False),
        sa.Column("ends_on", sa.Date, nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.Integer),
        sa.Column("ended_at", sa.DateTime(timezone=True)),
        sa.CheckConstraint("ends_on >= starts_on", name="ck_absences_span"),
    )
    op.create_index("ix_absences_person_ends", "absences", ["person_id", "ends_on"])


def downgrade() -> None:
    op.drop_index("ix_absences_person_ends", table_name="absences")
    op.drop_table("absences")
