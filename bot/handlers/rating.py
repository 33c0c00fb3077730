"""回访: after 办结 the reporter rates in the chat — 满意 / 基本满意 / 不满意, or 1 / 2 / 3.

People answer in their own words ("挺满意的，辛苦了", "太差了", "👍"): the pipeline turns such a
reply into 「评价 …」, which maps it onto the three levels (`phrasing.rating_level`) and asks
one short question when the words are unclear ("还可以吧但是…").

不满意 reopens the case to the same claimer with a fresh clock. A bare "1" or "满意" from
someone with nothing to rate is ordinary chat: silence, unless they spoke to the bot.
With two cases waiting, a rating without a code asks which one; a code picks the case.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.chat import yesno
from bot.chat.context import Context
from bot.chat.phrasing import UNCLEAR, rating_level, subject_ratings
from bot.chat.router import Router
from bot.domain.cases import Case, Rating, summarize
from bot.domain.helpdesk import LIVE, Status
from bot.domain.lifecycle import RATING_WORDS
from bot.handlers.case_context import CASE_CODE, NoCase, case_for, mailer_for
from bot.handlers.followups.neighbours import neighbour_unfixed
from bot.handlers.helpdesk import HELP_CODE, Desk
from bot.handlers.helpdesk_rating import rate_help
from bot.services import case_actions, claims
from bot.services.claims import Refused

NOT_SATISFIED = "抱歉没让您满意。请回复「基本满意」或「不满意」，我们会转告承办的人。"
_BARE_RATING = 4  # "不满意", "不满意 E0001", "3": the rating alone, nothing to pass on
_CAVEAT = re.compile(r"但是|但|不过|就是|可是|只是")  # "还凑合吧 就是来得有点晚"
_CODE_OR_MARK = re.compile(r"(?<![A-Za-z])[EeHh]\s*\d+|[^\w]")
ASK_HELP = (
    "请问您对帮办 {code} 满意吗？请回复「满意」「基本满意」或「不满意」（也可以回复 1、2、3），"
    "想补充的话可以接着说。"
)
WHICH_CASE = "您有 {n} 件诉求等待评价（{codes}）：{things}。请带上编号回复，例如「{code} 满意」。"
THING_CHARS = 14  # each waiting case named by the start of its words: "E0001 单元门坏了关不上"


def build_router(desk: Desk | None = None) -> Router:
    router = Router("rating")
    for word in RATING_WORDS:

        def rate(ctx: Context, args: re.Match[str], _word: str = word) -> None:
            if args["code"] is None and _rated_by_desk(ctx, desk, args["help"], _word):
                return
            _rate(ctx, args["code"], _word)

        router.command(word, args=rf"(?:{HELP_CODE}|{CASE_CODE})?", usage=f"{word} E0001")(rate)

    @router.command(
        "评价", args=rf"(?:{HELP_CODE}|{CASE_CODE})?\s*(?P<text>.*)", usage="评价 E0001 满意"
    )
    def rate_in_words(ctx: Context, args: re.Match[str]) -> None:
        level = rating_level(args["text"])
        if args["help"] is not None and level not in (None, UNCLEAR):
            _rated_by_desk(ctx, desk, args["help"], level)  # "H0001 满意 谢谢小孙"
            return
        named = subject_ratings(args["text"]) if args["code"] is None else None
        # "门那个满意 减速带那个一般": each thing its own rating, whatever the first clause says.
        unclear = level is None or level == UNCLEAR
        several = len(ctx.uow.cases.awaiting_rating(ctx.sender.id or 0)) > 1 if named else False
        if named and (unclear or len(named) > 1 or several) and _rate_by_subject(ctx, named):
            return
        if level is None or level == UNCLEAR:
            _ask(ctx, args["code"])
            return
        if args["code"] is None and _rated_by_desk(ctx, desk, None, level):
            return
        _rate(ctx, args["code"], level)

    return router


def _rated_by_desk(ctx: Context, desk: Desk | None, help_code: str | None, word: str) -> bool:
    """Issue 14: an H-code (or a bare word with only a 帮办 to rate) is 帮办代办's."""
    if desk is None:
        return False
    has_case = help_code is None and bool(ctx.uow.cases.awaiting_rating(ctx.sender.id or 0))
    return rate_help(ctx, help_code, RATING_WORDS[word], has_case)


def _to_rate(ctx: Context, code: str | None) -> Case | None:
    """The case a rating is about: named, quoted, or the newest awaiting one; else say why."""
    try:
        if code is None and ctx.message.quote is None:
            waiting = list(ctx.uow.cases.awaiting_rating(ctx.sender.id or 0))
            if not waiting:
                late = claims.late_rating_case(ctx.uow, ctx.sender, ctx.now, ctx.bot.sla)
                if late is not None:
                    return late  # a co-reporter answering after another's rating closed it
                if ctx.addressed:
                    ctx.reply(_nothing_to_rate(ctx))
                return None
            if len(waiting) > 1:
                # Two cases wait: a guess would rate the wrong one, and a later "E0002 基本满意"
                # would then find E0002 already rated. Ask which, in one line.
                # Each with its words, so she can answer by code or by the thing (convo10).
                ordered = sorted(waiting, key=lambda c: c.id or 0)
                codes = "、".join(c.code for c in ordered)
                things = "，".join(f"{c.code} {c.summary[:THING_CHARS]}" for c in ordered)
                ctx.reply(
                    WHICH_CASE.format(
                        n=len(waiting), codes=codes, things=things, code=waiting[0].code
                    )
                )
                return None
            return waiting[0]
        return case_for(ctx, code)
    except NoCase as missing:
        if str(missing):
            ctx.reply(str(missing))
        return None


