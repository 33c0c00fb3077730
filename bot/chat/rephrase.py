"""Natural phrasings read as commands ("修好了" → 「办结 E0001」), but only when the
question they answer is really pending for this sender: the same words from a resident, or
with nothing of theirs open, are speech (and may go on to be a report)."""

from __future__ import annotations

import re
from datetime import timedelta

from bot.chat import asking, ballot_words, phrasing, sole
from bot.chat.context import Context
from bot.chat.router import CommandTable, Match
from bot.domain.broadcasts import corrected_notice
from bot.domain.cases import find_case_code, format_case_code, parse_case_code
from bot.domain.community import GroupKind, Role
from bot.domain.deliberation.votes import VoteError, VoteStatus
from bot.domain.helpdesk import parse_code as parse_help_code
from bot.domain.likeness import problem_bigrams
from bot.services import pending
from bot.services.deliberation import votes

CLAIM_NEARBY = timedelta(hours=1)  # "我去看看" claims a case reported this recently
CLAIM_WAITING = timedelta(days=3)  # ... or the only one of the group still waiting, this old
_TAKES_THE_JOB = re.compile(
    r"我来(?:弄|修|处理|办|搞|整|负责|跟进|认领|接)|交给我|我(?:接|认领)了|我负责|这个我来|我来吧"
)
WHICH_CLAIM = "这个群里有几件诉求等待认领，要认领请回复「{codes}」。"
WHICH_NOTIFIED = "有几件诉求等待认领，要认领请回复「{codes}」。"
# A claim said and nothing else: "已认领", "认领了", "已经接单了".
_CLAIM_ONLY = re.compile(r"(?:已经?)?(?:认领|接单|接了)(?:了|啦)?")
WHICH_HELD = "您手上有 {count} 件在办的诉求，是哪一件要{verb}？请回复「{codes}」（后面可写说明）。"


_STAFF_NEEDS = frozenset(("leader", "handover", "quoted_dispatch", "take_over"))


