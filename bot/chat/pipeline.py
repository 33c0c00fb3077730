"""The inbound pipeline: de-duplicate, store, resolve, classify, handle, queue the answers.

Everything happens in one transaction: the message, the case it opens and the replies are
committed together, so a crash can lose neither the resident's words nor the bot's answer.
"""

from __future__ import annotations

import enum
import logging
from dataclasses import dataclass

from bot.chat.context import BotProfile, Context
from bot.chat.normalize import command_text
from bot.chat.router import CommandTable, Router
from bot.domain.messages import Inbound, MessageType
from bot.domain.records import OutboxItem, StoredMessage
from bot.ports import Classifier, Clock, Conflict, Unavailable, UnitOfWorkFactory
from bot.services import directory

log = logging.getLogger(__name__)

NON_TEXT_HINT = (
    "我暂时只能看懂文字消息。请用文字描述问题，例如“3号楼电梯坏了”；发送「帮助」查看用法。"
)


DESCRIBE = "请直接说说遇到了什么问题，例如“3号楼电梯坏了”；发送「帮助」查看用法。"
DESCRIBE_TAGGED = "请在「#报事」后面写清楚遇到的问题，例如“#报事 3号楼电梯坏了”。"
REPORT_TAGS = ("#报事", "＃报事")


class Outcome(enum.StrEnum):
    HANDLED = "handled"  # a command or intent handler ran
    SILENT = "silent"  # stored, nothing to say (small talk)
    DUPLICATE = "duplicate"  # this message id was already processed
    UNBOUND = "unbound"  # a room the config does not know


@dataclass(frozen=True)
class Result:
    outcome: Outcome
    sent: tuple[OutboxItem, ...] = ()


class Pipeline:
    def __init__(
        self,
        *,
        uow_factory: UnitOfWorkFactory,
        classifier: Classifier,
        router: Router,
        clock: Clock,
        profile: BotProfile,
    ) -> None:
        self._uow_factory = uow_factory
        self._classifier = classifier
        self._router = router
        self._commands = CommandTable(router.commands)
        self._clock = clock
        self._profile = profile

    def handle(self, message: Inbound) -> Result:
        try:
            try:
                return self._handle(message)
            except Unavailable:
                # The connection died under us (nothing was kept, or the commit landed and
                # the retry sees the id as seen): once more on a fresh one, so the words stay.
                log.warning("database connection lost; retrying message %s", message.message_id)
                return self._handle(message)
        except Conflict:
            # Two deliveries of one message raced past the `seen` check; the other one won.
            log.info("duplicate message %s (race)", message.message_id)
            return Result(Outcome.DUPLICATE)

    def _handle(self, message: Inbound) -> Result:
        account, now = self._profile.account, self._clock.now()
        with self._uow_factory() as uow:
            arrived = directory.arrive(uow, account, message, now)
            if arrived is None:
                return Result(Outcome.DUPLICATE)
            group, sender = arrived
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
            ctx = Context(
                uow=uow,
                now=now,
                bot=self._profile,
                message=message,
                stored=stored,
                sender=sender,
                group=group,
                estate_id=group.estate_id if group else sender.estate_id,
                text=command_text(message.text),
            )
            outcome = self._dispatch(ctx)
            # Stored with what the handlers learned (intent, case) in one INSERT; the same
            # commit carries the replies, so the words and the answer are kept together.
            uow.messages.add(stored)
            uow.commit()
            return Result(outcome, tuple(ctx.sent))

    def _dispatch(self, ctx: Context) -> Outcome:
        if ctx.message.type is not MessageType.TEXT:
            if ctx.addressed:
                ctx.reply(NON_TEXT_HINT)
                return Outcome.HANDLED
            return Outcome.SILENT
        if not ctx.text:
            return self._bare_mention(ctx)

        match = self._commands.match(ctx.text)
        if match is not None and (match.args is not None or ctx.addressed):
            command = match.command
            if command.where == "group" and ctx.is_private:
                ctx.reply(f"「{command.names[0]}」请在群里发送。")
            elif command.where == "private" and not ctx.is_private:
                ctx.reply(f"「{command.names[0]}」请私聊我发送。")
            elif ctx.sender.role < command.min_role:
                ctx.reply(command.refusal.format(role=command.min_role.label))
            elif match.args is None:
                ctx.reply(f"格式不对。请发送「{command.usage}」。")
            else:
                command.handler(ctx, match.args)
            return Outcome.HANDLED

        tagged = _report_tag(ctx.text)
        said = ctx.message.text if tagged is None else tagged
        intent = self._classifier.classify(said)
        ctx.stored.intent_kind = intent.kind
        ctx.stored.intent_category = intent.category
        ctx.stored.confidence = intent.confidence
        # "@机器人 …" or "#报事 …" forces a report: anything the engine saw as a problem
        # (a case, or a message it would have held for review) opens a case.
        ctx.forced = tagged is not None or ctx.addressed
        key = _handler_key(intent.kind, intent.action, forced=ctx.forced)
        handler = self._router.intent_handlers.get(key)
        if handler is not None:
            handler(ctx, intent)
        if not ctx.sent and key == "chat" and (tagged is not None or ctx.message.mentions_bot):
            # Spoken to, but no problem named: ask for one rather than stay silent.
            ctx.reply(DESCRIBE_TAGGED if tagged is not None else DESCRIBE)
            return Outcome.HANDLED
        if handler is not None:
            return Outcome.HANDLED if ctx.sent else Outcome.SILENT
        return self._bare_mention(ctx) if ctx.addressed else Outcome.SILENT

    def _bare_mention(self, ctx: Context) -> Outcome:
        """An @ to the bot (or a private hello) with nothing it understood: show help."""
        if not ctx.addressed:
            return Outcome.SILENT
        help_command = self._commands.match("帮助")
        if help_command is None or help_command.args is None:
            return Outcome.SILENT
        help_command.command.handler(ctx, help_command.args)
        return Outcome.HANDLED


def _report_tag(text: str) -> str | None:
    """The text after a leading "#报事" (possibly empty), or None when there is no tag."""
    for tag in REPORT_TAGS:
        if text.startswith(tag):
            return text[len(tag) :].lstrip(" :：,，、").strip()
    return None


def _handler_key(kind: str, action: str | None, *, forced: bool) -> str:
    """Which intent handler a verdict goes to: by action first ("review" holds the message
    for a person to decide), then by kind; a forced report turns any problem into a case."""
    if forced and (action in ("case", "review") or kind == "issue"):
        return "issue"
    if action == "review":
        return "review"
    return kind


def _id(value: int | None) -> int:
    assert value is not None
    return value
