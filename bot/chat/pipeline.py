"""The inbound pipeline: de-duplicate, store, resolve, classify, handle, queue the answers.

Everything happens in one transaction: the message, the case it opens and the replies are
committed together, so a crash can lose neither the resident's words nor the bot's answer.
"""

from __future__ import annotations

import dataclasses
import logging
from datetime import datetime

from bot.chat import (
    detail,
    fallback,
    loops,
    notcase,
    several,
    wishlike,
    yesno,
)
from bot.chat.commanding import CommandRunner
from bot.chat.context import BotProfile, Context
from bot.chat.media import MediaIntake
from bot.chat.normalize import command_text
from bot.chat.outcome import Outcome, Result
from bot.chat.private_answers import review_answers, yes_or_no
from bot.chat.router import CommandTable, IntentView, Router
from bot.chat.small_talk import private_small_talk, thanks_while_rating
from bot.domain.community import Role
from bot.domain.evidence import KIND_OF_TYPE, adopt_since
from bot.domain.messages import Inbound, MessageType
from bot.domain.records import StoredMessage
from bot.ports import Classifier, Clock, Conflict, Unavailable, UnitOfWorkFactory
from bot.services import directory, home
from bot.services.deliberation.replies import replied_topic
from bot.services.evidence import (
    EvidenceDesk,
)
from bot.services.evidence.source import BytesMedia, Prefetched, prefetch

log = logging.getLogger(__name__)

NON_TEXT_HINT = (
    "我暂时只能看懂文字消息。请用文字描述问题，例如“3号楼电梯坏了”；发送「帮助」查看用法。"
)