def rephrased(ctx: Context, text: str, table: CommandTable) -> Match | None:
    """The command a natural phrasing stands for, if its question is really pending."""
    quote = ctx.message.quote
    if ctx.is_private and ctx.sender.role >= Role.SECRETARY:
        # "写错了 通知 3号楼 …": the corrected notice is a new 「通知」 (convofix13b).
        notice = corrected_notice(text)
        if notice is not None:
            match = table.match(notice)
            if match is not None and match.args is not None:
                return match
    found = phrasing.rewrite(text, quoted=bool(quote), private=ctx.is_private)
    if found is not None and found.needs in _STAFF_NEEDS:
        found = _staff_instruction(ctx, found, text)
    if (
        found is not None
        and found.needs == "withdraw"
        and ctx.sender.role >= Role.SECRETARY
        and pending.notice_draft(ctx.uow, ctx.sender, ctx.now) is not None
    ):
        # "算了 取消 时间还没定" while her notice waits in preview answers the preview.
        found = phrasing.notice_answer_words(text, private=ctx.is_private) or found
    if found is not None and found.needs == "draft" and ctx.sender.role < Role.SECRETARY:
        # "取消吧" from a resident is about their own request, not a notice preview.
        found = phrasing.withdrawal(phrasing.trim(text), private=ctx.is_private)
    if found is not None and found.needs in (
        "withdraw",
        "sole_case",
        "volunteer",
        "sole_open",
        "sole_wish",
    ):
        found = _resolved(ctx, found)
    if (
        found is not None
        and found.needs == "dispatcher"
        and found.text.endswith("@")
        and ctx.is_private
    ):
        # "@高大爷 E0001交给你了" privately: the @ is plain text (its leading part was taken off
        # as a mention), and it is the name of the member the case goes to (convo10b C6).
        names = phrasing.at_names(ctx.message.text)
        if names:
            found = phrasing.Rewrite(found.text + "@".join(names), "dispatcher")
    if found is None:
        # "粉刷那个我家不同意 刚刷了没几年": a ballot in words, or asked about (convo11a)
        ballot = ballot_words.ballot(ctx, text, table)
        if ballot is not None or ctx.sent:
            return ballot
    match = table.match(found.text) if found is not None else None
    if found is None or match is None or match.args is None:
        asked = asking.question_command(text)
        if asked == "我的任务" and ctx.sender.role < Role.MEMBER:
            asked = "我的帮办"  # "我接了哪些" from a 帮办 volunteer: the orders he took
        return table.match(asked) if asked is not None else None
    if found.needs == "member" and ctx.sender.role < Role.MEMBER:
        # "这个我来 我家有工具" from a neighbour is an offer of help, not a claim: quoting
        # a case it goes to 认领, which thanks them and says how to join in (D28).
        quoted = find_case_code(quote) if quote else None
        if quoted is None:
            return None
        return table.match(f"认领 {format_case_code(quoted)}")
    if found.needs == "address" and pending.help_draft(ctx.uow, ctx.sender) is None:
        return None  # an address only answers the 帮办代办 question while it is pending
    if found.needs == "dispatcher" and ctx.sender.role < Role.MEMBER:
        return None  # "E0004 孙志明你去看看" from a neighbour is talk, not a 派单
    if (
        found.needs == "dispatcher"
        and "@" in found.text
        and not ctx.message.mention_ids
        and (found.text.endswith("@") or not ctx.is_private)
    ):
        # "E0003交给你了" to nobody named: not a 派单. In a group an "@名字" typed without a
        # real mention names nobody either; privately it is how the name is written (C6).
        return None
    if found.needs in ("secretary", "draft") and ctx.sender.role < Role.SECRETARY:
        if found.text.startswith("转为议题"):
            # "S0001 能不能转成议题" from the resident who made it asks where it stands.
            return table.match(f"进度 {found.text.split()[1]}")
        return None  # "通知全部业主…" pasted by a resident is a forwarded notice
    if found.needs == "handler" and not _may_act(ctx, match.args.groupdict().get("code")):
        return None  # "E0003的水管又漏了" from a resident is a report, not a handler's news
    code = match.args.groupdict().get("code")
    if (
        found.needs == "holder"
        and not _holds(ctx, code)
        and not _closes_unclaimed(ctx, code, text, found.text)
    ):
        return None  # "大家注意 E0001 是紧急的": talk about a case, not its holder's news
    if found.needs == "rating":
        rateable = pending.rateable_cases(ctx.uow, ctx.sender, ctx.now, ctx.bot.sla)
        waiting = {c.id for c in rateable}
        code = match.args.groupdict().get("code")
        named = parse_case_code(code) if code else find_case_code(quote)
        if named is not None and named not in waiting:
            if _neighbour_unsatisfied(ctx, named, found.text.partition(" ")[2]):
                return match  # "E0001 差评 还是坏的" from a neighbour: the rating handler says
            return None
        if not waiting and (named is not None or not pending.help_ratings(ctx.uow, ctx.sender)):
            return None  # nothing of theirs waits for a rating
    named_wish = match.args.groupdict().get("code")
    if found.needs == "consent" and not named_wish:
        return match if pending.consent_wish(ctx.uow, ctx.sender) is not None else None
    return match


def _staff_instruction(ctx: Context, found: phrasing.Rewrite, text: str) -> phrasing.Rewrite | None:
    """A leader's instruction on a case ("E0002 结错了 重新打开", "E0001 抓紧啊") stands only
    from a 组长 or above; a holder may hand his own case to a member he names; a 派单 quoting
    the case message takes its code from the quote (convofix14d). From anyone else the same
    words are what they were before: the holder's news, or talk."""
    leader = ctx.sender.role >= Role.LEADER
    if found.needs == "quoted_dispatch":
        quoted = find_case_code(ctx.message.quote) if ctx.message.quote else None
        if quoted is not None and leader and ctx.message.mention_ids:
            # The @ of the leading mention was taken off the words: the names are the message's.
            who = "@".join(phrasing.at_names(ctx.message.text))
            return phrasing.Rewrite(f"派单 {format_case_code(quoted)} @{who}")  # role checked above
    else:
        code = found.text.split()[1]
        if found.needs == "take_over":
            # Only a case someone else holds is taken over; else "交给我吧" is a plain claim.
            if leader and _held_by_another(ctx, code):
                return found
        elif found.text.startswith("督办") and _holds(ctx, code):
            pass  # "E0001 师傅说赶紧换" from its holder: his own news
        elif leader or (found.needs == "handover" and _holds(ctx, code)):
            return found
        elif found.text.startswith("改类别") and not _holds(ctx, code):
            # "E0001 分错类了 应该是电梯" from anyone but its holder (his words are his news):
            # 改类别 corrects the reporter's own case, tells a neighbour who may (polish15).
            return found
    return phrasing.without_staff_words(
        text, quoted=bool(ctx.message.quote), private=ctx.is_private
    )


