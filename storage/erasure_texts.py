"""What an erasure does to the words that stay (probe9): the records others rely on (the
case, the 心愿, the 帮办 request, the department's copy) keep their substance, but no phone
number, ID number, door number or name of the person; their own words in opinions,
objections and 说事 go; and every copy the bot sent to someone else is rewritten the same way.

Plain Core SQL by id: an erasure is rare, and each statement touches the person's few rows
(the outbox is read once, for the rows quoting them)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import Table, delete, or_, select, update
from sqlalchemy.orm import Session

from bot.domain.privacy import Audience, mask_for
from storage import tables
from storage.repository import rowcount

ERASED_NAME = "已注销居民"
ERASED_TEXT = "（本人要求删除）"
QUOTE_MIN = 6  # shorter quoted texts (a bare 502) would rewrite others' unrelated words
QUOTE_ALONE = 8  # erased words this long are theirs alone: copies of them go too
MIN_NAME = 2  # a one-character nickname would rewrite every text that holds the character
# What the group mask leaves of a phone or ID number (139****5678, 110101********123X): for
# someone erased, not even the last four digits stay.
_DIGITS = "0-9０-９零〇幺一二三四五六七八九"
_MASKED_NUMBER = re.compile(rf"[{_DIGITS}]{{3,6}}\*{{4,8}}[{_DIGITS}XxＸｘ]{{4}}")


class Scrubber:
    """The kept version of a text: masked as for a residents' group (phones, ID numbers,
    door numbers) and the person's names replaced."""

    def __init__(self, names: Iterable[str | None]) -> None:
        found = {n.strip() for n in names if n and len(n.strip()) >= MIN_NAME}
        self.names = sorted(found, key=len, reverse=True)  # 张阿姨 before 张阿

    def __call__(self, text: str) -> str:
        kept = _MASKED_NUMBER.sub("****", mask_for(Audience.RESIDENTS, text))
        for name in self.names:
            kept = kept.replace(name, ERASED_NAME)
        return kept


