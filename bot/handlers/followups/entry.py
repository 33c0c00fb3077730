"""A reporter speaking about her own case is answering about it, not reporting a new problem.

Issue 11 (convo2 C4, C16, C26, C27): the engine rightly sees a water problem in "还没修好啊 还在
滴水", a lift in "E0001 补充：电梯卡在7楼", a complaint in "都两天了还没人来修", and each opened
a second case beside the first, whose members were asked to claim the same fault twice; her
"搞错了 现在好了" was ignored while the case climbed the ladder. The rule: before a message from
a reporter becomes a new case, it is read against her own cases —

* her case waiting for the 回访 rating, and words that say it is not fixed
  (`followup.says_unfixed`): the rating 不满意, which reopens it to the same member;
* her recent open case, and words that take it back (`says_retracted`): recorded on the case
  and passed to its member (or the building's 党小组), who closes it after checking;
* her open case, and words that complain nobody came (`says_impatient`): its status, and a
  nudge to its member (or the 党小组);
* her case named by its code, or quoted: the words are a 补充 on that case;
* her open case (or a neighbour's emergency minutes old in this group), and words that only say
  help was called or has come ("已经打了119了 说马上到"): a "收到" and a note on it, never a
  second case (convo3 D1, D38). A reporter standing an emergency down ("孩子找到了", "火灭了")
  takes it off the urgent clock, and everyone who was alerted hears it (D25, D46).

A case is hers when she reported or joined it, in this 小区 and group; when the engine placed
the words (a category, a building or unit) they must fit the case.
"""

from __future__ import annotations

from bot.chat.context import Context
from bot.chat.followup import (
    points_back,
    says_all_clear,
    says_help_called,
    says_impatient,
    says_retracted,
    says_unfixed,
)
from bot.chat.router import LocationView
from bot.domain.safety import called_numbers
from bot.handlers.followups.absent import owner_speaks
from bot.handlers.followups.category import recategorized
from bot.handlers.followups.common import (
    RECENT_REPORT,
    latest_open,
    named_case,
    supplement,
    urgent_words,
)
from bot.handlers.followups.emergencies import (
    emergency_nearby,
    help_called,
    own_emergency_again,
    stand_down_by_member,
)
from bot.handlers.followups.me_too import neighbours_case, same_here
from bot.handlers.followups.neighbours import neighbour_again, neighbour_says_unfixed
from bot.handlers.followups.news import handler_news
from bot.handlers.followups.others import neighbours_status
from bot.handlers.followups.own import chase, follows_on, repeats_own, retract, same_again
from bot.handlers.followups.place import address_for_own, relocated
from bot.handlers.followups.status import asks_about, show, status_question
from bot.handlers.followups.unfixed import broken_again, reopen_if_unfixed


def about_own_case(
    ctx: Context, category: str | None, where: LocationView | None, *, reported: bool = False
) -> bool:
    """Handle the message as words about one of the sender's own cases; True when it was.
    `reported`: the engine took the words for a problem (a report, not small talk)."""
    if address_for_own(ctx):
        return True
    if reopen_if_unfixed(ctx, category, where):
        return True
    if handler_news(ctx, category):
        return True
    named = named_case(ctx)
    text = ctx.message.text
    if says_help_called(text, bool(called_numbers(text))):
        case = (
            named
            or latest_open(ctx, None, where, since=ctx.now - RECENT_REPORT)
            or emergency_nearby(ctx)
        )
        if case is not None and case.status.is_open:
            help_called(ctx, case)
            return True
    if relocated(ctx, named) or recategorized(ctx):
        return True
    retracted = says_retracted(text)
    # "出来了 人没事", "是302家炒辣椒呛的": after an alarm, nobody hurt or a harmless cause is
    # the stand-down too (convo8); about a leak or a lamp such words mean nothing of the kind.
    clear = not retracted and says_all_clear(text) and not urgent_words(ctx)
    if retracted or clear:
        case = named or latest_open(ctx, None, None, since=ctx.now - RECENT_REPORT)
        if case is not None and case.status.is_open and (retracted or case.urgent):
            retract(ctx, case)
            return True
        if stand_down_by_member(ctx):
            return True
    if status_question(ctx):
        return True
    if named is None and points_back(text):
        # "水又停了，就是刚才说的那个": whatever the engine made of it, it is her report.
        case = latest_open(ctx, None, None, since=ctx.now - RECENT_REPORT)
        if case is not None:
            return supplement(ctx, case)
    if says_impatient(text):
        # "还没人来修" names no new fault: whatever the engine filed it under, it is about
        # her newest open case here (unless the words place it at another building or unit).
        case = named or latest_open(ctx, None, where)
        if case is not None and case.status.is_open:
            chase(ctx, case)
            return True
        if named is None and neighbours_case(ctx, category, where):
            return True
    if named is None and owner_speaks(ctx):
        return True  # "我是302的" under a neighbour's report about 302: the case is his home
    if named is None and neighbours_status(ctx):
        return True  # "张阿姨报的那个电梯修了没": a neighbour's case of this group, asked after
    if named is not None and not named.status.is_open and says_unfixed(text):
        broken_again(ctx, named)
        return True
    if named is not None:
        if asks_about(text):
            show(ctx, named)  # "进渡E0001", "E0001咋还没动静？": her case's status, not a note
            return True
        return supplement(ctx, named)
    if named is None and (repeats_own(ctx, category, where) or same_again(ctx, category, where)):
        return True
    # Her next words after a report, when they are a problem too (small talk is no 补充).
    if named is None and (reported or category is not None) and follows_on(ctx, category, where):
        return True
    if named is None and own_emergency_again(ctx, category, reported=reported):
        return True
    if named is None and neighbour_again(ctx, category, where):
        return True
    if named is None and neighbour_says_unfixed(ctx, category, where):
        return True
    return same_here(ctx, category, where)
