"""A question is not a case (convo4 rule 3).

Before the intent engine may open a 诉求, a message that belongs to something the bot already
knows goes there: a status question about the person's own request (「我的帮办」 in "怎么还没人来
啊 我的帮办呢"), a protest about their own points, a reply to a staff notice that still holds,
an opinion on a 议题 open for opinions. Each of these became a case that climbed the whole
escalation ladder. Each module knows one of them; this one fixes their order (the most
explicit first) and what the bot does with each.
"""

from __future__ import annotations

from bot.chat import small_talk
from bot.chat.context import Context
from bot.chat.notcase import activities, civic, elsewhere, mine, my_wish, uncounted
from bot.chat.notcase.base import Run

__all__ = ["Run", "ask_which", "redirect"]


def redirect(ctx: Context, run: Run) -> bool:
    """Answer the message from the flow it belongs to; False leaves it to the intent engine."""
    said = ctx.text
    return (
        mine.withdraw_which(ctx, said)
        or mine.fulfilled_which(ctx, said)
        or mine.own_status(ctx, said, run)
        or my_wish.wish_status(ctx, said, run)
        or mine.claim_sole(ctx, said, run)
        or mine.volunteer_news(ctx, said, run)
        or mine.help_not_right(ctx, said, run)
        or civic.points_dispute(ctx, said)
        or civic.notice(ctx, said)
        or uncounted.proxy_ballot(ctx, said, run)
        or civic.vote(ctx, said, run)
        or uncounted.choice_in_group(ctx, said)
        or civic.meeting(ctx, said, run)
        or activities.activity_words(ctx, said, run)
        or mine.my_activity_when(ctx, said, run)
        or civic.topic_asked(ctx, said, run)
        or civic.topic(ctx, said, run)
        or elsewhere.other_building(ctx, said)
    )


def ask_which(ctx: Context) -> bool:
    """A code-less command word ("已实现", "撤回") that fits several of the person's objects:
    one line naming them, instead of a format lesson (rule 1)."""
    return (
        mine.withdraw_which(ctx, ctx.text)
        or mine.fulfilled_which(ctx, ctx.text)
        or small_talk.draft_change(ctx)  # "确认 但是时间改一下" (convofix11a)
    )