class TextEraser:
    """Rewrites the person's texts in place and remembers each original with what replaced
    it, so the copies of those texts in the outbox and audit log can follow."""

    def __init__(self, session: Session, scrub: Scrubber) -> None:
        self.session = session
        self.scrub = scrub
        self.quoted: dict[str, str] = {}

    def rewrite(self, table: Table, where: Any, columns: Iterable[str]) -> int:
        """Keep the substance of `columns` without identity; copies follow the kept text.
        How many rows changed."""
        return self._change(table, where, columns, self.scrub, self._keep)

    def erase(self, table: Table, where: Any, columns: Iterable[str]) -> int:
        """Their own words go (ERASED_TEXT); copies elsewhere go too when the words are long
        enough to be theirs alone, else lose what identifies (a short 同意 must not rewrite
        every message that says it). A text some record keeps (a case's summary) keeps
        its kept version in the copies."""
        return self._change(table, where, columns, lambda _old: ERASED_TEXT, self._drop)

    def _keep(self, old: str) -> None:
        self.quoted[old] = self.scrub(old)

    def _drop(self, old: str) -> None:
        self.quoted.setdefault(old, ERASED_TEXT if len(old) >= QUOTE_ALONE else self.scrub(old))

    def _change(
        self,
        table: Table,
        where: Any,
        columns: Iterable[str],
        change: Callable[[str], str],
        note: Callable[[str], None],
    ) -> int:
        columns = list(columns)
        rows = self.session.execute(
            select(table.c.id, *(table.c[c] for c in columns)).where(where)
        ).all()
        changed = 0
        for row in rows:
            values: dict[str, str] = {}
            for column, old in zip(columns, row[1:], strict=True):
                if not old:
                    continue
                note(str(old))
                new = change(str(old))
                if new != old:
                    values[column] = new
            if values:
                self.session.execute(update(table).where(table.c.id == row[0]).values(**values))
                changed += 1
        return changed

    def follow_copies(self) -> int:
        """The rows that quote a rewritten text or name the person — outbox messages (sent
        or waiting, to anyone), other people's messages (签到 @张阿姨) and audit entries
        (签到 names, 加分 names, 帮办 contacts) — rewritten the same way. One read of each
        column, then by id: seconds on a district's years, so the console runs an erasure
        off the bot's worker.

        In these rows, which belong to others, a name is replaced only where it stands as a
        name (after @, between spaces or list marks): a nickname that is also a word (阳光,
        开心) must not rewrite every message that says it. A quoted text must be long enough
        to be theirs (QUOTE_MIN)."""
        texts = sorted(
            (
                (old, new)
                for old, new in self.quoted.items()
                if old != new and len(old) >= QUOTE_MIN
            ),
            key=lambda p: len(p[0]),
            reverse=True,
        )
        names = self.scrub.names
        if not texts and not names:
            return 0
        named = _as_a_name(names) if names else None

        def rewrite(text: str) -> str:
            for old, kept in texts:
                text = text.replace(old, kept)
            return named.sub(ERASED_NAME, text) if named else text

        needles = [old for old, _new in texts] + list(names)
        a = tables.audit_log
        return sum(
            self._follow(table, table.c[column], needles, rewrite)
            for table, column in (
                (tables.outbox, "text"),
                (tables.messages, "text"),
                (a, "detail"),
                (a, "target"),
            )
        )

    def _follow(
        self, table: Table, column: Any, needles: list[str], rewrite: Callable[[str], str]
    ) -> int:
        changed = 0
        seen: set[int] = set()
        for chunk in _chunks(needles, 50):
            hits = self.session.execute(
                select(table.c.id, column).where(
                    or_(*(column.contains(old, autoescape=True) for old in chunk))
                )
            ).all()
            for row_id, text in hits:
                if row_id in seen:
                    continue
                seen.add(row_id)
                new = rewrite(text)
                if new != text:
                    limit = getattr(column.type, "length", None)
                    self.session.execute(
                        update(table)
                        .where(table.c.id == row_id)
                        .values({column.key: new[:limit] if limit else new})
                    )
                    changed += 1
        return changed


def scrub_webhooks(session: Session, case_ids: list[int], scrub: Scrubber) -> int:
    """The department's copy of their cases: summary and place without identity."""
    if not case_ids:
        return 0
    w = tables.webhook_deliveries.c
    changed = 0
    for row_id, payload in session.execute(
        select(w.id, w.payload).where(w.case_id.in_(case_ids))
    ).all():
        try:
            body = json.loads(payload)
        except ValueError:
            body = None
        if isinstance(body, dict):
            for key in ("summary", "place"):
                if isinstance(body.get(key), str):
                    body[key] = scrub(body[key])
            new = json.dumps(body, ensure_ascii=False, sort_keys=True)
        else:
            new = scrub(payload)
        if new != payload:
            session.execute(
                update(tables.webhook_deliveries).where(w.id == row_id).values(payload=new)
            )
            changed += 1
    return changed


def drop_corrections(session: Session, review_ids: list[int], case_ids: list[int]) -> int:
    """Corrections hold the person's message verbatim (they are a training record): the ones
    made from their 待确认 items or their cases go."""
    c = tables.corrections.c
    conditions = []
    if review_ids:
        conditions.append(c.review_id.in_(review_ids))
    if case_ids:
        conditions.append(c.case_id.in_(case_ids))
    if not conditions:
        return 0
    return rowcount(session.execute(delete(tables.corrections).where(or_(*conditions))))


# What may stand before and after a name in someone else's text: nothing, a space (WeChat puts
# U+2005 after an @), @ before it, a list mark or a bracket.
_BEFORE_NAME = r"(?<![^\s@、，,：:（(])"
_AFTER_NAME = r"(?![^\s、，,。：:）)])"


def _as_a_name(names: list[str]) -> re.Pattern[str]:
    return re.compile(f"{_BEFORE_NAME}(?:{'|'.join(map(re.escape, names))}){_AFTER_NAME}")


def _chunks(items: list[Any], size: int) -> Iterable[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
