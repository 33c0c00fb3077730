"""帮办代办's 回访: 满意/基本满意/不满意 from the resident (issue 14); 不满意, in words or by
code, sends a done request back to its volunteer (convo14b)."""

from __future__ import annotations

from bot.chat.context import Context
from bot.domain.cases import Rating
from bot.domain.community import Person, Role
from bot.domain.helpdesk import HelpRequest, Refused, public_line
from bot.handlers.helpdesk import find_request
from bot.services.helpdesk import requests
from bot.services.helpdesk.team import place


def rate_help(ctx: Context, token: str | None, rating: Rating, has_case: bool) -> bool:
    """满意/基本满意/不满意 with an H-code, or bare when only a 帮办 waits for a rating."""
    if token is None:
        if has_case or ctx.message.quote is not None:
            return False
        waiting = list(ctx.uow.helpdesk.awaiting_rating(ctx.sender.id or 0))
        if not waiting:
            return False
        request = waiting[0]
    else:
        try:
            request = find_request(ctx, token)
        except Refused as refused:
            ctx.reply(str(refused))
            return True
    claimer = ctx.uow.people.get(request.claimer_id) if request.claimer_id else None
    if rating is Rating.UNSATISFIED and claimer is not None:
        return _redo(ctx, request, claimer)
    try:
        requests.rate(ctx.uow, request, ctx.sender, rating, ctx.now)
    except Refused as refused:
        ctx.reply(str(refused))
        return True
    ctx.reply(f"谢谢您的评价（{rating.label}）！帮办 {request.code} 已完成。")
    if claimer is not None:
        ctx.send(
            f"居民对帮办 {request.code}「{request.service_name}」的评价：{rating.label}。",
            person=claimer,
        )
    if rating is Rating.UNSATISFIED:
        for secretary in ctx.uow.people.with_role(request.estate_id, Role.SECRETARY):
            ctx.send(
                f"【帮办代办回访】{public_line(request, place(ctx.uow, request))}"
                "，居民评价「不满意」，请了解情况。",
                person=secretary,
            )
    return True


REDO_TOLD = "抱歉没办好。帮办 {code} 已退回 {name} 重新办理，您的话也转告了，会尽快联系您。"
REDO_NOTE = (
    "【重新办理】居民对帮办 {code}「{service}」不满意，已退回给您重新办理。居民说：{said}\n"
    "请联系居民；办好后再发「办结 {code} 结果」。"
)


def _redo(ctx: Context, request: HelpRequest, claimer: Person) -> bool:
    """不满意 goes back to the volunteer who did it, with her words, and the 书记 hears of it."""
    said = ctx.message.text.strip()
    try:
        requests.redo(ctx.uow, request, ctx.sender, said, ctx.now)
    except Refused as refused:
        ctx.reply(str(refused))
        return True
    ctx.reply(REDO_TOLD.format(name=claimer.name, code=request.code))
    ctx.send(
        REDO_NOTE.format(code=request.code, service=request.service_name, said=said),
        person=claimer,
    )
    for secretary in ctx.uow.people.with_role(request.estate_id, Role.SECRETARY):
        ctx.send(
            f"【帮办代办回访】{public_line(request, place(ctx.uow, request))}"
            f"，居民评价「不满意」，已退回 {claimer.name} 重新办理。",
            person=secretary,
        )
    return True