def _neighbour_unsatisfied(ctx: Context, case_id: int, text: str) -> bool:
    """ "E0001 差评 电梯还是不动" about a case someone else reported, in the sender's 小区:
    no rating of hers, but the problem persists (the rating handler tells its member,
    convofix11b); other words about a case not hers to rate stay speech or a report."""
    if phrasing.rating_level(text) != "不满意" or ctx.sender.id is None:
        return False
    case = ctx.uow.cases.get(case_id)
    if case is None or case.id is None or case.assignee_id == ctx.sender.id:
        return False
    if ctx.sender.id in ctx.uow.cases.reporter_ids(case.id):
        return False
    return case.estate_id == (ctx.estate_id or ctx.sender.estate_id)


def quoted_ballot(ctx: Context, table: CommandTable) -> Match | None:
    """ "1" quoting the bot's vote post is a ballot on that vote (convofix11a): before the
    commands, since a bare "1" is also the rating 满意 (and stays so with nothing quoted)."""
    ballot = phrasing.quoted_ballot(ctx.text, ctx.message.quote)
    if ballot is None or not _may_vote_on(ctx, ballot.text.split()[1]):
        return None
    return table.match(ballot.text)


def _may_vote_on(ctx: Context, code: str) -> bool:
    """Privately a quoted choice is always the ballot (its answer says why it cannot count);
    in a group only while the vote is open to the sender, else "1" there is just speech."""
    if ctx.is_private:
        return True
    try:
        vote = votes.find(ctx.uow, code)
    except VoteError:
        return False
    if vote.status is not VoteStatus.OPEN or vote.id is None or ctx.sender.id is None:
        return False
    return bool(ctx.uow.votes.seats_of(vote.id, ctx.sender.id))


def _resolved(ctx: Context, found: phrasing.Rewrite) -> phrasing.Rewrite | None:
    """A rewrite that names its item only once the sender's own items are known."""
    sender_id = ctx.sender.id
    if sender_id is None:
        return None
    if found.needs == "volunteer":
        # "H0001 已到营业厅排队了" is news only from the volunteer who took H0001.
        number = parse_help_code(found.text.split()[1])
        request = ctx.uow.helpdesk.get(number) if number is not None else None
        taken = request is not None and request.claimer_id == sender_id
        return phrasing.Rewrite(found.text) if taken else None
    if found.needs == "sole_open":
        sent = len(ctx.sent)
        plan = found.text.partition(" ")[2]
        if ctx.group is None:
            claim = _notified(ctx, plan, found.about)
        else:
            claim = _sole_open(ctx, plan, found.about)
        if claim is not None or len(ctx.sent) > sent:
            return claim  # a claim, or the question which one
        return _held_here(ctx, found.about, plan)
    if found.needs == "sole_case":
        # "修好了 维保换了个零件" from someone handling exactly one open case closes that one;
        # "我去不了 退回" gives it back. Said privately, in the 党员群, or in the case's group.
        held = [c for c in ctx.uow.cases.assigned_to(sender_id) if c.status.is_open]
        party = ctx.group is not None and ctx.group.kind is GroupKind.PARTY
        if ctx.group is not None and not party:
            held = [c for c in held if c.group_id == ctx.group.id]
        verb, _, rest = found.text.partition(" ")
        quote = ctx.message.quote
        quoted = find_case_code(quote) if quote else None
        if quoted is not None:
            held = [c for c in held if c.id == quoted]  # quoting one case: that one, or none
        elif quote:
            # "OK了" under a neighbour's chat answers that message; under the resident's report
            # (it shares the report's words) it is about her case (convo10).
            said = problem_bigrams(quote)
            held = [c for c in held if said & problem_bigrams(c.summary)]
        if found.about:
            # "电梯好了": the one case he holds whose thing the words name (convo10); a thing
            # none of his cases names is talk about something else.
            held = [c for c in held if found.about in f"{c.summary}{c.category_label}"]
        if len(held) > 1:
            # Several: which one? (silence would let him think it was done, convofix6 R3)
            codes = "」或「".join(f"{verb} {c.code}" for c in held[:3])
            ctx.reply(WHICH_HELD.format(count=len(held), verb=verb, codes=codes))
            return None
        if len(held) != 1:
            return None  # nothing of his here: speech
        return phrasing.Rewrite(f"{verb} {held[0].code} {rest}")
    if found.needs == "sole_wish":
        wishes = sole.wishes_to_fulfil(ctx.uow, sender_id)
        return phrasing.Rewrite(f"已实现 {wishes[0].code}") if len(wishes) == 1 else None
    # "不要了 撤回吧": the one 帮办 or 微心愿 of theirs still open (several: notcase asks which).
    items = sole.withdrawable(ctx.uow, sender_id)
    return phrasing.Rewrite(items[0].command) if len(items) == 1 else None


