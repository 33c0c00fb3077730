"""Join the parallel feature branches: cases (0002), activities (0003), wishes and points (0004).

They were written in parallel from 0001 and touch different tables; from here on the
history has a single head again, so a new migration has one obvious parent.

Revision ID: 0005
Revises: 0002, 0003, 0004
"""

from __future__ import annotations

revision = "0005"
down_revision = ("0002", "0003", "0004")
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
