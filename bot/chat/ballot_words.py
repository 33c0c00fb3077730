"""A ballot said privately in words, without the vote's code (convo4 D59, convo11a).

A bare "同意" could answer anything: the bot names the one open vote and asks. The same
choice with what it is about ("粉刷那个我家不同意 刚刷了没几年") names the vote itself: when
those words fit the title of exactly one vote open to the sender, it is the ballot on that
vote, counted as if the code had been typed. With only a reason after it ("同意，因为楼道太旧
了") the vote is still unnamed, so it is asked about as the bare choice is; either way the
words are an answer to the vote, never a problem report or the generic greeting.
"""

from __future__ import annotations

from bot.chat import yesno
from bot.chat.context import Context
from bot.chat.phrasing.votes import choice_said
from bot.chat.router import CommandTable, Match
from bot.domain.deliberation.votes import Vote, parse_choice
from bot.domain.likeness import problem_bigrams
from bot.services.deliberation import open_votes

# Bigrams that say where, not what: a vote titled "3号楼楼道粉刷" is not named by "楼道灯".
_WHERE = frozenset({"楼道", "小区", "单元", "楼栋", "门口", "大家", "业主", "居民"})


def ballot(ctx: Context, text: str, table: CommandTable) -> Match | None:
    """The ballot a private choice in words stands for, or None; a choice with only a reason
    is asked about instead (the question is the answer: the caller sees `ctx.sent`)."""
    if not ctx.is_private:
        return None
    said = choice_said(text)
    if said is None:
        return None
    candidates = open_to(ctx)
    if said.subject:
        named = [v for v in candidates if names_vote(said.subject, v.title)]
        if len(named) != 1:
            return None  # "物业费那个我不同意": no vote about it, so no ballot
        return table.match(f"投票 {named[0].code} {said.choice}")
    question = confirm_question(ctx, candidates, said.choice)
    if question is not None:
        ctx.reply(question)
    return None


def names_vote(subject: str, title: str) -> bool:
    """The subject's words name the vote's matter: a bigram of the title, in full (no fault
    or filler character in it) and not only a place ("粉刷" of "3号楼楼道粉刷")."""
    shared = problem_bigrams(subject) & problem_bigrams(title)
    return any("_" not in bigram and bigram not in _WHERE for bigram in shared)


def confirm_question(ctx: Context, candidates: list[Vote], choice: str) -> str | None:
    """Name the open vote and the reply that counts (D59); several open: ask which one."""
    if len(candidates) > 1:
        # Several open: one short question naming them, not the generic intro (convofix10a).
        named = "、".join(f"{v.code}「{v.title}」" for v in candidates)
        first = candidates[0].code
        return (
            f"现在有几个投票：{named}。您投的是哪一个？"
            f"请回复「投票 {first} {choice}」（换成那个投票的编号）。"
        )
    if not candidates:
        return None
    vote = candidates[0]
    # Asked in the vote's own option: "赞成" on a 同意/反对/弃权 vote is asking about 「同意」,
    # which is what the ballot will count (convo15c vote_confirm); a word the vote has no
    # option for stays as said, and the ballot lists the options when it is cast.
    choice = parse_choice(choice, vote.options) or choice
    reply = f"投票 {vote.code} {choice}"
    yesno.ask(ctx.sender, reply, ctx.now)  # "是的", "对", "嗯嗯", "确定" answer it (F5)
    return (
        f"您是要给投票 {vote.code}「{vote.title}」投「{choice}」吗？"
        f"回复「是的」就投，或回复「{reply}」。"
    )


def open_to(ctx: Context) -> list[Vote]:
    """The open votes a code-less ballot from this sender may be about (theirs first)."""
    return open_votes.open_for(
        ctx.uow,
        ctx.sender,
        estate_id=ctx.estate_id or ctx.sender.estate_id,
        building_id=ctx.sender.building_id,
    )
