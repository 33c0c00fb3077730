"""议题: a matter discussed at the right level and carried through the 十步走.

"邻里小事党员牵头议、单元琐事党小组协调议、小区公事党支部组织议、复杂难事上报提级议": the level
decides who organises a topic and which groups hear of it. A topic moves through fixed stages
(动议 → 征求意见 → 议事会 → 表决 → 公示 → 备案 → 落实 → 评议); each move is stamped with who and
when, and a stage a small matter does not need is skipped with the reason written down.
Pure rules here; time is passed in.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.domain.community import Role
from bot.domain.moments import Unclear, at, read_moment

TOPIC_PREFIX = "Y"
TITLE_LIMIT = 60
TEXT_LIMIT = 1000
OPINION_LIMIT = 500
MIN_REASON = 2  # "跳过 Y0001 议事会 无" is not a reason anyone can check later

_CODE = re.compile(r"^[Yy]\s*0*(\d{1,9})$")


class TopicError(Exception):
    """The action does not apply; the message is shown to the person as is."""


class Level(enum.StrEnum):
    NEIGHBOUR = "neighbour"  # 邻里小事: a 党员 leads
    BUILDING = "building"  # 单元/楼栋琐事: the 楼栋党小组长
    ESTATE = "estate"  # 小区公事: the 支部书记 with 业委会 and 物业 (三方)
    COMMUNITY = "community"  # 复杂难事, 提级 to the 社区 (四方联席)

    @property
    def label(self) -> str:
        return LEVEL_LABELS[self]

    @property
    def rank(self) -> int:
        return LEVELS.index(self)

    @property
    def organiser_role(self) -> Role:
        """The least a person must be to open a topic at this level (and so to organise it)."""
        return LEVEL_ROLES[self]


LEVELS = (Level.NEIGHBOUR, Level.BUILDING, Level.ESTATE, Level.COMMUNITY)
LEVEL_LABELS = {
    Level.NEIGHBOUR: "邻里",
    Level.BUILDING: "楼栋",
    Level.ESTATE: "小区",
    Level.COMMUNITY: "社区",
}
LEVEL_ROLES = {
    Level.NEIGHBOUR: Role.MEMBER,
    Level.BUILDING: Role.LEADER,
    Level.ESTATE: Role.SECRETARY,
    Level.COMMUNITY: Role.STAFF,
}
# What people write for a level: "单元" and "楼栋" are one level; "三方" is the 小区 meeting.
_LEVEL_WORDS = {
    "邻里": Level.NEIGHBOUR,
    "楼栋": Level.BUILDING,
    "单元": Level.BUILDING,
    "楼": Level.BUILDING,
    "小区": Level.ESTATE,
    "三方": Level.ESTATE,
    "社区": Level.COMMUNITY,
    "四方": Level.COMMUNITY,
}
# Who sits at the table by default, by level (roles of the roster, plus guests named freely).
DEFAULT_ROLES = {
    Level.NEIGHBOUR: ("党员",),
    Level.BUILDING: ("楼栋党小组长", "党员"),
    Level.ESTATE: ("支部书记", "楼栋党小组长"),
    Level.COMMUNITY: ("社区", "支部书记", "楼栋党小组长"),
}
DEFAULT_GUESTS = {
    Level.NEIGHBOUR: "",
    Level.BUILDING: "",
    Level.ESTATE: "业委会代表、物业代表",
    Level.COMMUNITY: "业委会代表、物业代表、共建单位代表",
}
PARTICIPANT_ROLES = {"党员": Role.MEMBER, "楼栋党小组长": Role.LEADER, "支部书记": Role.SECRETARY}
PARTICIPANT_ROLES["社区"] = Role.STAFF


class Stage(enum.StrEnum):
    PROPOSED = "proposed"  # 动议
    CONSULTING = "consulting"  # 广泛征求居民意见
    MEETING = "meeting"  # 议事会
    VOTING = "voting"  # 投票表决
    PUBLICITY = "publicity"  # 表决公示
    FILING = "filing"  # 社区党委备案
    IMPLEMENTING = "implementing"  # 落实
    REVIEW = "review"  # 评议 (服务评定)
    CLOSED = "closed"  # 已办结

    @property
    def label(self) -> str:
        return STAGE_LABELS[self]


STAGES = (
    Stage.PROPOSED,
    Stage.CONSULTING,
    Stage.MEETING,
    Stage.VOTING,
    Stage.PUBLICITY,
    Stage.FILING,
    Stage.IMPLEMENTING,
    Stage.REVIEW,
)
STAGE_LABELS = {
    Stage.PROPOSED: "动议",
    Stage.CONSULTING: "征求意见",
    Stage.MEETING: "议事会",
    Stage.VOTING: "表决",
    Stage.PUBLICITY: "公示",
    Stage.FILING: "备案",
    Stage.IMPLEMENTING: "落实",
    Stage.REVIEW: "评议",
    Stage.CLOSED: "已办结",
}
_STAGE_WORDS = {label: stage for stage, label in STAGE_LABELS.items() if stage in STAGES}
_STAGE_WORDS.update({"投票": Stage.VOTING, "投票表决": Stage.VOTING, "征求": Stage.CONSULTING})


class StepKind(enum.StrEnum):
    OPENED = "opened"  # the topic was raised (动议)
    ENTERED = "entered"  # a stage began
    SKIPPED = "skipped"  # a stage was passed over, with the reason
    ESCALATED = "escalated"  # 提级: the level went up
    CLOSED = "closed"


STEP_LABELS = {
    StepKind.OPENED: "提出动议",
    StepKind.ENTERED: "进入",
    StepKind.SKIPPED: "跳过",
    StepKind.ESCALATED: "提级",
    StepKind.CLOSED: "办结",
}


@dataclass(eq=False)
class Topic:
    estate_id: int
    level: Level
    title: str
    organiser_id: int | None  # the person who leads it now (changes with 提级)
    created_at: datetime
    created_by: str  # who raised it, as the audit log names people
    description: str = ""
    building_id: int | None = None
    stage: Stage = Stage.PROPOSED
    skipped: list[str] = field(default_factory=list)  # stages marked to pass over
    source: str = ""  # "S0003" when promoted from a 说事, "十件实事：…" from the dashboard
    stage_at: datetime | None = None
    closed_at: datetime | None = None
    id: int | None = None

    @property
    def code(self) -> str:
        return format_topic_code(self.id or 0)

    @property
    def closed(self) -> bool:
        return self.stage is Stage.CLOSED


@dataclass(eq=False)
class TopicStep:
    """One line of a topic's timeline: which stage, what happened, who and when."""

    topic_id: int
    at: datetime
    kind: StepKind
    stage: Stage
    actor: str
    note: str = ""
    id: int | None = None