DESCRIBE = "请直接说说遇到了什么问题，例如“3号楼电梯坏了”；发送「帮助」查看用法。"
DESCRIBE_TAGGED = "请在「#报事」后面写清楚遇到的问题，例如“#报事 3号楼电梯坏了”。"
REPORT_TAGS = ("#报事", "＃报事")
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
        self._router = router
        self._runner = CommandRunner(
            CommandTable(router.commands), classifier, router.intent_handlers
        )
        self._clock = clock
        self._profile = profile
        self._evidence = evidence
        self._media = MediaIntake(evidence) if evidence is not None else None

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
            if group is None:
                # "兰亭1号楼" answering "您住哪个小区" handles the message held for it (D50).
                held = home.answered(uow, sender, message.text, now)
                if held is not None:
                    message = dataclasses.replace(message, text=held)
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
            outcome = self._dispatch(ctx)
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

    def _dispatch(self, ctx: Context) -> Outcome:
        # Without a file (a transport that cannot fetch one) an image is handled as before.
        media = ctx.message.media is not None and ctx.message.type in KIND_OF_TYPE
        if media and self._media is not None:
            if command_text(ctx.message.text):
                return self._media.captioned(ctx, self._dispatch)
            return self._media.receive(ctx)
        if ctx.message.type is not MessageType.TEXT:
            if ctx.addressed:
                ctx.reply(NON_TEXT_HINT)
                return Outcome.HANDLED
            return Outcome.SILENT
        if not ctx.text:
            return self._runner.show_help(ctx)

        if ctx.is_private and yesno.pending(ctx.sender) and yes_or_no(ctx, self._runner):
            return Outcome.HANDLED  # "是的" to the bot's own yes/no question (F5)
        if ctx.is_private and ctx.sender.role >= Role.LEADER and review_answers(ctx, self._runner):
            return Outcome.HANDLED  # "1是 2不是" under the 【待确认】 list
        parts = self._runner.several(ctx)
        if parts:
            for part in parts:
                self._runner.run(ctx, part)
            return Outcome.HANDLED
        match = self._runner.match(ctx.text)
        if match is None or match.args is None:
            match = self._runner.rephrased(ctx, ctx.text) or match
            if ctx.sent and (match is None or match.args is None):
                return Outcome.HANDLED  # the rephrasing asked which one: that is the answer
        if match is not None and (match.args is not None or ctx.addressed):
            self._runner.run(ctx, match)
            if match.args is not None:
                for more in several.further(match.tail, self._runner.is_command):
                    self._runner.run_quietly(ctx, more)  # "取消报名1 报名2": the second is done too
            return Outcome.HANDLED

        if thanks_while_rating(ctx):
            return Outcome.HANDLED
        if self._opinion_in_group(ctx):
            return Outcome.HANDLED
        if ctx.is_private and ctx.sender.role >= Role.MEMBER:
            # "扣小王5分 楼道飞线充电" from staff is a duty, not a report (convo2 C53).
            hint = fallback.duty_hint(ctx.text, ctx.sender.role)
            if hint is not None:
                ctx.reply(hint)
                return Outcome.HANDLED
        tagged = _report_tag(ctx.text)
        if tagged is None and notcase.redirect(
            ctx, lambda text: self._runner.run_quietly(ctx, text)
        ):
            return Outcome.HANDLED  # a question about something known is not a new case
        said = ctx.message.text if tagged is None else tagged
        intent = self._classifier.classify(said)
        ctx.stored.intent_kind = intent.kind
        ctx.stored.intent_category = intent.category
        ctx.stored.confidence = intent.confidence
        # "@机器人 …" or "#报事 …" forces a report: a problem the text names (a case, or a
        # review with lexicon terms) opens a case; the model's hunch alone does not.
        ctx.forced = tagged is not None or ctx.addressed
        key = _handler_key(intent.kind, intent.action, forced=ctx.forced, named=bool(intent.terms))
        if key == "issue" and _weak_caption(ctx, intent):
            key = "review"  # "看楼下的树都黄了" under a photo: a person decides, no case (F2)
        if key in ("issue", "review") and not intent.urgent and wishlike.help_at_home(said):
            key = "wish"  # a hand at home for an elderly man is a 微心愿, not a case (D52)
        handler = self._router.intent_handlers.get(key)
        if handler is not None:
            handler(ctx, intent)
        if not ctx.sent and key == "chat" and (tagged is not None or ctx.message.mentions_bot):
            # Spoken to, but no problem named: ask for one rather than stay silent.
            ctx.reply(DESCRIBE_TAGGED if tagged is not None else DESCRIBE)
            return Outcome.HANDLED
        if not ctx.sent and key == "chat" and ctx.is_private:
            if detail.address_again(ctx) or detail.add(ctx):
                return Outcome.HANDLED  # "是硝苯地平 要两盒": for the 帮办 just asked for
            return private_small_talk(ctx)
        if handler is not None:
            return Outcome.HANDLED if ctx.sent else Outcome.SILENT
        return self._runner.show_help(ctx) if ctx.addressed else Outcome.SILENT

    def _opinion_in_group(self, ctx: Context) -> bool:
        """A group reply to the 【征求意见】 post, as the post promises (convo4 F60)."""
        if ctx.group is None:
            return False
        topic = replied_topic(ctx.uow, ctx.group, ctx.text, ctx.message.quote)
        quoted = bool(ctx.message.quote and "【征求意见】" in ctx.message.quote)
        if topic is not None and not quoted:
            verdict = self._classifier.classify(ctx.text)
            if verdict.kind == "issue" and verdict.action == "case":
                return False  # "停车位地锁坏了 应该修修": a fault on its subject is a report
        found = self._runner.match(f"意见 {topic.code} {ctx.text}") if topic else None
        if found is None or found.args is None:
            return False
        found.command.handler(ctx, found.args)
        return True


CAPTION_SURE = 0.5  # below it, a caption's "problem" is the model's hunch, not named words


def _weak_caption(ctx: Context, intent: IntentView) -> bool:
    """A caption under the sender's own photo that names no problem plainly: the photo
    shows something, the words admire or describe it ("今天小区的花开了真好看", "看楼下的树都
    黄了"). It waits for a person on the 待确认 list instead of opening a case."""
    return ctx.caption and not ctx.forced and not intent.urgent and intent.confidence < CAPTION_SURE


def _report_tag(text: str) -> str | None:
    """The text after a leading "#报事" (possibly empty), or None when there is no tag."""
    for tag in REPORT_TAGS:
        if text.startswith(tag):
            return text[len(tag) :].lstrip(" :：,，、").strip()
    return None


def _handler_key(kind: str, action: str | None, *, forced: bool, named: bool = True) -> str:
    """Which intent handler a verdict goes to: by action first ("review" holds the message
    for a person to decide), then by kind.

    A forced report ("@机器人 …", "#报事 …", any private message) turns a problem into a case
    only when the text names one: the engine is sure, or its lexicon found problem terms
    (`named`). A review from the model alone ("3号楼1单元101 明天上午都在家", an address or a
    time said privately) stays a review, and the review handler asks what the matter is."""
    if forced and kind == "issue" and (action == "case" or named):
        return "issue"
    if action == "review":
        return "review"
    return kind


def _id(value: int | None) -> int:
    assert value is not None
    return value
