"""Classical (imperative) mapping of the domain dataclasses onto the tables.

The domain stays free of SQLAlchemy: it defines plain dataclasses, and this module tells
SQLAlchemy how they are stored. Mapping is process-wide in SQLAlchemy, so it happens once,
when the first database is opened, never at import.
"""

from __future__ import annotations

import threading

from sqlalchemy.orm import registry

from bot.domain.cases import Case, CaseEvent
from bot.domain.community import Building, Estate, Group, Person
from bot.domain.records import OutboxItem, StoredMessage
from bot.domain.staff import AuditEntry, StaffUser
from storage import tables

_lock = threading.Lock()
_mapper_registry: registry | None = None


def start_mappers() -> registry:
    global _mapper_registry
    with _lock:
        if _mapper_registry is None:
            reg = registry(metadata=tables.metadata)
            for cls, table in (
                (Estate, tables.estates),
                (Building, tables.buildings),
                (Group, tables.groups),
                (Person, tables.people),
                (StoredMessage, tables.messages),
                (Case, tables.cases),
                (CaseEvent, tables.case_events),
                (OutboxItem, tables.outbox),
                (StaffUser, tables.staff_users),
                (AuditEntry, tables.audit_log),
            ):
                reg.map_imperatively(cls, table)
            _mapper_registry = reg
        return _mapper_registry
