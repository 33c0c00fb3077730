"""投票表决: set a vote up, open it (snapshot the electorate, tell the groups), take ballots.

A ballot is filed under its elector (a household, or an owner holding several units), never
twice: the unique key (vote, elector) decides between two co-owners voting at the same
instant, and the later ballot of a household replaces the earlier one until closing.

Secret ballots: the option is added to the per-option totals and nowhere else. The
participation row keeps who took part, and only a keyed hash of the option (the key lives
outside the database) so that a re-vote can take the earlier option back; nothing a database
reader, the log or an export can see ties a person to an option.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from bot.domain.broadcasts import resolve_groups
from bot.domain.community import Group, Person
from bot.domain.deliberation.topics import parse_topic_code
from bot.domain.deliberation.votes import (
    DEFAULT_OPTIONS,
    BallotUnit,
    Vote,
    VoteError,
    VoteStatus,
    build_electorate,
    options_text,
    parse_choice,
    parse_code,
    several_choices,
)
from bot.domain.deliberation.voting import Rule
from bot.domain.staff import AuditEntry
from bot.ports import UnitOfWork
from bot.services import outbox
from bot.services.broadcasts import places

log = logging.getLogger(__name__)

# Unanswered 异议 one resident may have on one vote at a time (each holds the result back).
OPEN_OBJECTIONS_PER_PERSON = 3


@dataclass(frozen=True)
class VoteInput:
    estate_id: int
    title: str
    closes_at: datetime
    opens_at: datetime | None = None  # None: now
    building_id: int | None = None
    options: tuple[str, ...] = DEFAULT_OPTIONS
    agree_option: str | None = None  # default: the first option
    unit: BallotUnit = BallotUnit.HOUSEHOLD
    secret: bool = True
    rule: Rule = Rule.SIMPLE
    min_turnout: int = 0
    topic_code: str | None = None


@dataclass(frozen=True)
class Electorate:
    count: int
    area: Decimal


@dataclass(frozen=True)
class CastResult:
    vote: Vote
    option: str
    replaced: bool  # this household had voted before: the new ballot stands
    units: list[str]  # the units the ballot was cast for


def preview(
    uow: UnitOfWork, estate_id: int, building_id: int | None, unit: BallotUnit
) -> Electorate:
    """Who would vote if it opened now: what the console shows while setting a vote up."""
    seats = build_electorate(uow.households.holdings(estate_id, building_id), unit)
    return Electorate(len(seats), sum((s.elector.area for s in seats), Decimal(0)))


def create(
    uow: UnitOfWork, data: VoteInput, *, actor: str, account: str, now: datetime, tz: ZoneInfo
) -> Vote:
    title = data.title.strip()
    if not title or len(title) > 100:
        raise VoteError("标题要写，最多 100 个字。")
    if uow.estates.get(data.estate_id) is None:
        raise VoteError("没有这个小区。")
    if data.building_id is not None:
        building = uow.estates.building(data.building_id)
        if building is None or building.estate_id != data.estate_id:
            raise VoteError("这个楼栋不在该小区。")
    topic_code = _topic_code(uow, data)
    options = list(data.options)
    agree = data.agree_option or options[0]
    if agree not in options:
        raise VoteError(f"同意项「{agree}」不在选项里。")
    opens_at = data.opens_at or now
    if data.closes_at <= max(opens_at, now):
        raise VoteError("截止时间要晚于开始时间和现在。")
    if data.rule is not Rule.SIMPLE and data.unit is BallotUnit.PERSON:
        raise VoteError("按《民法典》第二百七十八条表决要按户（专有部分面积）计票，不能按人。")
    if not 0 <= data.min_turnout <= 100:
        raise VoteError("最低参与率要在 0 到 100 之间。")
    vote = uow.votes.add(
        Vote(
            estate_id=data.estate_id,
            building_id=data.building_id,
            topic_code=topic_code,
            title=title,
            options=options,
            agree_option=agree,
            opens_at=opens_at,
            closes_at=data.closes_at,
            created_at=now,
            created_by=actor,
            unit=data.unit,
            secret=data.secret,
            rule=data.rule,
            min_turnout=data.min_turnout if data.rule is Rule.SIMPLE else 0,
        )
    )
    uow.staff.audit(
        AuditEntry(at=now, actor=actor, action="创建投票", target=vote.code, detail=title)
    )
    if opens_at <= now:
        open_vote(uow, vote, account=account, now=now, tz=tz)
    return vote


def _topic_code(uow: UnitOfWork, data: VoteInput) -> str | None:
    """The 议题 a vote decides must exist and belong to the vote's own 小区: the vote is listed
    on that topic's page, so a code from another estate would show one secretary's vote in
    another's topic (and an unknown one would link to a topic raised later)."""
    if not data.topic_code or not data.topic_code.strip():
        return None
    topic_id = parse_topic_code(data.topic_code)
    topic = uow.topics.get(topic_id) if topic_id else None
    if topic is None or topic.estate_id != data.estate_id:
        raise VoteError(f"本小区没有议题「{data.topic_code.strip()}」，请核对编号（例如 Y0001）。")
    return topic.code


