"""The person's own requests, named without a code (convo4 rules 1, 2, 5).

"不要了 撤回吧", "已实现", "我的帮办呢", "我来帮周奶奶挂 认领", a volunteer's "已到营业厅了",
"明天几点来着": exactly one open object of theirs ⇒ the message acts on it; several ⇒ one line
asks which; none ⇒ the message goes on to the other readings.
"""

from __future__ import annotations

import re
from datetime import timedelta

from bot.chat import phrasing, sole
from bot.chat.context import Context
from bot.chat.followup import says_unfixed
from bot.chat.notcase import own
from bot.chat.notcase.base import Run
from bot.chat.phrasing.handling import DONE
from bot.chat.phrasing.text import QUESTION, clean_note
from bot.domain.community import Role
from bot.domain.helpdesk import HelpRequest
from bot.domain.helpdesk import Status as HelpStatus
from bot.domain.likeness import problem_bigrams
from bot.domain.wishes import WishStatus
from bot.services import pending

OPINION_KEPT = "记下了：议题 {code}「{title}」，您的意见「{text}」已转给牵头人。"
ASK_CLAIM = "想认领哪一件？请发「认领 {first}」（换成编号）：{codes}。"
MAX_CLAIM = 30
MAX_NEWS = 30
MAX_WHEN = 16
SOON = timedelta(days=2)
_WHEN_ASKED = re.compile(
    r"^(?:那个|我们|咱)?(?:明天|今天|后天|明儿|明早|今儿)?(?:的活动|的)?(?:是)?"
    r"(?:几点|什么时候|啥时候|在哪|在哪儿|哪里|去哪)(?:来着|开始|集合|到|去|见)?(?:啊|呀|呢|来着)*[?？]*$"
)
_NEWS = re.compile(
    r"已经?到|到了|排队|出发|在路上|路上了|正在|买到|买好|交好|交完|送到|送过去|取到|取好|办好|办完|弄好"
)
_CLAIMING = re.compile(r"认领|我来帮")
# "这个不对 我吃的是缓释片", "买错了", "不是我要的那种": the done 帮办 is not what she asked for.
_NOT_RIGHT = re.compile(r"不对|不是这个|不是我要的|不是这种|(?:买|拿|送|取|办|弄|搞|交|缴|寄)错了?")
MAX_NOT_RIGHT = 60
JUST_DONE = timedelta(days=3)
_ANY_CODE = re.compile(r"(?<![A-Za-z])[EeWwHh]\s*\d")


def withdraw_which(ctx: Context, said: str) -> bool:
    """ "不要了 撤回吧" with several open requests: name them and ask which (rule 1)."""
    if (
        ctx.sender.id is None
        or phrasing.withdrawal(phrasing.trim(said), private=ctx.is_private) is None
    ):
        return False
    items = sole.withdrawable(ctx.uow, ctx.sender.id)
    if len(items) < 2:
        return False
    ctx.reply(sole.ask_withdraw(items))
    return True


def fulfilled_which(ctx: Context, said: str) -> bool:
    """ "已实现" without a code with several claimed wishes: name them and ask which (rule 1)."""
    found = phrasing.rewrite(said, private=ctx.is_private)
    if ctx.sender.id is None or found is None or found.needs != "sole_wish":
        return False
    items = sole.wishes_to_fulfil(ctx.uow, ctx.sender.id)
    if len(items) == 1:
        return False  # the pipeline already confirmed that one
    if not items:
        if not ctx.addressed:
            return False
        ctx.reply(sole.NONE_TO_FULFIL)
        return True
    ctx.reply(sole.ask_fulfilled(items))
    return True


def own_status(ctx: Context, said: str, run: Run) -> bool:
    ran = [command for command in own.status_commands(said) if run(command)]
    if ran:
        return True
    person = ctx.sender.id
    if person is None:
        return False
    if own.asks_suggestion(said):
        mine = [
            s for s in ctx.uow.suggestions.find(estate_id=ctx.estate_id) if s.person_id == person
        ]
        if mine:
            return run(f"进度 {max(mine, key=lambda s: s.created_at).code}")
    if own.asks_opinion(said) and ctx.estate_id is not None:
        said_on = [
            (t, o)
            for t in ctx.uow.topics.find(estate_id=ctx.estate_id)
            if t.id is not None and not t.closed
            for o in ctx.uow.topics.opinions(t.id)
            if o.person_id == person
        ]
        if said_on:
            topic, opinion = max(said_on, key=lambda pair: pair[1].at)
            ctx.reply(OPINION_KEPT.format(code=topic.code, title=topic.title, text=opinion.text))
            return True
    if own.asks_errand(said):
        # Her own errand asked after in her words: 「我的帮办」 when she has one open and no open
        # case the words could be about, or the words name the 帮办 (its service or her words).
        # The one meant gets its own status (who took it), several the list.
        # Words naming something else ("我那个快递怎么还没到") are not about her 帮办.
        errands = _open_helps(ctx, person)
        thing = own.errand_named(said)
        named = [r for r in errands if thing and _names_help(r, thing)]
        open_cases = [c for c in ctx.uow.cases.by_reporter(person) if c.status.is_open]
        if errands and (named or not (open_cases or thing)):
            meant = named if len(named) == 1 else errands if len(errands) == 1 else []
            return run(f"进度 {meant[0].code}" if meant else "我的帮办")
    if own.waiting(said):
        helps = [h for h in sole.withdrawable(ctx.uow, person) if h.code.startswith("H")]
        cases = [c for c in ctx.uow.cases.by_reporter(person) if c.status.is_open]
        if helps and not cases:
            return run("我的帮办")
    return False