def _nothing_to_rate(ctx: Context) -> str:
    """Nothing waits for her rating: say so, naming her 帮办 still under way if there is one
    ("满意 小孙这孩子真好" before the errand is done, convofix12), never a format lesson."""
    mine = ctx.uow.helpdesk.of_person(ctx.sender.id or 0)
    going = [
        r for r in mine if r.requester_id == ctx.sender.id and r.status in (Status.DRAFT, *LIVE)
    ]
    if going:
        last = max(going, key=lambda r: r.id or 0)
        return (
            f"您的帮办 {last.code}「{last.service_name}」现在是「{last.status.label}」，"
            f"办好后我会请您评价，到时回复「满意 {last.code}」就行。谢谢！"
        )
    return "您目前没有需要评价的诉求。谢谢！"


def _rate_by_subject(ctx: Context, named: Sequence[tuple[str, str]]) -> bool:
    """ "门那个满意 减速带那个一般" with both waiting: each thing names the one case whose
    words hold it (convo3 D29). False, and nothing rated, unless every thing names its own."""
    waiting = list(ctx.uow.cases.awaiting_rating(ctx.sender.id or 0))
    # "门" is in "单元门坏了" and in "门口的减速带": a thing found in one case only decides
    # that case, and what it took is no longer a candidate for the others (convo10).
    candidates = [[c for c in waiting if subject in c.summary] for subject, _ in named]
    chosen: dict[int, Case] = {}
    changed = True
    while changed:
        changed = False
        taken = {id(c) for c in chosen.values()}
        for i, cases in enumerate(candidates):
            left = [c for c in cases if id(c) not in taken]
            if i not in chosen and len(left) == 1:
                chosen[i] = left[0]
                taken.add(id(left[0]))
                changed = True
    if len(chosen) != len(named):
        return False
    for i, (_subject, level) in enumerate(named):
        _rate(ctx, chosen[i].code, level)
    return True


def _ask(ctx: Context, code: str | None) -> None:
    """Unclear words in reply to a rating request: one short question, never silence.
    A 帮办 waiting for its rating is asked about as a case is (convo4 F65)."""
    if code is None and ctx.message.quote is None and ctx.sender.id is not None:
        helps = ctx.uow.helpdesk.awaiting_rating(ctx.sender.id)
        if helps and not ctx.uow.cases.awaiting_rating(ctx.sender.id):
            ctx.reply(ASK_HELP.format(code=helps[0].code))
            yesno.ask(ctx.sender, f"满意 {helps[0].code}", ctx.now, no=NOT_SATISFIED)
            return
    case = _to_rate(ctx, code)
    if case is None:
        return
    ctx.reply(
        f"请问您对诉求 {case.code} 的处理是否满意？请回复「满意」「基本满意」或「不满意」"
        "（也可以回复 1、2、3）。"
    )
    if ctx.is_private:  # "是的" answers it (F5); in a group anyone may say "对"
        yesno.ask(ctx.sender, f"满意 {case.code}", ctx.now, no=NOT_SATISFIED)


def _rate(ctx: Context, code: str | None, word: str) -> None:
    rating = RATING_WORDS[word]
    case = _to_rate(ctx, code)
    if case is None:
        return
    if rating is Rating.UNSATISFIED and _a_neighbour(ctx, case):
        # "不满意 E0001 还是坏的" from a neighbour: no rating of hers, the problem persists.
        neighbour_unfixed(ctx, case)
        return
    try:
        if claims.may_rate_late(ctx.uow, case, ctx.sender, ctx.now, ctx.bot.sla):
            reopened = claims.rate_late(ctx.uow, case, ctx.sender, rating, ctx.now, ctx.bot.sla)
        else:
            reopened = claims.rate(
                ctx.uow, case, ctx.sender, rating, ctx.now, ctx.bot.sla, _comment(ctx, rating)
            )
    except Refused as refused:
        ctx.reply(str(refused))
        return
    if not reopened:
        ctx.reply(f"谢谢您的评价（{rating.label}）！诉求 {case.code} 已回访结案。")
        return
    assignee = ctx.uow.people.get(case.assignee_id) if case.assignee_id else None
    who = f"原承办党员 {assignee.name}" if assignee else "党员"
    ctx.reply(f"很抱歉没能让您满意。诉求 {case.code} 已重新打开，{who}会继续跟进，请您放心。")
    # Why she is not satisfied ("差评 来了看一眼就走了") is what the member must hear: into
    # the timeline and his message, unless she said no more than the rating (convo2 C36).
    said = ctx.message.text.strip()
    if len(_CODE_OR_MARK.sub("", said)) <= _BARE_RATING:
        said = ""
    else:
        claims.add_note(ctx.uow, case, ctx.sender, summarize(said), ctx.now)
    if assignee is not None:
        case_actions.rated_unsatisfied(mailer_for(ctx), case, assignee, said)


def _a_neighbour(ctx: Context, case: Case) -> bool:
    """Someone who neither reported nor handles the case, in its 小区 (the same words from its
    reporter are her rating; from its member, or from elsewhere, still a polite refusal)."""
    assert case.id is not None
    sender = ctx.sender.id
    if sender is None or sender == case.assignee_id or sender == case.reporter_id:
        return False
    if sender in ctx.uow.cases.reporter_ids(case.id):
        return False
    estate = ctx.estate_id or ctx.sender.estate_id
    return estate == case.estate_id


def _comment(ctx: Context, rating: Rating) -> str:
    """What she said with a 满意/基本满意 beyond the rating ("还凑合吧 就是来得有点晚"): kept
    on the timeline for the member and the 书记 (convo8). A 不满意's words go to a note."""
    said = ctx.message.text.strip()
    if rating is Rating.UNSATISFIED or _CAVEAT.search(said) is None:
        return ""
    return summarize(said)