def _sole_open(ctx: Context, plan: str, about: str = "") -> phrasing.Rewrite | None:
    """ "我去看看", "台阶这个我来" from a party member, no code and nothing quoted (convo3 D37):
    the claim of the one unclaimed case reported in this group in the last hour. With several
    such cases he is told how to name one (silence would let him think he had claimed);
    with none it is speech."""
    if ctx.group is None or ctx.estate_id is None or ctx.sender.role < Role.MEMBER:
        return None
    since = ctx.now - CLAIM_NEARBY
    here = [
        c
        for c in ctx.uow.cases.unclaimed(ctx.estate_id)
        if c.group_id == ctx.group.id and c.status.is_open
    ]
    # "井盖的事我来跟", "声控灯那个我来": the one open case here his words name, however old,
    # even with others open beside it (convo9 B); else the one just reported.
    named = [c for c in here if about and about in c.summary]
    waiting = named if len(named) == 1 else [c for c in here if c.opened_at >= since]
    if not waiting and not about and _TAKES_THE_JOB.search(ctx.message.text):
        # "我来弄" hours after the report, and it is the only one here still waiting for
        # someone (a few days at most): that one (convo10). Taking the job, not a look:
        # "我去看看" two hours on may be about anything (convo3 D37).
        lately = [c for c in here if c.opened_at >= ctx.now - CLAIM_WAITING]
        waiting = lately if len(lately) == 1 else []
    if len(waiting) == 1:
        return phrasing.Rewrite(f"认领 {waiting[0].code} {plan}".strip(), "member")
    if waiting:
        codes = "」或「".join(f"认领 {c.code}" for c in waiting[:3])
        ctx.reply(WHICH_CLAIM.format(codes=codes))
    return None


def _notified(ctx: Context, plan: str, about: str = "") -> phrasing.Rewrite | None:
    """ "已认领", "我去看看" privately from a party member, no code and nothing quoted
    (convofix11b): the claim of the case he was just told of — an unclaimed case of his 楼栋
    (of his 小区 for a 书记) reported in the last hour; else the only one of them still
    waiting (a few days at most). Several: he is asked which; none: speech."""
    estate_id = ctx.sender.estate_id
    if estate_id is None or ctx.sender.id is None or ctx.sender.role < Role.MEMBER:
        return None
    own = ctx.sender.building_id
    building = ctx.uow.estates.building(own) if own is not None else None
    everyone = ctx.sender.role >= Role.SECRETARY
    mine = [
        c
        for c in ctx.uow.cases.unclaimed(estate_id)
        if c.status.is_open
        and c.assignee_id is None
        and (everyone or (building is not None and c.building == building.number))
    ]
    named = [c for c in mine if about and about in c.summary]
    waiting = (
        named if len(named) == 1 else [c for c in mine if c.opened_at >= ctx.now - CLAIM_NEARBY]
    )
    if not waiting and not about:
        lately = [c for c in mine if c.opened_at >= ctx.now - CLAIM_WAITING]
        waiting = lately if len(lately) == 1 else []
    if len(waiting) == 1:
        return phrasing.Rewrite(f"认领 {waiting[0].code} {plan}".strip(), "member")
    if waiting:
        codes = "」或「".join(f"认领 {c.code}" for c in waiting[:3])
        ctx.reply(WHICH_NOTIFIED.format(codes=codes))
    return None


