"""征求意见: the organiser posts a topic to the groups of its level; residents answer
"意见 Y0001 …" (privately by preference); the organiser gets a summary privately."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from bot.domain.community import Group, Person
from bot.domain.deliberation import topics as rules
from bot.domain.deliberation.topics import Opinion, Stage, Topic, TopicError
from bot.domain.privacy import mask_personal
from bot.ports import UnitOfWork
from bot.services import outbox
from bot.services.deliberation.lookup import check_manager, find
from bot.services.deliberation.notify import audit, label, tell, topic_groups

SUMMARY_SHOWN = 30  # a private message stays readable; the console shows them all


def call_text(topic: Topic, organiser: Person | None) -> str:
    lines = [f"【征求意见】{topic.level.label}议题 {topic.code}：{topic.title}"]
    if topic.description:
        lines.append(topic.description)
    lines.append(
        f"请私聊我发送「意见 {topic.code} 您的想法」，也可以直接在群里回复。"
        "每条意见都会转给牵头人。"
    )
    if organiser is not None:
        lines.append(f"牵头人：{organiser.name}")
    return "\n".join(lines)


def post_call(
    uow: UnitOfWork, topic: Topic, *, actor: Person, account: str, now: datetime
) -> list[Group]:
    """Post the topic to its groups during 征求意见; posting again reaches only groups that
    have not had it yet. (topics.consult opens the stage first when the topic is at 动议.)"""
    check_manager(uow, topic, actor)
    if topic.stage is not Stage.CONSULTING:
        raise TopicError(f"议题 {topic.code} 现在是「{topic.stage.label}」阶段，不能再征求意见了。")
    organiser = uow.people.get(topic.organiser_id) if topic.organiser_id else None
    text = call_text(topic, organiser)
    groups = topic_groups(uow, topic)
    posted = [
        g for g in groups if outbox.group_once(uow, g, text, f"topic:{topic.id}:call:g{g.id}", now)
    ]
    audit(uow, label(actor), "topic.consult", topic.code, now, f"发到 {len(posted)} 个群")
    return posted


def add_opinion(
    uow: UnitOfWork,
    code: str | int,
    text: str,
    *,
    person: Person,
    group: Group | None,
    now: datetime,
) -> tuple[Topic, Opinion]:
    topic = find(uow, code)
    body = rules.check_opinion(topic, text)
    estate = group.estate_id if group is not None else person.estate_id
    if estate is not None and estate != topic.estate_id:
        raise TopicError(f"议题 {topic.code} 是别的小区的事，谢谢您的关心！")
    building = group.building_id if group is not None and group.building_id else person.building_id
    opinion = uow.topics.add_opinion(
        Opinion(
            topic_id=topic.id or 0,
            person_id=person.id or 0,
            text=body,
            at=now,
            building_id=building,
            group_id=group.id if group is not None else None,
        )
    )
    return topic, opinion


@dataclass(frozen=True)
class Summary:
    topic: Topic
    count: int
    people: int
    by_building: list[tuple[str, int]]
    lines: list[str]  # "张阿姨（3号楼）：…", oldest first

    def text(self, *, final: bool = False, limit: int = SUMMARY_SHOWN) -> str:
        head = "征求意见结束，" if final else ""
        t = self.topic
        parts = [
            f"{head}议题 {t.code}「{t.title}」意见汇总：共 {self.count} 条，{self.people} 人。"
        ]
        if self.by_building:
            parts.append("按楼栋：" + "、".join(f"{b} {n} 条" for b, n in self.by_building))
        for i, line in enumerate(self.lines[:limit], 1):
            parts.append(f"{i}. {line}")
        if len(self.lines) > limit:
            parts.append(f"……另有 {len(self.lines) - limit} 条，请在管理后台查看。")
        if not self.lines:
            parts.append("还没有收到意见。")
        return "\n".join(parts)


def summary(uow: UnitOfWork, topic: Topic) -> Summary:
    opinions = list(uow.topics.opinions(topic.id or 0))
    people = uow.people.many(sorted({o.person_id for o in opinions}))
    buildings = {b.id: b for b in uow.estates.buildings(topic.estate_id)}
    counts: Counter[str] = Counter()
    lines = []
    for o in opinions:
        building = buildings.get(o.building_id) if o.building_id else None
        where = f"{building.number}号楼" if building else "楼栋未知"
        counts[where] += 1
        who = people[o.person_id].name if o.person_id in people else "居民"
        lines.append(f"{who}（{where}）：{mask_personal(o.text)}")
    return Summary(
        topic=topic,
        count=len(opinions),
        people=len(people),
        by_building=sorted(counts.items()),
        lines=lines,
    )


def send_summary(
    uow: UnitOfWork, topic: Topic, account: str, now: datetime, *, final: bool = False
) -> bool:
    """The organiser gets the summary privately (at the end of 征求意见, or on request)."""
    organiser = uow.people.get(topic.organiser_id) if topic.organiser_id else None
    text = summary(uow, topic).text(final=final)
    tag = "final" if final else now.isoformat()
    return tell(uow, account, organiser, text, f"topic:{topic.id}:summary:{tag}", now)
