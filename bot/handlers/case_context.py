"""Helpers the case handlers share: finding the case a message is about, queueing messages."""

from __future__ import annotations

from bot.chat.codes import CASE_CODE
from bot.chat.context import Context
from bot.domain.cases import Case, find_case_code, format_case_code, parse_case_code
from bot.services.mailer import Mailer

__all__ = ["CASE_CODE", "NoCase", "case_for", "mailer_for", "person_id"]


class NoCase(Exception):
    """The message names no case, or one that does not exist; the text says so."""


def case_for(ctx: Context, token: str | None) -> Case:
    """The case named by `token` ("E0231"), or else by the quoted bot message."""
    if token:
        case_id = parse_case_code(token)
        shown = token.upper().replace(" ", "")
    else:
        case_id = find_case_code(ctx.message.quote)
        if case_id is None:
            raise NoCase("")
        shown = format_case_code(case_id)
    case = ctx.uow.cases.get(case_id) if case_id else None
    if case is None:
        raise NoCase(f"没有找到诉求 {shown}，请核对编号。")
    return case


def mailer_for(ctx: Context) -> Mailer:
    """A Mailer continuing the handler's own reply keys, so the pipeline sees what it queued."""
    return Mailer(
        ctx.uow,
        ctx.bot.account,
        ctx.now,
        f"{ctx.bot.account}:reply:{ctx.message.message_id}",
        ctx.bot.sla,
        sent=ctx.sent,
    )


def person_id(value: int | None) -> int:
    assert value is not None, "stored rows always have ids"
    return value