def _held_here(ctx: Context, about: str = "", plan: str = "") -> phrasing.Rewrite | None:
    """ "收到 我马上去" after a 派单 to him: nothing here waits for a claimer, but the one case
    of this group he holds is what he answers; his words are its news (convo10a). Privately,
    the one case he holds. A claim and nothing more ("已认领") is no news: he hears the case
    is already his (convofix11b)."""
    if ctx.sender.id is None or ctx.sender.role < Role.MEMBER:
        return None
    held = [
        c
        for c in ctx.uow.cases.assigned_to(ctx.sender.id)
        if c.status.is_open and (ctx.group is None or c.group_id == ctx.group.id)
    ]
    if len(held) != 1 or (about and about not in held[0].summary):
        return None
    if not plan and _CLAIM_ONLY.fullmatch(phrasing.trim(ctx.message.text)):
        return phrasing.Rewrite(f"认领 {held[0].code}")
    if ctx.group is None:
        return None  # privately his words are no news for the residents without a code
    said = phrasing.clean_note(phrasing.trim(ctx.message.text))
    return phrasing.Rewrite(f"进展 {held[0].code} {said}")


def _held_by_another(ctx: Context, code: str | None) -> bool:
    case_id = parse_case_code(code) if code else None
    case = ctx.uow.cases.get(case_id) if case_id is not None else None
    return case is not None and case.assignee_id not in (None, ctx.sender.id)


def _holds(ctx: Context, code: str | None) -> bool:
    """The sender holds the case the code names (words before the code: convo3 D3, D19)."""
    case_id = parse_case_code(code) if code else None
    case = ctx.uow.cases.get(case_id) if case_id is not None else None
    return case is not None and ctx.sender.id is not None and case.assignee_id == ctx.sender.id


_CLOSING_WORD = re.compile(r"(?<![没未不无])(?:办结|结案)")


def _closes_unclaimed(ctx: Context, code: str | None, text: str, command: str) -> bool:
    """ "人出来了 没事 维保也到了 E0001 办结" from a party member on a case nobody holds: the
    close, which claims it for him as a bare 「办结 E0001」 does (办结即认领). Only with the
    closing word itself: his news around a code on someone else's case stays talk."""
    if not command.startswith("办结") or not _CLOSING_WORD.search(text):
        return False
    if ctx.sender.role < Role.MEMBER or ctx.sender.id is None:
        return False
    case_id = parse_case_code(code) if code else None
    case = ctx.uow.cases.get(case_id) if case_id is not None else None
    if case is None or case.id is None or case.assignee_id is not None:
        return False
    return case.status.is_open and ctx.sender.id not in ctx.uow.cases.reporter_ids(case.id)


def _may_act(ctx: Context, code: str | None) -> bool:
    """News under a case code is a handler's command when a party member sends it: his own
    case; an unclaimed one (his first 进展 claims it: he is evidently on it, and the 无人响应
    alarm must stop); or one he cannot act on, which the claims handler answers in one line
    (taken by someone else, closed, no such code) instead of silence. A resident's words
    about a case, or the case's own reporter's, are a report, not news (convo2 C6)."""
    if ctx.sender.role < Role.MEMBER:
        return False
    case_id = parse_case_code(code) if code else None
    case = ctx.uow.cases.get(case_id) if case_id is not None else None
    if case is None or case.id is None or case.assignee_id == ctx.sender.id:
        return True
    return ctx.sender.id not in ctx.uow.cases.reporter_ids(case.id)
