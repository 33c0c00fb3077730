"""The votes' periodic jobs: open at the opening time, count once at closing and post the
preliminary 公示, then freeze and post the final result when the 异议 period is over.

Each step reads its votes FOR UPDATE SKIP LOCKED and moves the status on in the same
transaction, so a restart, a second tick or a second process never counts or posts twice.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from bot.domain.deliberation.votes import Vote, VoteSchedule, VoteStatus
from bot.domain.deliberation.voting import Elector, Verdict, count_totals, publicity_text
from bot.ports import UnitOfWork, UnitOfWorkFactory
from bot.services import outbox
from bot.services.deliberation.votes import open_vote, scope_groups
from bot.services.jobs import in_transaction


def verdict(uow: UnitOfWork, vote: Vote) -> Verdict:
    """The count as it stands (the live tally on the console, or the result at closing)."""
    assert vote.id is not None
    electorate = [Elector(key, area) for key, _label, area in uow.votes.electors(vote.id)]
    return count_totals(
        electorate,
        uow.ballots.participants(vote.id),
        uow.ballots.tallies(vote.id),
        agree_option=vote.agree_option,
        rule=vote.rule,
        min_turnout=vote.turnout,
    )


def _result(v: Verdict) -> dict[str, object]:
    """What is frozen on the vote: numbers as text, so the JSON is exact on both backends."""
    return {
        "electorate": [v.electorate.count, str(v.electorate.area)],
        "participants": [v.participants.count, str(v.participants.area)],
        "by_option": {o: [s.count, str(s.area)] for o, s in v.by_option.items()},
        "quorum_met": v.quorum_met,
        "adopted": v.adopted,
        "reason": v.reason,
    }


def open_due(uow: UnitOfWork, account: str, now: datetime, schedule: VoteSchedule) -> int:
    opened = 0
    for vote in uow.votes.due(VoteStatus.SCHEDULED, now):
        open_vote(uow, vote, account=account, now=now, tz=schedule.tz)
        opened += 1
    return opened


def close_due(uow: UnitOfWork, account: str, now: datetime, schedule: VoteSchedule) -> int:
    """Count each vote whose closing time has come, once, and post the preliminary 公示."""
    closed = 0
    for vote in uow.votes.due(VoteStatus.OPEN, now):
        if not uow.votes.advance(vote.id or 0, VoteStatus.OPEN, VoteStatus.PUBLICITY):
            continue  # another process is closing it
        counted = verdict(uow, vote)
        vote.result = _result(counted)
        vote.publicity_text = publicity_text(
            f"{vote.code} {vote.title}",
            counted,
            preliminary=True,
            objection_days=schedule.objection_days,
        )
        vote.status, vote.counted_at = VoteStatus.PUBLICITY, now
        vote.objection_until = now + timedelta(days=schedule.objection_days)
        for group in scope_groups(uow, vote):
            outbox.group_once(
                uow, group, vote.publicity_text, f"vote:{vote.id}:publicity:g{group.id}", now
            )
        closed += 1
    return closed


def finalize_due(uow: UnitOfWork, account: str, now: datetime, schedule: VoteSchedule) -> int:
    """After the 异议 period, and once every 异议 is answered, freeze and post the result."""
    finished = 0
    for vote in uow.votes.due(VoteStatus.PUBLICITY, now):
        assert vote.id is not None
        if uow.objections.open_count(vote.id):
            continue  # staff first answer every 异议 on the console
        if not uow.votes.advance(vote.id, VoteStatus.PUBLICITY, VoteStatus.FINAL):
            continue
        finalize(uow, vote, account, now)
        finished += 1
    return finished


def finalize(uow: UnitOfWork, vote: Vote, account: str, now: datetime) -> None:
    counted = verdict(uow, vote)
    objections = uow.objections.of_vote(vote.id or 0)
    note = f"公示期内收到异议{len(objections)}条，均已处理。" if objections else "公示期内无异议。"
    title = f"{vote.code} {vote.title}"
    vote.final_text = (
        publicity_text(title, counted, preliminary=False, objection_days=0) + f"\n{note}"
    )
    vote.status, vote.finalized_at = VoteStatus.FINAL, now
    for group in scope_groups(uow, vote):
        outbox.group_once(uow, group, vote.final_text, f"vote:{vote.id}:final:g{group.id}", now)


def make_jobs(
    uow_factory: UnitOfWorkFactory, account: str, schedule: VoteSchedule
) -> list[Callable[[datetime], int]]:
    return [
        in_transaction(uow_factory, lambda uow, now: open_due(uow, account, now, schedule)),
        in_transaction(uow_factory, lambda uow, now: close_due(uow, account, now, schedule)),
        in_transaction(uow_factory, lambda uow, now: finalize_due(uow, account, now, schedule)),
    ]
