"""A vote asked about in words, without its code (convo14): "前两天那个楼道粉刷的投票 结果出来了
没有啊" privately, "粉刷那个投票最后多少人同意的" in the building group. The answer is the one
「投票结果 V0001」 gives: where the vote stands, and its 公示 once it has been counted.
"""

from __future__ import annotations

from bot.chat.ballot_words import names_vote
from bot.chat.context import Context
from bot.chat.notcase.base import Run
from bot.domain.deliberation.votes import VoteStatus
from bot.services.deliberation import open_votes

WHICH_RESULT = "最近有几个投票：{codes}。发「投票结果 {first}」看结果（换成那个投票的编号）。"


def asked(ctx: Context, words: str, run: Run, *, named: bool = False) -> bool:
    """ "前两天那个楼道粉刷的投票 结果出来了没有啊", "粉刷那个投票最后多少人同意的" (convo14):
    where the vote stands, its 公示 once counted, as 「投票结果 V0001」 answers. The vote is
    the one the words name, else the one open (else lately counted) where the sender lives;
    several open ones are left to the how-to-vote line, several counted ones are named.
    `named`: the words did not say 投票, so only a vote they name is meant."""
    group = ctx.group
    recent = open_votes.asked_about(
        ctx.uow,
        ctx.sender,
        estate_id=ctx.estate_id,
        building_id=group.building_id if group is not None else ctx.sender.building_id,
        now=ctx.now,
    )
    titled = [v for v in recent if names_vote(words, v.title)]
    if named:
        recent = titled
    meant = titled or [v for v in recent if v.status is VoteStatus.OPEN] or recent
    if len(meant) == 1:
        return run(f"投票结果 {meant[0].code}")
    if not meant or all(v.status is VoteStatus.OPEN for v in meant):
        return False
    codes = "、".join(f"{v.code}「{v.title}」" for v in meant)
    ctx.reply(WHICH_RESULT.format(codes=codes, first=meant[0].code))
    return True
