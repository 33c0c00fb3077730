"""What the residents of bench/district.py say: a realistic mix (mostly chat; reports,
微心愿, a few urgent ones; 进度 / 认领 / 办结 / 满意 on the cases the bots opened so far,
read back from the database)."""

from __future__ import annotations

import random
import time
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import Engine, text

from bench.district_parts.plan import District, GroupSpec, person_name
from bot.domain.cases import format_case_code

RESIDENTS_PER_GROUP = 12


# The bench's own words (nothing copied from any corpus): what residents say in these groups.
CHAT = (
    "早上好",
    "大家早上好呀",
    "收到，谢谢",
    "好的",
    "哈哈哈",
    "今天天气真不错",
    "谁家的快递放错门口了，蓝色的盒子",
    "晚上广场舞几点开始？",
    "孩子们放学了，路上慢点",
    "菜市场今天的鱼很新鲜",
    "周末有人一起去爬山吗",
    "谢谢物业的师傅",
    "明天降温，大家多穿点",
    "我家猫找到了，谢谢大家",
    "有没有人拼车去火车站",
    "楼下的桂花开了，好香",
    "👍",
    "辛苦了",
)


ISSUES = (
    "{b}号楼电梯又坏了，停在三楼不动",
    "{b}号楼楼道的灯不亮好几天了",
    "{b}号楼下水道堵了，一股臭味",
    "{b}号楼门禁刷卡刷不开",
    "{b}号楼楼上漏水，我家天花板都湿了",
    "{b}号楼门口的垃圾好几天没人清运了",
    "{b}号楼旁边的路灯坏了，晚上黑乎乎的",
    "{b}号楼楼道里堆满了杂物，走不过去",
    "{b}号楼的自来水发黄，不敢喝",
    "{b}号楼车库门口总有车乱停，堵住了出口",
)


WISHES = (
    "微心愿：想给楼里的老人们买一个轮椅",
    "#微心愿 希望有人能教我用智能手机挂号",
    "微心愿：孩子想要几本课外书",
)


URGENT = (
    "{b}号楼楼道里一股很浓的煤气味，快来人看看！",
    "{b}号楼电梯里困了人，按铃没人应，快来救人！",
    "{b}号楼有户人家冒烟了，像是着火了！",
)


MIX = (("chat", 0.72), ("issue", 0.12), ("wish", 0.02), ("urgent", 0.01), ("command", 0.13))


@dataclass
class Message:
    id: str
    account: str
    sender_id: str
    sender_name: str
    text: str
    topic: str
    kind: str
    created: float
    tries: int = 0

    def body(self) -> dict[str, str]:
        return {
            "id": self.id,
            "sender_id": self.sender_id,
            "sender_name": self.sender_name,
            "text": self.text,
            "topic": self.topic,
        }


@dataclass
class OpenCase:
    code: str
    status: str
    reporter: tuple[str, str]  # wechat id, name
    topic: str  # where it was reported
    estate: str
    assignee: str | None


@dataclass
class Talk:
    """Makes up the next message; knows the cases the bots opened so far (read back)."""

    district: District
    account_of: dict[str, str]  # topic → account
    rng: random.Random = field(default_factory=lambda: random.Random(2026))
    cases: list[OpenCase] = field(default_factory=list)
    seq: int = 0
    kinds: Counter[str] = field(default_factory=Counter)

    def resident(self, group: GroupSpec) -> tuple[str, str]:
        # A building's residents speak in its group and now and then in the estate's 业主群.
        building = group.building or self.rng.randint(
            1, max(self.district.estate(group.estate).buildings, 1)
        )
        k = self.rng.randrange(RESIDENTS_PER_GROUP)
        rng = random.Random(f"{group.estate}-{building}-{k}")
        return f"wxid_{group.estate}_b{building}_r{k}", person_name(rng)

    def next(self) -> Message:
        self.seq += 1
        kind = self.rng.choices([k for k, _ in MIX], [w for _, w in MIX])[0]
        made = self._command() if kind == "command" else None
        if made is None:
            kind = "chat" if kind == "command" else kind
            group = self.rng.choice(
                [g for g in self.district.groups if not g.party] or self.district.groups
            )
            sender = self.resident(group)
            b = group.building or self.rng.randint(1, 28)
            words = {"chat": CHAT, "issue": ISSUES, "wish": WISHES, "urgent": URGENT}[kind]
            made = (group.topic, sender, self.rng.choice(words).format(b=b))
        topic, (sender_id, sender_name), said = made
        self.kinds[kind] += 1
        return Message(
            id=f"d{self.seq}",
            account=self.account_of[topic],
            sender_id=sender_id,
            sender_name=sender_name,
            text=said,
            topic=topic,
            kind=kind,
            created=time.perf_counter(),
        )

    def _command(self) -> tuple[str, tuple[str, str], str] | None:
        if not self.cases:
            return None
        case = self.rng.choice(self.cases)
        estate = self.district.estate(case.estate)
        party = self.district.party_group(case.estate).topic
        if case.status == "accepted" and case.assignee is None:
            return party, estate.secretary, f"认领 {case.code}"
        mine = case.assignee == estate.secretary[0]
        if case.status in ("responded", "in_progress") and mine and self.rng.random() < 0.5:
            return party, estate.secretary, f"办结 {case.code} 已经派师傅处理好了"
        if case.status == "resolved":
            return case.topic, case.reporter, f"满意 {case.code}"
        return case.topic, case.reporter, f"进度 {case.code}"


CASES_SQL = text(
    """
    SELECT c.id, c.status, p.wechat_id, p.display_name, g.topic, e.key, a.wechat_id
    FROM cases c
    JOIN people p ON p.id = c.reporter_id
    JOIN groups g ON g.id = c.group_id
    JOIN estates e ON e.id = c.estate_id
    LEFT JOIN people a ON a.id = c.assignee_id
    WHERE c.status <> 'reviewed'
    ORDER BY c.id DESC LIMIT 500
    """
)


def read_cases(engine: Engine) -> list[OpenCase]:
    with engine.connect() as conn:
        rows = conn.execute(CASES_SQL).all()
    return [
        OpenCase(format_case_code(r[0]), r[1], (r[2], r[3]), r[4], r[5], r[6])
        for r in rows
        if r[4] is not None
    ]
