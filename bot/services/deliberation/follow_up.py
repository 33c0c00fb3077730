"""落实 and 评议: a decided topic spawns cases (the case machinery runs them, so the 2341 clock
and the ladder apply), then residents of its groups rate how it was carried out."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.domain.cases import Case, CaseEvent, EventKind, Rating, Report
from bot.domain.community import Group, Person
from bot.domain.deliberation import topics as rules
from bot.domain.deliberation.topics import STAGES, Evaluation, Stage, Topic, TopicError
from bot.domain.sla import SlaPolicy
from bot.ports import UnitOfWork
from bot.services import cases, outbox
from bot.services.deliberation.lookup import check_manager, find
from bot.services.deliberation.notify import audit, label, topic_groups

RATING_WORDS = {
    "满意": Rating.SATISFIED,
    "非常满意": Rating.SATISFIED,
    "基本满意": Rating.BASIC,
    "一般": Rating.BASIC,
    "不满意": Rating.UNSATISFIED,
    "1": Rating.SATISFIED,
    "2": Rating.BASIC,
    "3": Rating.UNSATISFIED,
}
_DECIDED = STAGES.index(Stage.PUBLICITY)  # past the vote: a decision exists to carry out


def spawn_case(
    uow: UnitOfWork,
    code: str | int,
    *,
    summary: str,
    category: str = "other",
    building: str | None = None,
    urgent: bool = False,
    actor: Person,
    now: datetime,
    policy: SlaPolicy,
) -> tuple[Topic, Case]:
    """落实: open a case for one piece of the decided work; it records the topic code."""
    topic = find(uow, code)
    check_manager(uow, topic, actor)
    if topic.closed or STAGES.index(topic.stage) < _DECIDED:
        raise TopicError(
            f"议题 {topic.code} 现在是「{topic.stage.label}」阶段，表决通过并公示后才能派单落实。"
        )
    text = " ".join(summary.split())
    if len(text) < 2:
        raise TopicError("请写上要办的事，例如「3号楼楼道加装充电桩」。")
    reporter = actor if actor.id is not None else _organiser(uow, topic)
    if reporter is None or reporter.id is None:
        raise TopicError(f"议题 {topic.code} 没有牵头人，无法派单。")
    intake = cases.open_or_join(
        uow,
        estate_id=topic.estate_id,
        group_id=None,
        reporter_id=reporter.id,
        report=Report(
            category=category,
            summary=f"[{topic.code}] {text}"[:200],
            building=building,
            unit=None,
            room=None,
            urgent=urgent,
        ),
        now=now,
        merge_window=timedelta(0),  # decided work is its own case, never merged into another
        policy=policy,
    )
    case = intake.case
    case_id = case.id or 0
    if case_id not in uow.topics.case_ids(topic.id or 0):
        uow.topics.link_case(topic.id or 0, case_id, now)
        uow.cases.add_event(
            CaseEvent(
                case_id=case_id,
                at=now,
                kind=EventKind.NOTE,
                text=f"来自议题 {topic.code}「{topic.title}」的落实事项",
                actor_id=actor.id,
            )
        )
    audit(uow, label(actor), "topic.case", topic.code, now, f"{case.code} {text}")
    return topic, case


def open_review(uow: UnitOfWork, topic: Topic, now: datetime) -> list[Group]:
    """评议 begins: the topic's groups are asked how it went."""
    text = (
        f"【评议】议题 {topic.code}「{topic.title}」已经落实。您觉得办得怎么样？\n"
        f"请回复「评议 {topic.code} 满意」「评议 {topic.code} 基本满意」或"
        f"「评议 {topic.code} 不满意」（私聊我也可以）。"
    )
    groups = topic_groups(uow, topic)
    for g in groups:
        outbox.group_once(uow, g, text, f"topic:{topic.id}:review:g{g.id}", now)
    return groups


def evaluate(
    uow: UnitOfWork,
    code: str | int,
    word: str,
    *,
    person: Person,
    group: Group | None,
    now: datetime,
) -> tuple[Topic, Evaluation, bool]:
    """One verdict per resident; a second one replaces the first. Returns (…, replaced)."""
    topic = find(uow, code)
    rules.check_evaluation(topic)
    rating = RATING_WORDS.get(word.strip())
    if rating is None:
        raise TopicError(f"请回复「评议 {topic.code} 满意」、基本满意或不满意。")
    estate = group.estate_id if group is not None else person.estate_id
    if estate is not None and estate != topic.estate_id:
        raise TopicError(f"议题 {topic.code} 是别的小区的事，谢谢您的关心！")
    found = uow.topics.evaluation(topic.id or 0, person.id or 0)
    if found is not None:
        found.rating, found.at = str(rating), now
        return topic, found, True
    building = group.building_id if group is not None and group.building_id else person.building_id
    evaluation = uow.topics.add_evaluation(
        Evaluation(
            topic_id=topic.id or 0,
            person_id=person.id or 0,
            rating=str(rating),
            at=now,
            building_id=building,
        )
    )
    return topic, evaluation, False


@dataclass(frozen=True)
class Tally:
    satisfied: int
    basic: int
    unsatisfied: int

    @property
    def total(self) -> int:
        return self.satisfied + self.basic + self.unsatisfied

    @property
    def rate(self) -> float | None:
        """满意率 as cases count it: 满意 and 基本满意 over all answers."""
        return (self.satisfied + self.basic) / self.total if self.total else None


def tally(uow: UnitOfWork, topic: Topic) -> Tally:
    counts = Counter(e.rating for e in uow.topics.evaluations(topic.id or 0))
    return Tally(
        counts[str(Rating.SATISFIED)], counts[str(Rating.BASIC)], counts[str(Rating.UNSATISFIED)]
    )


def _organiser(uow: UnitOfWork, topic: Topic) -> Person | None:
    return uow.people.get(topic.organiser_id) if topic.organiser_id else None
