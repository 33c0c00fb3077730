"""A resident's right to see what is kept about them: every row that points at them, and
the names of what those rows refer to, for a readable export. Plain Core SQL: this touches
many tables by id and never needs mapped objects."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table, or_, select
from sqlalchemy.sql.elements import ColumnElement

from storage import tables
from storage.repository import Repository

# What a readable export may name a referenced row by (never anything personal of others).
NAME_COLUMNS = {
    "estates": "name",
    "buildings": "name",
    "groups": "topic",
    "activities": "title",
    "catalog_items": "name",
    "votes": "title",
    "topics": "title",
}


def mentioning(wechat_id: str) -> ColumnElement[bool]:
    """Audit entries that name the person (by WeChat id, in their target or detail): the
    export shows them and erasure rewrites them."""
    a = tables.audit_log.c
    return or_(
        a.target.contains(wechat_id, autoescape=True),
        a.detail.contains(wechat_id, autoescape=True),
    )


class PersonalDataRepository(Repository):
    def person_id(self, wechat_id: str) -> int | None:
        p = tables.people.c
        found = self.session.scalar(select(p.id).where(p.wechat_id == wechat_id))
        return None if found is None else int(found)

    def everything_about(self, person_id: int, wechat_id: str) -> dict[str, list[dict[str, Any]]]:
        """Every row in every table that points at the person (found from the schema's
        foreign keys, so a new table is included without anyone remembering to), plus the
        audit entries naming them."""
        found: dict[str, list[dict[str, Any]]] = {}
        person = tables.people
        found["people"] = self._rows(person, person.c.id == person_id)
        for table in tables.metadata.sorted_tables:
            columns = [
                column
                for column in table.columns
                for fk in column.foreign_keys
                if fk.column.table is person and table is not person
            ]
            if not columns:
                continue
            rows = self._rows(table, or_(*(column == person_id for column in columns)))
            if rows:
                found[table.name] = rows
        # Corrections hold a message's text but no sender: theirs are the ones made from
        # their 待确认 items or their cases.
        r, c = tables.review_items.c, tables.cases.c
        k = tables.corrections.c
        corrections = self._rows(
            tables.corrections,
            or_(
                k.review_id.in_(select(r.id).where(r.sender_id == person_id)),
                k.case_id.in_(select(c.id).where(c.reporter_id == person_id)),
            ),
        )
        if corrections:
            found["corrections"] = corrections
        audit = self._rows(tables.audit_log, mentioning(wechat_id))
        if audit:
            found["audit_log"] = audit
        contacts = self._rows(
            tables.account_contacts, tables.account_contacts.c.wechat_id == wechat_id
        )
        if contacts:
            found["account_contacts"] = contacts
        return found

    def names(self, table: str, ids: set[int]) -> dict[int, str]:
        """The names of the 小区, 楼栋, 群, 活动 … with these ids (a household is named by its
        楼栋 and room), so a resident's readable export needs no internal ids."""
        if table == "households":
            h, b = tables.households.c, tables.buildings.c
            rooms = self.session.execute(
                select(h.id, b.name, h.room)
                .join_from(tables.households, tables.buildings, b.id == h.building_id)
                .where(h.id.in_(ids))
            )
            return {int(i): f"{building}{room}" for i, building, room in rooms}
        if table not in NAME_COLUMNS:
            raise ValueError(f"no name to show for {table}")
        source = tables.metadata.tables[table].c
        found = self.session.execute(
            select(source.id, source[NAME_COLUMNS[table]]).where(source.id.in_(ids))
        )
        return {int(i): str(name or "") for i, name in found}

    def _rows(self, table: Table, where: ColumnElement[bool]) -> list[dict[str, Any]]:
        pk = list(table.primary_key.columns)
        query = select(table).where(where).order_by(*pk)
        return [dict(row._mapping) for row in self.session.execute(query)]
