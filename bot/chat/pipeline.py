"""The inbound pipeline: de-duplicate, store, resolve, classify, handle, queue the answers.

Everything happens in one transaction: the message, the case it opens and the replies are
committed together, so a crash can lose neither the resident's words nor the bot's answer.
What a message means is decided in `dispatch` and the modules it calls; this one owns the
transaction, the retries after a lost race, and the file download before it.
"""

from __future__ import annotations

import dataclasses
import logging
from datetime import datetime

from bot.chat import loops, quotes
from bot.chat.by_intent import IntentStep
from bot.chat.commanding import CommandRunner
from bot.chat.context import BotProfile, Context
from bot.chat.dispatch import Dispatcher
from bot.chat.kept import keep_words
from bot.chat.media import MediaIntake
from bot.chat.normalize import command_text, simplified
from bot.chat.outcome import Outcome, Result
from bot.chat.router import CommandTable, Router
from bot.domain.evidence import KIND_OF_TYPE, adopt_since
from bot.domain.messages import Inbound, MessageType
from bot.domain.records import StoredMessage
from bot.ports import Classifier, Clock, Conflict, Unavailable, UnitOfWorkFactory
from bot.services import directory, home
from bot.services.evidence import EvidenceDesk
from bot.services.evidence.source import BytesMedia, Prefetched, prefetch

__all__ = ["Outcome", "Pipeline", "Result"]

log = logging.getLogger(__name__)

# A race is lost at most once per unique row a message can create (its id, its sender, its
# room); a few more attempts than that cover a row taken between two of them.
CONFLICT_ATTEMPTS = 5


