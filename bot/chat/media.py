"""Files in chat: a photo, voice note or video is kept as evidence, on the case (or 帮办) it
belongs to, and the words written on it are read first, as the same person's text."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from bot.chat.context import Context
from bot.chat.media_answers import (
    MEDIA_HANDLED_CASE,
    handlers_file,
    help_receipt,
    just_handled,
    media_answer,
)
from bot.chat.outcome import Outcome
from bot.domain.messages import MessageType
from bot.services.evidence import EvidenceDesk, Taken, adopt_for_help, adopt_waiting, take
from bot.services.mailer import Mailer
from bot.services.proof import send_proof


class MediaIntake:
    def __init__(self, desk: EvidenceDesk) -> None:
        self._desk = desk

    def captioned(self, ctx: Context, dispatch: Callable[[Context], Outcome]) -> Outcome:
        """A file with words on it (F2): the words first, as the same person's text message
        (a completion "已经弄好了" closes the case, a report opens one, a flower's caption is
        chat), then the file, which goes to the case the words tied the sender to."""
        with_file = ctx.message
        ctx.message = dataclasses.replace(with_file, type=MessageType.TEXT, media=None)
        ctx.caption = True
        try:
            said = dispatch(ctx)
        finally:
            ctx.message = with_file
        case_id, help_id = ctx.stored.case_id, ctx.help_id
        kept = self.receive(ctx, answered=bool(ctx.sent))
        # The case these very words opened or worked on: the file goes to it now.
        self._adopt(ctx, case_id=case_id, help_id=help_id, waiting=None)
        self._proof(ctx)
        if case_id is not None:
            ctx.stored.case_id = case_id
        handled = Outcome.HANDLED in (said, kept)
        return Outcome.HANDLED if handled else Outcome.SILENT

    def receive(self, ctx: Context, *, answered: bool = False) -> Outcome:
        """A photo, voice note or video: kept (as evidence on a case when one is near); an
        answer only where one helps, and never one per file when thirty arrive at once."""
        intake = take(
            ctx.uow,
            self._desk,
            account=ctx.bot.account,
            message=ctx.message,
            person_id=_id(ctx.sender.id),
            group_id=ctx.group.id if ctx.group else None,
            now=ctx.now,
        )
        if intake.help is not None:
            receipt = help_receipt(intake, self._desk, answered=answered)
            if receipt is None:
                return Outcome.SILENT
            if ctx.group is not None:
                ctx.send(receipt, person=ctx.sender)
            else:
                ctx.reply(receipt)
            return Outcome.HANDLED
        if intake.case is not None and intake.taken in (Taken.ATTACHED, Taken.DUPLICATE):
            ctx.stored.case_id = intake.case.id
        handled = just_handled(ctx, intake)
        if handled is not None:
            # Her case was just handled and she is asked to rate it: a file sent to the bot
            # now most likely shows how it turned out. It goes on that case, and she is told
            # so (and what to do if it is something new), not asked what her problem is.
            assert handled.id is not None and intake.evidence is not None
            ctx.uow.evidence.adopt(
                handled.id,
                person_id=_id(ctx.sender.id),
                group_id=ctx.group.id if ctx.group else None,
                since=intake.evidence.at,
            )
            ctx.stored.case_id = handled.id
            ctx.reply(MEDIA_HANDLED_CASE.format(label=intake.kind.label, code=handled.code))
            return Outcome.HANDLED
        answer = media_answer(ctx, intake, self._desk)
        if answered and intake.taken is Taken.WAITING:
            answer = None  # its words were answered already: no "请用文字说说" on top
        if answer is None:
            return Outcome.SILENT
        if handlers_file(ctx, intake) and not ctx.is_private:
            # The handler's proof photo in the group: the group does not need a receipt,
            # the handler does (privately), so he knows it went to the right case.
            ctx.send(answer, person=ctx.sender)
        else:
            ctx.reply(answer)
        return Outcome.HANDLED

    def adopt(self, ctx: Context, waiting: bool | None) -> None:
        """A text that tied its sender to a case takes their files sent just before it
        (`waiting`: whether any wait, as the arrival found; None: ask); a volunteer's
        进展/办结 takes them for the 帮办 (F1)."""
        if ctx.message.type is not MessageType.TEXT:
            return
        self._adopt(ctx, case_id=ctx.stored.case_id, help_id=ctx.help_id, waiting=waiting)
        self._proof(ctx)

    def _proof(self, ctx: Context) -> None:
        """A 办结 with photos: once they are on the case or 帮办, the people who asked get
        them privately, after the text that told them it is done (media15)."""
        if ctx.finished is None:
            return
        mail = Mailer(
            ctx.uow,
            ctx.bot.account,
            ctx.now,
            f"{ctx.bot.account}:reply:{ctx.message.message_id}",
            ctx.bot.sla,
            sent=ctx.sent,
        )
        send_proof(mail, ctx.finished)
        ctx.finished = None

    def _adopt(
        self, ctx: Context, *, case_id: int | None, help_id: int | None, waiting: bool | None
    ) -> None:
        # `waiting` False: the arrival found no file of theirs waiting, so none to look for.
        if help_id is None and case_id is None:
            return
        person_id = _id(ctx.sender.id)
        group_id = ctx.group.id if ctx.group else None
        if help_id is not None and waiting is not False:
            adopt_for_help(
                ctx.uow,
                self._desk,
                help_id=help_id,
                person_id=person_id,
                group_id=group_id,
                now=ctx.now,
            )
        if case_id is not None:
            adopt_waiting(
                ctx.uow,
                self._desk,
                case_id=case_id,
                person_id=person_id,
                group_id=group_id,
                now=ctx.now,
                waiting=waiting,
            )


def _id(value: int | None) -> int:
    assert value is not None
    return value