@dataclass(eq=False)
class Opinion:
    topic_id: int
    person_id: int
    text: str
    at: datetime
    building_id: int | None = None
    group_id: int | None = None  # None: said privately
    id: int | None = None


@dataclass(eq=False)
class Meeting:
    """议事会: when, where (a venue), who is invited, who came, and the 纪要."""

    topic_id: int
    starts_at: datetime
    created_at: datetime
    created_by: str
    venue_id: int | None = None
    roles: list[str] = field(default_factory=list)  # roster roles invited
    guests: str = ""  # named participants outside the roster: 业委会、物业 …
    attendance: list[str] = field(default_factory=list)  # names of those who came
    minutes: str = ""
    minutes_at: datetime | None = None
    published_at: datetime | None = None
    reminded_at: datetime | None = None
    id: int | None = None


@dataclass(eq=False)
class Evaluation:
    """评议: one resident's verdict on how the decided matter was carried out."""

    topic_id: int
    person_id: int
    rating: str  # a bot.domain.cases.Rating value: satisfied / basic / unsatisfied
    at: datetime
    building_id: int | None = None
    id: int | None = None


def format_topic_code(topic_id: int) -> str:
    return f"{TOPIC_PREFIX}{topic_id:04d}"


def parse_topic_code(token: str) -> int | None:
    """'Y0012', 'y12', 'Y 0012' -> 12."""
    match = _CODE.match(token.strip())
    return int(match[1]) if match and int(match[1]) > 0 else None