def _open_helps(ctx: Context, person: int) -> list[HelpRequest]:
    return [
        r
        for r in ctx.uow.helpdesk.of_person(person)
        if r.requester_id == person and r.status in (HelpStatus.OPEN, HelpStatus.CLAIMED)
    ]


def _names_help(request: HelpRequest, said: str) -> bool:
    """The words share a term with the 帮办: its service, or what she said asking for it."""
    return bool(problem_bigrams(said) & problem_bigrams(f"{request.service_name}{request.note}"))


def claim_sole(ctx: Context, said: str, run: Run) -> bool:
    """ "我来帮周奶奶挂 认领" from a party member, no code (convo4 F86): the one open wish of
    this building is the one he means; several (or an unclaimed case too): ask which."""
    group = ctx.group
    if ctx.sender.role < Role.MEMBER or group is None or ctx.estate_id is None:
        return False
    if len(said) > MAX_CLAIM or not _CLAIMING.search(said) or _ANY_CODE.search(said):
        return False
    if QUESTION.search(said) or "谁" in said:
        return False  # "谁认领了" asks, it does not claim
    wishes = [
        w
        for w in ctx.uow.wishes.open_wishes(ctx.estate_id, building_id=group.building_id)
        if w.status is WishStatus.OPEN
    ]
    cases = [c for c in ctx.uow.cases.unclaimed(ctx.estate_id) if c.group_id == group.id]
    if len(wishes) == 1 and not cases:
        return run(f"认领 {wishes[0].code}")
    codes = [w.code for w in wishes] + [c.code for c in cases]
    if not codes:
        return False
    ctx.reply(ASK_CLAIM.format(codes="、".join(codes), first=codes[0]))
    return True


def volunteer_news(ctx: Context, said: str, run: Run) -> bool:
    """ "已到社区服务中心了" privately from a volunteer holding exactly one 帮办 (convo4 F83):
    news on that order, relayed to the resident as a code would be. A member who also handles
    cases is left to say which (the words could be about either)."""
    person = ctx.sender.id
    if not ctx.is_private or person is None or len(said) > MAX_NEWS:
        return False
    if not _NEWS.search(said) or _ANY_CODE.search(said) or QUESTION.search(said):
        return False
    held = [
        r
        for r in ctx.uow.helpdesk.of_person(person)
        if r.claimer_id == person and r.status is HelpStatus.CLAIMED
    ]
    if len(held) != 1 or any(c.status.is_open for c in ctx.uow.cases.assigned_to(person)):
        return False
    verb = "办结" if DONE.search(said) else "进展"
    return run(f"{verb} {held[0].code} {clean_note(said)}")


def help_not_right(ctx: Context, said: str, run: Run) -> bool:
    """ "小孙啊 这个不对 我吃的是缓释片 你买的是普通片" privately from the resident whose one 帮办
    was done in the last days and waits for her rating (convo14b): her 不满意, which sends it back
    to the volunteer with her words. With a case of hers waiting too, the words could be about
    either, so they go on to the other readings."""
    person = ctx.sender.id
    if not ctx.is_private or person is None or len(said) > MAX_NOT_RIGHT:
        return False
    if _ANY_CODE.search(said) or not (_NOT_RIGHT.search(said) or says_unfixed(said)):
        return False
    waiting = [
        r
        for r in ctx.uow.helpdesk.awaiting_rating(person)
        if r.done_at is not None and ctx.now - r.done_at <= JUST_DONE
    ]
    if len(waiting) != 1 or pending.rating_cases(ctx.uow, ctx.sender):
        return False
    return run(f"不满意 {waiting[0].code}")


def my_activity_when(ctx: Context, said: str, run: Run) -> bool:
    """ "明天几点来着" after the activity reminder (convo4 F10): the person's sign-ups answer,
    when one of their activities is in the next two days."""
    person = ctx.sender.id
    if person is None or len(said) > MAX_WHEN or not _WHEN_ASKED.search(said):
        return False
    soon = ctx.now + SOON
    mine = ctx.uow.activities.signups_of(person, ctx.now)
    if not any(ctx.now <= activity.starts_at <= soon for _, activity in mine):
        return False
    return run("我的报名")