def scope_groups(uow: UnitOfWork, vote: Vote) -> list[Group]:
    """The vote's groups, whichever account owns each (posts go through their own account)."""
    token = f"building:{vote.building_id}" if vote.building_id else f"estate:{vote.estate_id}"
    return resolve_groups([token], places(uow))


def scope_name(uow: UnitOfWork, vote: Vote) -> str:
    estate = uow.estates.get(vote.estate_id)
    name = estate.name if estate else ""
    if vote.building_id is not None:
        building = uow.estates.building(vote.building_id)
        return f"{name}{building.number}号楼" if building else name
    return name


def open_vote(uow: UnitOfWork, vote: Vote, *, account: str, now: datetime, tz: ZoneInfo) -> int:
    """Snapshot the electorate and tell the groups. Returns how many groups were told."""
    if vote.status is not VoteStatus.SCHEDULED or not uow.votes.advance(
        _id(vote), VoteStatus.SCHEDULED, VoteStatus.OPEN
    ):
        return 0
    seats = build_electorate(uow.households.holdings(vote.estate_id, vote.building_id), vote.unit)
    vote_id = _id(vote)
    uow.votes.snapshot(vote_id, seats, vote.options)
    vote.electorate_count = len(seats)
    vote.electorate_area = sum((s.elector.area for s in seats), Decimal(0))
    vote.status, vote.opened_at = VoteStatus.OPEN, now
    text = opening_text(uow, vote, tz)
    groups = scope_groups(uow, vote)
    for group in groups:
        outbox.group_once(uow, group, text, f"vote:{vote_id}:open:g{group.id}", now)
    log.info("vote %s opened: %d electors", vote.code, len(seats))
    return len(groups)


def opening_text(uow: UnitOfWork, vote: Vote, tz: ZoneInfo) -> str:
    closes = vote.closes_at.astimezone(tz)
    how = "不记名投票" if vote.secret else "记名投票"
    lines = [
        f"【投票表决】{vote.code} {vote.title}",
        f"范围：{scope_name(uow, vote)}（{vote.unit.label}，共 {vote.electorate_count} "
        f"{'户' if vote.unit is BallotUnit.HOUSEHOLD else '人'}）",
        f"选项：{options_text(vote.options)}",
        f"表决规则：{vote.rule.label}；{how}",
        f"截止：{closes.month}月{closes.day}日 {closes:%H:%M}",
        f"请私聊我发送：投票 {vote.code} 1（或 投票 {vote.code} {vote.options[0]}），"
        "截止前可以改票，以最后一次为准。",
    ]
    return "\n".join(lines)


def find(uow: UnitOfWork, code_text: str) -> Vote:
    number = parse_code(code_text)
    vote = uow.votes.get(number) if number is not None else None
    if vote is None:
        raise VoteError(f"没有找到投票「{code_text[:12]}」，请核对编号（例如 V0001）。")
    return vote


def seal(key: bytes, vote_id: int, elector: str, option: str) -> str:
    return hmac.new(key, f"{vote_id}|{elector}|{option}".encode(), hashlib.sha256).hexdigest()