def parse_level(word: str) -> Level | None:
    word = word.strip().removesuffix("级").removesuffix("议事").strip()
    if word in _LEVEL_WORDS:
        return _LEVEL_WORDS[word]
    try:
        return Level(word)
    except ValueError:
        return None


def parse_stage(word: str) -> Stage | None:
    word = word.strip()
    if word in _STAGE_WORDS:
        return _STAGE_WORDS[word]
    try:
        stage = Stage(word)
    except ValueError:
        return None
    return stage if stage in STAGES else None


def check_title(title: str) -> str:
    title = " ".join(title.split())
    if len(title) < 2:
        raise TopicError("请写上议题的标题，例如「议题 电动车不进楼道」。")
    return title[:TITLE_LIMIT]


def may_open(role: Role, level: Level) -> bool:
    """党员 open 邻里 topics, 楼栋党小组长 楼栋 ones, 支部书记 小区 ones, staff any."""
    return role >= level.organiser_role


def may_manage(
    topic: Topic,
    person_id: int | None,
    role: Role,
    estate_id: int | None,
    building_id: int | None,
) -> bool:
    """Who may move a topic on: its organiser, staff, the 小区's 支部书记 (below 社区 level),
    the 楼栋党小组长 of its 楼栋 (邻里 and 楼栋 level). Residents never."""
    if role < Role.MEMBER:
        return False
    if role >= Role.STAFF:
        return True
    if person_id is not None and person_id == topic.organiser_id:
        return True
    if estate_id != topic.estate_id or topic.level is Level.COMMUNITY:
        return False
    if role >= Role.SECRETARY:
        return True
    return (
        role >= Role.LEADER
        and topic.level.rank <= Level.BUILDING.rank
        and topic.building_id is not None
        and topic.building_id == building_id
    )


def next_stage(topic: Topic) -> Stage:
    """The stage after the current one, passing over those marked skipped."""
    if topic.closed:
        raise TopicError(f"议题 {topic.code} 已经办结了。")
    at = STAGES.index(topic.stage)
    for stage in STAGES[at + 1 :]:
        if str(stage) not in topic.skipped:
            return stage
    return Stage.CLOSED


def advance(topic: Topic, actor: str, now: datetime, note: str = "") -> list[TopicStep]:
    """Move to the next stage; the timeline gets a line for the stage begun (or the close)."""
    target = next_stage(topic)
    return _move(topic, target, actor, now, note)


def skip(topic: Topic, stage: Stage, reason: str, actor: str, now: datetime) -> list[TopicStep]:
    """Pass over `stage` with a reason. The current stage moves on at once; a later one is
    marked and passed when the topic gets there. 动议 cannot be skipped: it has happened."""
    if topic.closed:
        raise TopicError(f"议题 {topic.code} 已经办结了。")
    reason = " ".join(reason.split())
    if len(reason) < MIN_REASON:
        raise TopicError(
            f"跳过一个阶段要写明原因，例如「跳过 {topic.code} {stage.label} 小事无需开会」。"
        )
    if stage is Stage.PROPOSED:
        raise TopicError("动议是议题的起点，不能跳过。")
    here, there = STAGES.index(topic.stage), STAGES.index(stage)
    if there < here:
        raise TopicError(f"议题 {topic.code} 已经过了「{stage.label}」阶段。")
    if str(stage) in topic.skipped:
        raise TopicError(f"议题 {topic.code} 的「{stage.label}」已经标记跳过了。")
    topic.skipped = [*topic.skipped, str(stage)]
    step = TopicStep(
        topic_id=topic.id or 0, at=now, kind=StepKind.SKIPPED, stage=stage, actor=actor, note=reason
    )
    if there == here:
        return [step, *_move(topic, next_stage(topic), actor, now, "")]
    return [step]


