"""Keeping personal data only as long as needed: retention sweeps, each call one small batch
(by id, oldest first) so no lock is held for long. Plain Core SQL, as the export."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Table, and_, delete, exists, func, insert, or_, select, update
from sqlalchemy.sql.elements import ColumnElement

from bot.domain.community import Role
from bot.domain.review import ReviewStatus
from storage import tables
from storage.erasure_repositories import ERASED_TEXT
from storage.erasure_texts import Scrubber, TextEraser, scrub_webhooks
from storage.repository import Repository

ANONYMOUS_WECHAT_ID = "linli:anonymous"  # not a WeChat id: nobody can ever speak as it
ANONYMOUS_NAME = "匿名居民"
EXPIRED_TEXT = "（已过保存期限）"


def _purgeable_messages(before: datetime) -> ColumnElement[bool]:
    """Group messages that never became a case, a 微心愿 or a 待确认 item still waiting or
    turned into a case (which keep their own rows), older than `before`. A 待确认 item
    judged 不是诉求 holds nothing back: it never became a case (probe9)."""
    m, r = tables.messages.c, tables.review_items.c
    held = exists().where(
        r.account == m.account,
        r.message_key == m.message_id,
        r.status != str(ReviewStatus.DISMISSED),
    )
    return and_(
        m.received_at < before,
        m.case_id.is_(None),
        or_(m.intent_kind.is_(None), m.intent_kind != "wish"),
        ~held,
    )


def _dismissed_reviews(before: datetime) -> ColumnElement[bool]:
    """待确认 items judged 不是诉求 that still hold the words, received before `before`."""
    r = tables.review_items.c
    return and_(
        r.status == str(ReviewStatus.DISMISSED), r.received_at < before, r.text != EXPIRED_TEXT
    )


def _closed_cases(before: datetime) -> ColumnElement[bool]:
    c = tables.cases.c
    return and_(c.closed_at.is_not(None), c.closed_at < before, c.pseudonymised_at.is_(None))


def _old_audit(before: datetime) -> ColumnElement[bool]:
    return tables.audit_log.c.at < before


class RetentionRepository(Repository):
    def count_purgeable(
        self, messages_before: datetime, cases_before: datetime, audit_before: datetime
    ) -> tuple[int, int, int, int]:
        return (
            self._count(tables.messages, _purgeable_messages(messages_before)),
            self._count(tables.cases, _closed_cases(cases_before)),
            self._count(tables.audit_log, _old_audit(audit_before)),
            self._count(tables.review_items, _dismissed_reviews(messages_before)),
        )

    def clear_dismissed_reviews(self, before: datetime, limit: int) -> int:
        """待确认 items judged 不是诉求, as old as the messages that go: the words and the
        door number go, the decision (who, when, which 楼栋) stays."""
        ids = self._batch(tables.review_items, _dismissed_reviews(before), limit)
        if ids:
            self.session.execute(
                update(tables.review_items)
                .where(tables.review_items.c.id.in_(ids))
                .values(text=EXPIRED_TEXT, unit=None, room=None)
            )
        return len(ids)

    def delete_messages(self, before: datetime, limit: int) -> int:
        return self._delete_batch(tables.messages, _purgeable_messages(before), limit)

    def delete_audit(self, before: datetime, limit: int) -> int:
        return self._delete_batch(tables.audit_log, _old_audit(before), limit)

    def pseudonymise_cases(self, before: datetime, now: datetime, limit: int) -> int:
        """Closed long ago: the case, its category, building, times and figures stay; who
        reported it, their room and their own words go."""
        c = tables.cases.c
        ids = self._batch(tables.cases, _closed_cases(before), limit)
        if not ids:
            return 0
        anonymous = self.anonymous_person()
        reporters = select(c.reporter_id).where(c.id.in_(ids))
        self._strip_words(ids)
        ev = tables.case_events.c
        self.session.execute(
            update(tables.case_events)
            .where(ev.case_id.in_(ids), ev.actor_id.in_(reporters.scalar_subquery()))
            .values(actor_id=None)
        )
        self.session.execute(
            delete(tables.case_reporters).where(tables.case_reporters.c.case_id.in_(ids))
        )
        # The photos stay with the case, no longer filed under who sent them (probe9).
        self.session.execute(
            update(tables.case_evidence)
            .where(tables.case_evidence.c.case_id.in_(ids))
            .values(person_id=anonymous)
        )
        self.session.execute(delete(tables.messages).where(tables.messages.c.case_id.in_(ids)))
        r = tables.review_items.c
        self.session.execute(
            update(tables.review_items)
            .where(r.case_id.in_(ids))
            .values(sender_id=anonymous, text=ERASED_TEXT, unit=None, room=None)
        )
        self.session.execute(
            update(tables.cases)
            .where(c.id.in_(ids))
            .values(reporter_id=anonymous, unit=None, room=None, pseudonymised_at=now)
        )
        return len(ids)

    def _strip_words(self, ids: list[int]) -> None:
        """The reporters' phone, ID and door numbers and names leave the case's summary, its
        records, its corrections and the department's copy (probe9: "原话" went only from
        the messages table; the summary is the report's own words)."""
        c, cr, p = tables.cases.c, tables.case_reporters.c, tables.people.c
        who = (
            select(c.reporter_id)
            .where(c.id.in_(ids))
            .union(select(cr.person_id).where(cr.case_id.in_(ids)))
        )
        names = self.session.execute(
            select(p.display_name, p.real_name).where(
                p.id.in_(who.scalar_subquery()), p.wechat_id != ANONYMOUS_WECHAT_ID
            )
        ).all()
        texts = TextEraser(self.session, Scrubber(n for row in names for n in row))
        texts.rewrite(tables.cases, c.id.in_(ids), ["summary"])
        texts.rewrite(tables.case_events, tables.case_events.c.case_id.in_(ids), ["text"])
        texts.rewrite(tables.corrections, tables.corrections.c.case_id.in_(ids), ["text"])
        scrub_webhooks(self.session, ids, texts.scrub)

    def anonymous_person(self) -> int:
        """The one stand-in reporter for pseudonymised cases (made on first need)."""
        p = tables.people.c
        found = self.session.scalar(select(p.id).where(p.wechat_id == ANONYMOUS_WECHAT_ID))
        if found is not None:
            return int(found)
        return int(
            self.session.execute(
                insert(tables.people)
                .values(
                    wechat_id=ANONYMOUS_WECHAT_ID,
                    display_name=ANONYMOUS_NAME,
                    role=Role.RESIDENT,
                    extra={},
                )
                .returning(p.id)
            ).scalar_one()
        )

    def _count(self, table: Table, where: ColumnElement[bool]) -> int:
        return self.session.scalar(select(func.count()).select_from(table).where(where)) or 0

    def _batch(self, table: Table, where: ColumnElement[bool], limit: int) -> list[int]:
        """The ids of the oldest `limit` rows that match."""
        key = table.c.id
        query = select(key).where(where).order_by(key).limit(limit)
        return [int(i) for i in self.session.scalars(query)]

    def _delete_batch(self, table: Table, where: ColumnElement[bool], limit: int) -> int:
        ids = self._batch(table, where, limit)
        if ids:
            self.session.execute(delete(table).where(table.c.id.in_(ids)))
        return len(ids)
