"""A resident's right to be forgotten: what identifies them is removed or pseudonymised,
what others rely on stays under a stripped identity. Plain Core SQL, as the export."""

from __future__ import annotations

from sqlalchemy import and_, delete, func, insert, select, update
from sqlalchemy.sql import Executable

from bot.domain.community import Role
from bot.domain.points import RuleKind
from storage import rollup, tables
from storage.erasure_texts import (
    ERASED_NAME,
    ERASED_TEXT,
    Scrubber,
    TextEraser,
    drop_corrections,
    scrub_webhooks,
)
from storage.personal_data_repositories import mentioning
from storage.repository import Repository, rowcount

__all__ = ["ERASED_NAME", "ERASED_TEXT", "ErasureRepository"]

TOTAL_RULE = "合计"


class ErasureRepository(Repository):
    def erase(self, person_id: int, wechat_id: str) -> dict[str, int]:
        """Remove or pseudonymise what identifies the person; keep what others rely on
        (cases, 心愿, votes, sign-ups) under a stripped identity, and points as totals."""
        done: dict[str, int] = {}

        def execute(statement: Executable) -> int:
            return rowcount(self.session.execute(statement))

        m, r, c, w = tables.messages.c, tables.review_items.c, tables.cases.c, tables.wishes.c
        p = tables.people.c
        names = self.session.execute(
            select(p.display_name, p.real_name).where(p.id == person_id)
        ).one()
        texts = TextEraser(self.session, Scrubber(names))
        case_ids = list(self.session.scalars(select(c.id).where(c.reporter_id == person_id)))
        review_ids = list(self.session.scalars(select(r.id).where(r.sender_id == person_id)))
        done["messages"] = execute(delete(tables.messages).where(m.sender_id == person_id))
        texts.erase(tables.review_items, r.sender_id == person_id, ["text"])
        done["review_items"] = execute(
            update(tables.review_items)
            .where(r.sender_id == person_id)
            .values(text=ERASED_TEXT, unit=None, room=None)
        )
        done["corrections"] = drop_corrections(self.session, review_ids, case_ids)
        # Their cases stay (others handle and count them) without who, where or how to reach.
        texts.rewrite(tables.cases, c.reporter_id == person_id, ["summary"])
        done["cases"] = execute(
            update(tables.cases).where(c.reporter_id == person_id).values(unit=None, room=None)
        )
        ev = tables.case_events.c
        texts.erase(tables.case_events, ev.actor_id == person_id, ["text"])
        if case_ids:
            texts.rewrite(tables.case_events, ev.case_id.in_(case_ids), ["text"])
        done["webhook_deliveries"] = scrub_webhooks(self.session, case_ids, texts.scrub)
        texts.erase(tables.wishes, w.requester_id == person_id, ["text"])
        done["wishes"] = texts.rewrite(tables.wishes, w.requester_id == person_id, ["summary"])
        we = tables.wish_events.c
        texts.erase(tables.wish_events, we.actor_id == person_id, ["text"])
        mine = select(w.id).where(w.requester_id == person_id).scalar_subquery()
        texts.rewrite(tables.wish_events, we.wish_id.in_(mine), ["text"])
        done["help_requests"] = self._erase_help(person_id, texts)
        for table, column in (
            (tables.suggestions, "person_id"),
            (tables.topic_opinions, "person_id"),
            (tables.vote_objections, "person_id"),
        ):
            done[table.name] = texts.erase(table, table.c[column] == person_id, ["text"])
        o = tables.outbox.c
        done["outbox"] = execute(delete(tables.outbox).where(o.person_id == person_id))
        done["household_members"] = execute(
            delete(tables.household_members).where(
                tables.household_members.c.person_id == person_id
            )
        )
        ab = tables.absences.c
        # When they were away says where they were not: it goes, as it serves no one else.
        done["absences"] = execute(delete(tables.absences).where(ab.person_id == person_id))
        execute(update(tables.absences).where(ab.created_by == person_id).values(created_by=None))
        done["points_ledger"] = self._collapse_points(person_id)
        # Kept monthly exports name residents; none may outlive an erasure (made again on demand).
        done["export_files"] = execute(delete(tables.export_files))
        done["account_contacts"] = execute(
            delete(tables.account_contacts).where(tables.account_contacts.c.wechat_id == wechat_id)
        )
        a = tables.audit_log.c
        stand_in = f"erased:{person_id}"
        execute(
            update(tables.audit_log)
            .where(mentioning(wechat_id))
            .values(
                target=func.replace(a.target, wechat_id, stand_in),
                detail=func.replace(a.detail, wechat_id, stand_in),
            )
        )
        done["outbox_copies"] = texts.follow_copies()
        execute(
            update(tables.people)
            .where(p.id == person_id)
            .values(
                wechat_id=stand_in,
                display_name=ERASED_NAME,
                real_name=None,
                category=None,
                role=Role.RESIDENT,
                extra={},
            )
        )
        return done

    def _erase_help(self, person_id: int, texts: TextEraser) -> int:
        """帮办代办 they asked for: the service, its figures and its handling stay; the
        contact name, phone, address and when to come, and their own replies go."""
        h, he = tables.help_requests.c, tables.help_events.c
        theirs = h.requester_id == person_id
        contact = ["contact_name", "contact_phone", "address", "wanted"]
        texts.erase(tables.help_requests, theirs, contact)
        texts.rewrite(tables.help_requests, theirs, ["note", "result"])
        changed = rowcount(
            self.session.execute(
                update(tables.help_requests).where(theirs).values(dict.fromkeys(contact, ""))
            )
        )
        texts.erase(tables.help_events, he.actor_id == person_id, ["text"])
        asked = select(h.id).where(theirs).scalar_subquery()
        texts.rewrite(tables.help_events, he.request_id.in_(asked), ["text"])
        return changed

    def _collapse_points(self, person_id: int) -> int:
        """Their ledger becomes one total row per 小区 and kind; 积分超市 redemptions stay
        (a redemption record points at its row) with the reason cleared."""
        lg = tables.points_ledger.c
        mine = and_(lg.person_id == person_id, lg.kind != RuleKind.REDEEM)
        totals = self.session.execute(
            select(lg.estate_id, lg.kind, func.sum(lg.points), func.min(lg.at), func.max(lg.at))
            .where(mine)
            .group_by(lg.estate_id, lg.kind)
        ).all()
        ledger = tables.points_ledger
        # The months the entries leave and the one their totals land in are recounted.
        for estate_id, at in self.session.execute(select(lg.estate_id, lg.at).where(mine)):
            rollup.mark(self.session, rollup.POINTS, estate_id, at)
        self.session.execute(update(ledger).where(mine).values(reverses_id=None))
        removed = rowcount(self.session.execute(delete(ledger).where(mine)))
        for estate_id, kind, points, _first, last in totals:
            self.session.execute(
                insert(ledger).values(
                    person_id=person_id,
                    estate_id=estate_id,
                    rule=TOTAL_RULE,
                    kind=kind,
                    units=1,
                    points=int(points or 0),
                    reason="个人信息已按本人要求删除，保留积分合计",
                    actor="",
                    at=last,
                )
            )
        self.session.execute(
            update(ledger)
            .where(lg.person_id == person_id, lg.kind == RuleKind.REDEEM)
            .values(reason="")
        )
        self.session.execute(
            update(ledger).where(lg.actor_id == person_id).values(actor_id=None, actor=ERASED_NAME)
        )
        return removed