def escalate(topic: Topic, actor: str, now: datetime, reason: str = "") -> TopicStep:
    """提级: one level up (邻里 → 楼栋 → 小区 → 社区). The caller picks the new organiser."""
    if topic.closed:
        raise TopicError(f"议题 {topic.code} 已经办结了。")
    if topic.level is Level.COMMUNITY:
        raise TopicError(f"议题 {topic.code} 已经是社区级，不能再提级了。")
    before = topic.level
    topic.level = LEVELS[before.rank + 1]
    note = f"{before.label} → {topic.level.label}" + (f"：{reason.strip()}" if reason else "")
    return TopicStep(
        topic_id=topic.id or 0,
        at=now,
        kind=StepKind.ESCALATED,
        stage=topic.stage,
        actor=actor,
        note=note,
    )


def opening_step(topic: Topic) -> TopicStep:
    return TopicStep(
        topic_id=topic.id or 0,
        at=topic.created_at,
        kind=StepKind.OPENED,
        stage=Stage.PROPOSED,
        actor=topic.created_by,
        note=topic.source,
    )


def check_opinion(topic: Topic, text: str) -> str:
    """Opinions are taken while the topic is out for 征求意见 (and until the meeting ends)."""
    if topic.stage not in (Stage.CONSULTING, Stage.MEETING):
        if topic.closed:
            raise TopicError(f"议题 {topic.code} 已经办结，不再收集意见了。谢谢您的关心！")
        raise TopicError(
            f"议题 {topic.code} 现在是「{topic.stage.label}」阶段，不在征求意见。谢谢您的关心！"
        )
    text = text.strip()
    if len(text) < 2:
        raise TopicError(f"请把意见写在编号后面，例如「意见 {topic.code} 同意，建议周末施工」。")
    return text[:OPINION_LIMIT]


def check_evaluation(topic: Topic) -> None:
    if topic.stage is not Stage.REVIEW:
        raise TopicError(f"议题 {topic.code} 现在是「{topic.stage.label}」阶段，还没有开始评议。")


def _move(topic: Topic, target: Stage, actor: str, now: datetime, note: str) -> list[TopicStep]:
    topic.stage, topic.stage_at = target, now
    if target is Stage.CLOSED:
        topic.closed_at = now
        kind = StepKind.CLOSED
    else:
        kind = StepKind.ENTERED
    return [
        TopicStep(
            topic_id=topic.id or 0, at=now, kind=kind, stage=target, actor=actor, note=note.strip()
        )
    ]


def parse_topic_form(text: str) -> dict[str, str]:
    """ "新议题" multi-line form: 标题/级别/楼栋/说明 lines ("项目：内容"); a line without a
    label is the title if none was given yet, else part of the description."""
    labels = {
        "标题": "title",
        "题目": "title",
        # "议题：小区南门加装人脸识别门禁" names the title; the label is never part of it (D39).
        "议题": "title",
        "议题名称": "title",
        "名称": "title",
        "主题": "title",
        "事项": "title",
        "级别": "level",
        "层级": "level",
        "楼栋": "building",
        "小区": "estate",
        "说明": "description",
        "内容": "description",
        "描述": "description",
        "背景": "description",
        "来源": "source",
    }
    fields: dict[str, str] = {}
    extra: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        head, sep, value = line.partition("：") if "：" in line else line.partition(":")
        name = labels.get(head.strip()) if sep else None
        if name is not None:
            fields[name] = value.strip()
        elif "title" not in fields:
            fields["title"] = line
        else:
            extra.append(line)
    if extra:
        fields["description"] = "\n".join([fields.get("description", ""), *extra]).strip()
    return fields


def parse_moment(
    text: str, now: datetime, tz: ZoneInfo, *, base: datetime | None = None
) -> tuple[datetime, str]:
    """ "2026-12-05 19:00 党群服务站", "周四晚上七点半", "明天上午九点 党群服务站" -> (aware
    start, what follows). Relative days are read against `now`; a part not said comes from
    `base` (the meeting being moved), else the question to ask back is the TopicError."""
    try:
        moment = read_moment(text.strip(), now, tz)
        return at(moment, base, tz), moment.rest
    except Unclear as unclear:
        raise TopicError(str(unclear)) from None
