"""议题: raise one at a level, move it through the 十步走, skip a stage with a reason, 提级.

The chat (议题 / 新议题 / 推进 / 跳过 / 提级) and the console call the same functions. `actor`
is the person acting: a chat sender, or the console user's roster entry (console_cases.actor_for).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.domain.community import Group, Person, Role
from bot.domain.deliberation import topics as rules
from bot.domain.deliberation.topics import (
    Level,
    Stage,
    StepKind,
    Topic,
    TopicError,
    TopicStep,
)
from bot.ports import UnitOfWork
from bot.services.deliberation import consultation, follow_up
from bot.services.deliberation.lookup import check_manager, find, visible
from bot.services.deliberation.notify import audit, label, tell

__all__ = ["check_manager", "find", "visible"]


@dataclass(frozen=True)
class TopicInput:
    title: str
    level: Level
    estate_id: int | None = None  # default: the actor's 小区
    building_id: int | None = None  # default: the actor's 楼栋 for 邻里/楼栋 topics
    description: str = ""
    source: str = ""


def create(
    uow: UnitOfWork, data: TopicInput, *, actor: Person, account: str, now: datetime
) -> Topic:
    """Raise a topic (动议). Who may: 党员 邻里, 楼栋党小组长 楼栋, 支部书记 小区, staff any."""
    level = data.level
    if not rules.may_open(actor.role, level):
        raise TopicError(
            f"{level.label}级议题由{level.organiser_role.label}及以上发起。"
            "您可以发送「说事 …」提出建议，我们会转给负责的同志。"
        )
    estate_id = data.estate_id if data.estate_id is not None else actor.estate_id
    if estate_id is None or uow.estates.get(estate_id) is None:
        raise TopicError("请说明是哪个小区的议题。")
    if actor.role < Role.STAFF and actor.estate_id != estate_id:
        raise TopicError("只能发起本小区的议题。")
    building_id = data.building_id
    if building_id is None and level.rank <= Level.BUILDING.rank:
        building_id = actor.building_id
    if building_id is not None:
        building = uow.estates.building(building_id)
        if building is None or building.estate_id != estate_id:
            raise TopicError("楼栋不在这个小区。")
    if level is Level.BUILDING and building_id is None:
        raise TopicError("楼栋级议题请写明楼栋，例如「楼栋：3」。")
    topic = uow.topics.add(
        Topic(
            estate_id=estate_id,
            building_id=building_id,
            level=level,
            title=rules.check_title(data.title),
            description=data.description.strip()[: rules.TEXT_LIMIT],
            organiser_id=None,
            created_at=now,
            created_by=label(actor),
            source=data.source.strip()[:200],
            stage_at=now,
        )
    )
    organiser = choose_organiser(uow, topic, actor)
    topic.organiser_id = organiser.id if organiser else None
    uow.topics.add_step(rules.opening_step(topic))
    audit(uow, label(actor), "topic.create", topic.code, now, f"{level.label}级：{topic.title}")
    if organiser is not None and organiser.id != actor.id:
        text = (
            f"{label(actor)}发起了{level.label}级议题 {topic.code}「{topic.title}」，"
            f"由您牵头组织。发送「征求意见 {topic.code}」把它发到群里听听大家的想法。"
        )
        tell(uow, account, organiser, text, f"topic:{topic.id}:organiser:{organiser.id}", now)
    return topic


def choose_organiser(uow: UnitOfWork, topic: Topic, actor: Person) -> Person | None:
    """Who leads a topic at its level: the 楼栋党小组长 of its 楼栋, the 小区's 支部书记, 社区
    staff; the actor when they hold that role themselves or nobody does."""
    level = topic.level
    if actor.id is not None and actor.role >= level.organiser_role:
        own_building = level is not Level.BUILDING or actor.building_id == topic.building_id
        if level is Level.NEIGHBOUR or (actor.role == level.organiser_role and own_building):
            return actor
    found: list[Person] = []
    if level is Level.BUILDING and topic.building_id is not None:
        found = list(uow.people.with_role(topic.estate_id, Role.LEADER, topic.building_id))
    elif level is Level.ESTATE:
        found = list(uow.people.with_role(topic.estate_id, Role.SECRETARY))
    elif level is Level.COMMUNITY:
        found = [p for p in uow.people.staff() if not p.wechat_id.startswith("console:")]
    if found:
        return found[0]
    return actor if actor.id is not None else None


def advance(
    uow: UnitOfWork,
    code: str | int,
    *,
    actor: Person,
    account: str,
    now: datetime,
    note: str = "",
    expect: Stage | None = None,
) -> tuple[Topic, list[TopicStep]]:
    """Move to the next stage (passing those marked skipped), stamped with who and when.

    `expect` guards a console form against a double submit: the move happens only if the
    topic is still at that stage."""
    topic = find(uow, code)
    check_manager(uow, topic, actor)
    if expect is not None and topic.stage is not expect:
        raise TopicError(f"议题 {topic.code} 已经是「{topic.stage.label}」阶段了。")
    before = topic.stage
    steps = rules.advance(topic, label(actor), now, note)
    _record(uow, topic, steps, before, actor, account, now)
    return topic, steps


def skip(
    uow: UnitOfWork,
    code: str | int,
    stage: Stage,
    reason: str,
    *,
    actor: Person,
    account: str,
    now: datetime,
) -> tuple[Topic, list[TopicStep]]:
    topic = find(uow, code)
    check_manager(uow, topic, actor)
    before = topic.stage
    steps = rules.skip(topic, stage, reason, label(actor), now)
    _record(uow, topic, steps, before, actor, account, now)
    return topic, steps


def escalate(
    uow: UnitOfWork,
    code: str | int,
    *,
    actor: Person,
    account: str,
    now: datetime,
    reason: str = "",
) -> tuple[Topic, Person | None]:
    """提级: one level up; the new level's organiser takes it over and is told privately."""
    topic = find(uow, code)
    check_manager(uow, topic, actor)
    step = rules.escalate(topic, label(actor), now, reason)
    uow.topics.add_step(step)
    organiser = choose_organiser(uow, topic, actor)
    topic.organiser_id = organiser.id if organiser else topic.organiser_id
    audit(uow, label(actor), "topic.escalate", topic.code, now, step.note)
    if organiser is not None and organiser.id != actor.id:
        meeting = "四方联席会议" if topic.level is Level.COMMUNITY else "议事"
        text = (
            f"议题 {topic.code}「{topic.title}」已由{label(actor)}提级到{topic.level.label}级"
            f"（{step.note}），请您牵头组织{meeting}。当前阶段：{topic.stage.label}。"
        )
        key = f"topic:{topic.id}:escalated:{topic.level}:{organiser.id}"
        tell(uow, account, organiser, text, key, now)
    return topic, organiser


