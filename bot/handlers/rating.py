"""回访: after 办结 the reporter rates in the chat — 满意 / 基本满意 / 不满意, or 1 / 2 / 3.

不满意 reopens the case to the same claimer with a fresh clock. A bare "1" or "满意" from
someone with nothing to rate is ordinary chat: silence, unless they spoke to the bot.
"""

from __future__ import annotations

import re

from bot.chat.context import Context
from bot.chat.router import Router
from bot.domain.lifecycle import RATING_WORDS
from bot.handlers.case_context import CASE_CODE, NoCase, case_for, mailer_for
from bot.handlers.helpdesk import HELP_CODE, Desk
from bot.services import case_actions, claims
from bot.services.claims import Refused


def build_router(desk: Desk | None = None) -> Router:
    router = Router("rating")
    for word in RATING_WORDS:

        def rate(ctx: Context, args: re.Match[str], _word: str = word) -> None:
            # Issue 14: an H-code (or a bare word with only a 帮办 to rate) is 帮办代办's.
            if desk is not None and args["code"] is None:
                has_case = args["help"] is None and bool(
                    ctx.uow.cases.awaiting_rating(ctx.sender.id or 0)
                )
                if desk.rates(ctx, args["help"], RATING_WORDS[_word], has_case):
                    return
            _rate(ctx, args["code"], _word)

        router.command(word, args=rf"(?:{HELP_CODE}|{CASE_CODE})?", usage=f"{word} E0001")(rate)
    return router


def _rate(ctx: Context, code: str | None, word: str) -> None:
    rating = RATING_WORDS[word]
    try:
        if code is None and ctx.message.quote is None:
            waiting = list(ctx.uow.cases.awaiting_rating(ctx.sender.id or 0))
            if not waiting:
                if ctx.addressed:
                    ctx.reply("您目前没有需要评价的诉求。谢谢！")
                return
            case = waiting[0]
        else:
            case = case_for(ctx, code)
        reopened = claims.rate(ctx.uow, case, ctx.sender, rating, ctx.now, ctx.bot.sla)
    except NoCase as missing:
        if str(missing):
            ctx.reply(str(missing))
        return
    except Refused as refused:
        ctx.reply(str(refused))
        return
    if not reopened:
        ctx.reply(f"谢谢您的评价（{rating.label}）！诉求 {case.code} 已回访结案。")
        return
    assignee = ctx.uow.people.get(case.assignee_id) if case.assignee_id else None
    who = f"原承办党员 {assignee.name}" if assignee else "党员"
    ctx.reply(f"很抱歉没能让您满意。诉求 {case.code} 已重新打开，{who}会继续跟进，请您放心。")
    if assignee is not None:
        case_actions.rated_unsatisfied(mailer_for(ctx), case, assignee)