def cast(
    uow: UnitOfWork,
    code_text: str,
    choice_text: str,
    voter: Person,
    *,
    now: datetime,
    ballot_key: bytes,
) -> CastResult:
    """Take one ballot (or a change of it). Raises VoteError with the answer when refused."""
    vote = find(uow, code_text)
    if vote.status is VoteStatus.SCHEDULED or now < vote.opens_at:
        raise VoteError(f"投票 {vote.code} 还没有开始，开始后会在群里通知。")
    if vote.status is not VoteStatus.OPEN or now >= vote.closes_at:
        raise VoteError(f"投票 {vote.code} 已经截止，不能再投了。结果会在群里公示。")
    if several_choices(choice_text, vote.options):
        # One ballot, one option: "1 2" is not counted as its first number (convofix11a).
        raise VoteError(
            f"投票 {vote.code} 只能选一项，这次没有计票。请只回一个选项，例如「投票 {vote.code} 1」"
            f"（{options_text(vote.options)}）。"
        )
    option = parse_choice(choice_text, vote.options)
    if option is None:
        raise VoteError(
            f"没有「{choice_text[:10]}」这个选项。请回复序号或选项，例如「投票 {vote.code} 1」。\n"
            f"选项：{options_text(vote.options)}"
        )
    vote_id = _id(vote)
    seats = uow.votes.seats_of(vote_id, _id_person(voter))
    if not seats:
        raise VoteError(
            f"您不在投票 {vote.code} 的表决名单里（名单按开始投票时登记的房屋和产权人确定）。"
            "如有疑问请联系社区工作人员核对名册。"
        )
    for elector, _label, _area in seats:
        # Checked before anything is written: a ballot sealed with another key (the key file
        # was lost or replaced) cannot be taken back, and counting the new one would count twice.
        earlier = uow.ballots.participation(vote_id, elector)
        if earlier is not None and (
            _earlier_option(vote, elector, earlier[1], earlier[2], ballot_key) is None
        ):
            log.warning(
                "vote %s: an earlier ballot cannot be unsealed (ballot key changed?)", vote.code
            )
            raise VoteError(
                f"您家已经投过 {vote.code}，但系统暂时无法核对之前的选票，这次没有改票。"
                "请联系社区工作人员。"
            )
    replaced = False
    for elector, _label, area in seats:
        plain, sealed = (
            (None, seal(ballot_key, vote_id, elector, option))
            if vote.secret
            else (
                option,
                None,
            )
        )
        person_id = _id_person(voter)
        if uow.ballots.first_ballot(vote_id, elector, person_id, now, plain, sealed):
            uow.ballots.bump(vote_id, option, 1, area)
            continue
        # Voted before (or a co-owner just did): take the earlier option back, count the new one.
        previous = uow.ballots.participation(vote_id, elector)
        assert previous is not None, "the unique key said a ballot is there"
        before = _earlier_option(vote, elector, previous[1], previous[2], ballot_key)
        if before is None:  # sealed by a co-owner racing us with another key: cannot happen
            raise VoteError("系统暂时无法核对您家的选票，请稍后再试。")
        uow.ballots.bump(vote_id, before, -1, -area)
        uow.ballots.replace_ballot(vote_id, elector, person_id, now, plain, sealed)
        uow.ballots.bump(vote_id, option, 1, area)
        replaced = True
    # No option in the log, whatever the ballot: logs outlive the vote.
    log.info("vote %s: ballot cast (%d unit(s))", vote.code, len(seats))
    return CastResult(vote, option, replaced, [label for _k, label, _a in seats])


def _earlier_option(
    vote: Vote, elector: str, option: str | None, sealed: str | None, key: bytes
) -> str | None:
    if option is not None:
        return option
    for candidate in vote.options:
        if sealed is not None and hmac.compare_digest(
            sealed, seal(key, _id(vote), elector, candidate)
        ):
            return candidate
    return None


def raise_objection(
    uow: UnitOfWork, code_text: str, text: str, person: Person, now: datetime
) -> tuple[Vote, int]:
    vote = find(uow, code_text)
    if vote.status is not VoteStatus.PUBLICITY:
        when = (
            "还在投票中" if vote.status in (VoteStatus.SCHEDULED, VoteStatus.OPEN) else "公示期已过"
        )
        raise VoteError(f"投票 {vote.code} {when}，现在不受理异议。")
    body = text.strip()
    if not body:
        raise VoteError(f"请写上异议的内容，例如「异议 {vote.code} 我家没有收到投票通知」。")
    if len(body) > 1000:
        raise VoteError("异议内容太长了（最多 1000 字），请分几条发送。")
    person_id = _id_person(person)
    if (
        person.estate_id is not None
        and person.estate_id != vote.estate_id
        and not uow.votes.seats_of(_id(vote), person_id)
    ):
        # Open objections hold the final result back: a resident of another 小区 with no
        # home in this vote must not be able to stall it (an unlisted owner, whose 小区 the
        # bot does not know, still may object).
        raise VoteError(f"投票 {vote.code} 是别的小区的表决，只有本小区的居民可以提出异议。")
    pending = [
        o
        for o in uow.objections.of_vote(_id(vote))
        if o.person_id == person_id and not o.resolved_at
    ]
    if len(pending) >= OPEN_OBJECTIONS_PER_PERSON:
        # Each one must be answered before the result is final: one resident's flood would
        # hold it back for days. What was already raised stands and will be answered.
        raise VoteError(
            f"您对投票 {vote.code} 已有 {len(pending)} 条异议在处理中，社区答复后可以再提；"
            "要补充的内容，社区工作人员核实时可以当面说明。"
        )
    objection_id = uow.objections.add(_id(vote), person_id, body, now)
    return vote, objection_id


def resolve_objection(
    uow: UnitOfWork, vote: Vote, objection_id: int, text: str, *, actor: str, now: datetime
) -> None:
    if not text.strip():
        raise VoteError("请写处理意见。")
    if not uow.objections.resolve(objection_id, _id(vote), text.strip(), actor, now):
        raise VoteError("这条异议不存在或已经处理过了。")
    uow.staff.audit(
        AuditEntry(at=now, actor=actor, action="处理异议", target=vote.code, detail=text[:200])
    )


def _id(vote: Vote) -> int:
    assert vote.id is not None, "stored votes have ids"
    return vote.id


def _id_person(person: Person) -> int:
    assert person.id is not None, "stored people have ids"
    return person.id