def _record(
    uow: UnitOfWork,
    topic: Topic,
    steps: list[TopicStep],
    before: Stage,
    actor: Person,
    account: str,
    now: datetime,
) -> None:
    for step in steps:
        uow.topics.add_step(step)
        verb = "topic.skip" if step.kind is StepKind.SKIPPED else "topic.stage"
        detail = f"{step.stage.label}" + (f"：{step.note}" if step.note else "")
        audit(uow, label(actor), verb, topic.code, now, detail)
    if before is Stage.CONSULTING and topic.stage is not Stage.CONSULTING:
        consultation.send_summary(uow, topic, account, now, final=True)
    if topic.stage is Stage.REVIEW and before is not Stage.REVIEW:
        follow_up.open_review(uow, topic, now)


def stage_word(word: str) -> Stage:
    stage = rules.parse_stage(word)
    if stage is None:
        names = "、".join(s.label for s in rules.STAGES[1:])
        raise TopicError(f"没有「{word}」这个阶段。可以跳过的阶段：{names}。")
    return stage


def opens_consultation(uow: UnitOfWork, code: str | int) -> bool:
    """The next step of this topic is 征求意见 (so moving on must also ask the residents)."""
    try:
        topic = find(uow, code)
    except TopicError:
        return False
    return topic.stage is Stage.PROPOSED and rules.next_stage(topic) is Stage.CONSULTING


def consult(
    uow: UnitOfWork, code: str | int, *, actor: Person, account: str, now: datetime
) -> tuple[Topic, list[Group]]:
    """征求意见: from 动议 this opens the stage, then the topic goes to its groups."""
    topic = find(uow, code)
    check_manager(uow, topic, actor)
    if topic.stage is Stage.PROPOSED:
        # Checked before anything moves: a refusal must leave the topic as it was.
        if rules.next_stage(topic) is not Stage.CONSULTING:
            raise TopicError(f"议题 {topic.code} 的征求意见阶段已标记跳过。")
        advance(uow, topic.id or 0, actor=actor, account=account, now=now)
    elif topic.stage is not Stage.CONSULTING:
        raise TopicError(f"议题 {topic.code} 现在是「{topic.stage.label}」阶段，不能再征求意见了。")
    return topic, consultation.post_call(uow, topic, actor=actor, account=account, now=now)
