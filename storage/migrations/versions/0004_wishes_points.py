"""微心愿, the 积分 ledger (append-only), 积分超市 and the monthly 公示 record

Revision ID: 0004
Revises: 0001
Create Date: 2026-11-22 00:30:00
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0001"
branch_labels = None
depends_on = None


def _when(name: str, nullable: bool = True) -> sa.Column[datetime]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "wishes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("estate_id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=True),
        sa.Column("building_id", sa.Integer(), nullable=True),
        sa.Column("requester_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("public", sa.Boolean(), nullable=False),
        sa.Column("claimer_id", sa.Integer(), nullable=True),
        _when("claimed_at"),
        _when("fulfilled_at"),
        sa.Column("confirmed_by", sa.Integer(), nullable=True),
        _when("reoffered_at"),
        _when("reported_at"),
        _when("next_due"),
        _when("created_at", nullable=False),
        _when("updated_at"),
        sa.ForeignKeyConstraint(["estate_id"], ["estates.id"], name="fk_wishes_estate_id_estates"),
        sa.ForeignKeyConstraint(["group_id"], ["groups.id"], name="fk_wishes_group_id_groups"),
        sa.ForeignKeyConstraint(
            ["building_id"], ["buildings.id"], name="fk_wishes_building_id_buildings"
        ),
        sa.ForeignKeyConstraint(
            ["requester_id"], ["people.id"], name="fk_wishes_requester_id_people"
        ),
        sa.ForeignKeyConstraint(["claimer_id"], ["people.id"], name="fk_wishes_claimer_id_people"),
        sa.ForeignKeyConstraint(
            ["confirmed_by"], ["people.id"], name="fk_wishes_confirmed_by_people"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_wishes"),
    )
    op.create_index("ix_wishes_estate_status", "wishes", ["estate_id", "status"])
    op.create_index("ix_wishes_requester", "wishes", ["requester_id"])
    op.create_index(
        "ix_wishes_next_due",
        "wishes",
        ["next_due"],
        postgresql_where=sa.text("next_due IS NOT NULL"),
        sqlite_where=sa.text("next_due IS NOT NULL"),
    )

    op.create_table(
        "wish_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("wish_id", sa.Integer(), nullable=False),
        _when("at", nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["wish_id"], ["wishes.id"], name="fk_wish_events_wish_id_wishes"),
        sa.ForeignKeyConstraint(["actor_id"], ["people.id"], name="fk_wish_events_actor_id_people"),
        sa.PrimaryKeyConstraint("id", name="pk_wish_events"),
    )
    op.create_index("ix_wish_events_wish_id", "wish_events", ["wish_id"])

    op.create_table(
        "points_ledger",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("estate_id", sa.Integer(), nullable=True),
        sa.Column("building_id", sa.Integer(), nullable=True),
        sa.Column("rule", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("units", sa.Integer(), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("wish_id", sa.Integer(), nullable=True),
        sa.Column("activity_id", sa.Integer(), nullable=True),
        sa.Column("reverses_id", sa.Integer(), nullable=True),
        sa.Column("key", sa.String(length=200), nullable=True),
        _when("at", nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name="fk_points_ledger_person_id_people"
        ),
        sa.ForeignKeyConstraint(
            ["estate_id"], ["estates.id"], name="fk_points_ledger_estate_id_estates"
        ),
        sa.ForeignKeyConstraint(
            ["building_id"], ["buildings.id"], name="fk_points_ledger_building_id_buildings"
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["people.id"], name="fk_points_ledger_actor_id_people"
        ),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name="fk_points_ledger_case_id_cases"),
        sa.ForeignKeyConstraint(["wish_id"], ["wishes.id"], name="fk_points_ledger_wish_id_wishes"),
        sa.ForeignKeyConstraint(
            ["reverses_id"],
            ["points_ledger.id"],
            name="fk_points_ledger_reverses_id_points_ledger",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_points_ledger"),
        sa.UniqueConstraint("reverses_id", name="uq_points_ledger_reverses_id"),
        sa.UniqueConstraint("key", name="uq_points_ledger_key"),
    )
    op.create_index("ix_points_ledger_person_points", "points_ledger", ["person_id", "points"])
    op.create_index("ix_points_ledger_person_rule_at", "points_ledger", ["person_id", "rule", "at"])
    op.create_index("ix_points_ledger_estate_at", "points_ledger", ["estate_id", "at"])
    op.create_index("ix_points_ledger_at", "points_ledger", ["at"])

    op.create_table(
        "catalog_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("estate_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("price", sa.Integer(), nullable=False),
        sa.Column("stock", sa.Integer(), nullable=False),
        sa.Column("merchant", sa.String(length=100), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        _when("created_at", nullable=False),
        _when("updated_at"),
        sa.CheckConstraint("stock >= 0", name="ck_catalog_items_stock"),
        sa.CheckConstraint("price > 0", name="ck_catalog_items_price"),
        sa.ForeignKeyConstraint(
            ["estate_id"], ["estates.id"], name="fk_catalog_items_estate_id_estates"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_catalog_items"),
    )

    op.create_table(
        "redemptions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(length=100), nullable=False),
        _when("at", nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"], ["catalog_items.id"], name="fk_redemptions_item_id_catalog_items"
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name="fk_redemptions_person_id_people"
        ),
        sa.ForeignKeyConstraint(
            ["entry_id"], ["points_ledger.id"], name="fk_redemptions_entry_id_points_ledger"
        ),
        sa.ForeignKeyConstraint(["actor_id"], ["people.id"], name="fk_redemptions_actor_id_people"),
        sa.PrimaryKeyConstraint("id", name="pk_redemptions"),
    )
    op.create_index("ix_redemptions_person_id", "redemptions", ["person_id"])

    op.create_table(
        "points_publications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        _when("posted_at", nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"], ["groups.id"], name="fk_points_publications_group_id_groups"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_points_publications"),
        sa.UniqueConstraint("group_id", "month", name="uq_points_publications_group_month"),
    )


def downgrade() -> None:
    op.drop_table("points_publications")
    op.drop_table("redemptions")
    op.drop_table("catalog_items")
    for name in (
        "ix_points_ledger_at",
        "ix_points_ledger_estate_at",
        "ix_points_ledger_person_rule_at",
        "ix_points_ledger_person_points",
    ):
        op.drop_index(name, table_name="points_ledger")
    op.drop_table("points_ledger")
    op.drop_index("ix_wish_events_wish_id", table_name="wish_events")
    op.drop_table("wish_events")
    for name in ("ix_wishes_next_due", "ix_wishes_requester", "ix_wishes_estate_status"):
        op.drop_index(name, table_name="wishes")
    op.drop_table("wishes")
