"""While a vote runs: how many have voted (for its organisers), and a reminder to its groups.

The organiser asks "V0001 现在投了几户了" and wants to chase the households that have not voted
before the 截止 ("提醒一下3号楼还没投票的", convofix15b). Turnout is how many households (or
people) cast a ballot, never what they chose: the running count stays on the console. The
reminder names nobody: who has not voted is nobody's business in a residents' group.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.domain.community import Group
from bot.domain.deliberation.votes import BallotUnit, Vote
from bot.ports import UnitOfWork
from bot.services import outbox
from bot.services.deliberation.votes import scope_groups


@dataclass(frozen=True)
class Turnout:
    voted: int
    electorate: int
    unit: str  # 户 or 人

    def line(self) -> str:
        return f"目前已有 {self.voted} {self.unit}投票，共 {self.electorate} {self.unit}"


def turnout(uow: UnitOfWork, vote: Vote) -> Turnout:
    assert vote.id is not None
    unit = "户" if vote.unit is BallotUnit.HOUSEHOLD else "人"
    voted = len(uow.ballots.participants(vote.id))
    return Turnout(voted, vote.electorate_count, unit)


def reminder_text(vote: Vote, tz: ZoneInfo) -> str:
    closes = vote.closes_at.astimezone(tz)
    return (
        f"【投票提醒】{vote.code} {vote.title}\n"
        f"{closes.month}月{closes.day}日 {closes:%H:%M} 截止。还没投票的住户，请私聊我发送："
        f"投票 {vote.code} 1（或 投票 {vote.code} {vote.options[0]}）。已经投过的不用再投。"
    )


def remind(uow: UnitOfWork, vote: Vote, *, now: datetime, tz: ZoneInfo) -> list[Group]:
    """Post the reminder to the vote's groups (once a minute at most); returns them."""
    assert vote.id is not None
    groups = scope_groups(uow, vote)
    text = reminder_text(vote, tz)
    for group in groups:
        outbox.group_once(
            uow, group, text, f"vote:{vote.id}:remind:{now:%Y%m%d%H%M}:g{group.id}", now
        )
    return groups
