"""Classical (imperative) mapping of the domain dataclasses onto the tables.

The domain stays free of SQLAlchemy: it defines plain dataclasses, and this module tells
SQLAlchemy how they are stored. Mapping is process-wide in SQLAlchemy, so it happens once,
when the first database is opened, never at import.

A stored message (bot.domain.records.StoredMessage) is not mapped: every message makes one,
nothing reads it back as an object, and MessageRepository writes it as a plain row. Mapped,
its construction alone (the ORM's instrumented __init__ and attribute sets) cost more than
the rest of its INSERT's client work.
"""

from __future__ import annotations

import threading

from sqlalchemy.orm import registry

from bot.domain.absence import Absence
from bot.domain.activities import Activity, Signup, Venue
from bot.domain.broadcasts import Broadcast
from bot.domain.cases import Case, CaseEvent
from bot.domain.community import Building, Estate, Group, Person
from bot.domain.deliberation.suggestions import Suggestion
from bot.domain.deliberation.topics import Evaluation, Meeting, Opinion, Topic, TopicStep
from bot.domain.deliberation.votes import Vote
from bot.domain.helpdesk import HelpEvent, HelpRequest
from bot.domain.market import CatalogItem, Redemption
from bot.domain.points import LedgerEntry
from bot.domain.records import OutboxItem
from bot.domain.review import Correction, ReviewItem
from bot.domain.staff import AuditEntry, StaffUser
from bot.domain.webhooks import CallbackReceipt, WebhookDelivery
from bot.domain.wishes import Wish, WishEvent
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
                (Case, tables.cases),
                (CaseEvent, tables.case_events),
                (OutboxItem, tables.outbox),
                (StaffUser, tables.staff_users),
                (AuditEntry, tables.audit_log),
                (Venue, tables.venues),
                (Activity, tables.activities),
                (Signup, tables.activity_signups),
                (Broadcast, tables.broadcasts),
                (WebhookDelivery, tables.webhook_deliveries),
                (CallbackReceipt, tables.callback_receipts),
                (Wish, tables.wishes),
                (WishEvent, tables.wish_events),
                (LedgerEntry, tables.points_ledger),
                (CatalogItem, tables.catalog_items),
                (Redemption, tables.redemptions),
                (ReviewItem, tables.review_items),
                (Correction, tables.corrections),
                (Vote, tables.votes),
                (Suggestion, tables.suggestions),
                (Topic, tables.topics),
                (TopicStep, tables.topic_steps),
                (Opinion, tables.topic_opinions),
                (Meeting, tables.topic_meetings),
                (Evaluation, tables.topic_evaluations),
                (HelpRequest, tables.help_requests),
                (HelpEvent, tables.help_events),
                (Absence, tables.absences),
            ):
                reg.map_imperatively(cls, table)
            _mapper_registry = reg
        return _mapper_registry