class Pipeline:
    def __init__(
        self,
        *,
        uow_factory: UnitOfWorkFactory,
        classifier: Classifier,
        router: Router,
        clock: Clock,
        profile: BotProfile,
        evidence: EvidenceDesk | None = None,
    ) -> None:
        self._uow_factory = uow_factory
        self._classifier = classifier
        self._clock = clock
        self._profile = profile
        self._evidence = evidence
        runner = CommandRunner(CommandTable(router.commands), classifier, router.intent_handlers)
        self._media = MediaIntake(evidence) if evidence is not None else None
        self._dispatcher = Dispatcher(
            runner=runner,
            intents=IntentStep(runner, classifier, router.intent_handlers),
            media=self._media,
        )

    def handle(self, message: Inbound) -> Result:
        now = self._clock.now()  # the arrival, not the end of a download
        message = self._prefetch(message)
        lost_connection = False
        for attempt in range(1, CONFLICT_ATTEMPTS + 1):
            try:
                return self._handle(message, now)
            except Unavailable:
                # The connection died under us (nothing was kept, or the commit landed and
                # the retry sees the id as seen): once more on a fresh one, so the words stay.
                if lost_connection:
                    raise
                lost_connection = True
                log.warning("database connection lost; retrying message %s", message.message_id)
            except Conflict:
                # A unique row was taken by another transaction since we looked: this message
                # delivered twice (the retry sees its id and stops), or a first-time sender or
                # room that another account's process created at the same moment (the retry
                # finds them). Nothing was kept, so running again loses and repeats nothing.
                if attempt == CONFLICT_ATTEMPTS:
                    log.error("message %s kept losing races", message.message_id)
                    raise
                log.info("message %s lost a race; handling it again", message.message_id)
            except Exception:
                # A bug in some rule: its transaction is gone, the words are not (bot.chat.kept).
                log.exception(
                    "message %s could not be handled; keeping its words", message.message_id
                )
                return keep_words(self._uow_factory, self._profile.account, message, now)
        raise AssertionError("unreachable")  # every path above returns or raises

    def _handle(self, message: Inbound, now: datetime) -> Result:
        account = self._profile.account
        waiting_since = None
        if self._evidence is not None and message.type is MessageType.TEXT:
            # Asked with the arrival: a report then knows at once whether files wait for it.
            waiting_since = adopt_since(now, self._evidence.policy.window)
        with self._uow_factory() as uow:
            arrived = directory.arrive(uow, account, message, now, waiting_since)
            if arrived is None:
                return Result(Outcome.DUPLICATE)
            group, sender, waiting = arrived
            if group is not None and group.account != account:
                # Two bots in one group: the owner stores and answers; this one only noted
                # that it sits here too (the 群 page offers it as the group's account).
                uow.commit()
                return Result(Outcome.ELSEWHERE)
            assert sender is not None
            stored = StoredMessage(
                account=account,
                message_id=message.message_id,
                group_id=group.id if group else None,
                sender_id=_id(sender.id),
                type=str(message.type),
                text=message.text,
                received_at=now,
            )
            if group is not None and not group.bound:
                uow.messages.add(stored)
                uow.commit()
                return Result(Outcome.UNBOUND)
            if message.quote and (group is not None or sender.id is not None):
                # "收到我马上去" under a receipt WeChat cut short: the receipt it stands for.
                group_id = group.id if group is not None else None
                quote = quotes.expanded(uow, group_id, message.quote, now, sender.id)
                if quote != message.quote:
                    message = dataclasses.replace(message, quote=quote)
            where = home.Answer()
            if group is None:
                # "兰亭1号楼" answering "您住哪个小区" handles the message held for it (D50).
                where = home.answered(uow, sender, message.text, now)
                if where.held is not None:
                    message = dataclasses.replace(message, text=where.held)
            if message.text or message.quote:
                # Every rule reads simplified characters ("好評", "又壞了" from a resident in
                # Hong Kong); the stored message keeps her words as she wrote them.
                message = dataclasses.replace(
                    message,
                    text=simplified(message.text),
                    quote=simplified(message.quote) if message.quote else message.quote,
                )
            ctx = Context(
                uow=uow,
                now=now,
                bot=self._profile,
                message=message,
                stored=stored,
                sender=sender,
                group=group,
                estate_id=group.estate_id if group else home.place(uow, sender, message.text),
                text=command_text(message.text),
                classify=self._classifier.classify,
            )
            ctx.caption = bool(waiting)
            if where.ask is not None:
                ctx.reply(where.ask)  # half the answer: the other half, before registering
                outcome = Outcome.HANDLED
            else:
                outcome = self._dispatcher.dispatch(ctx)
            if group is None:
                loops.understood(ctx)  # no clarifying question this time: the count restarts
            if self._media is not None:
                self._media.adopt(ctx, waiting)
            # Stored with what the handlers learned (intent, case) in one INSERT; the same
            # commit carries the replies, so the words and the answer are kept together.
            # Nobody reads the replies' ids (the sender claims them from the outbox).
            uow.messages.add(stored)
            uow.commit(ids_unread=True)
            return Result(outcome, tuple(ctx.sent))

    def media_limit(self, message: Inbound) -> int | None:
        """How many bytes of this message's file the pipeline would keep, or None when it
        keeps none (an unbound group, a duplicate) or already has them in memory. Lets the
        caller download before the message's transaction opens, off the core's thread."""
        media = message.media
        if self._evidence is None or media is None or message.type not in KIND_OF_TYPE:
            return None
        if isinstance(media, BytesMedia | Prefetched):
            return None
        with self._uow_factory() as uow:
            wanted = directory.keeps_media(uow, self._profile.account, message)
        return self._evidence.policy.max_bytes if wanted else None

    def _prefetch(self, message: Inbound) -> Inbound:
        """Download a file the pipeline will keep before its transaction opens: a download
        may take a minute, and no database lock (SQLite's write lock above all) may wait on
        the network. (The runtime does this itself, off the core's thread.)"""
        limit = self.media_limit(message)
        if limit is None or message.media is None:
            return message
        return dataclasses.replace(message, media=prefetch(message.media, limit))


def _id(value: int | None) -> int:
    assert value is not None
    return value
