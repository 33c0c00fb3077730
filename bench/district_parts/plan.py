"""The generated district of bench/district.py: estates of 30 groups (an 业主群, a 党员群, 28
楼栋群), a 支部书记 per estate and a 楼栋党小组长 for every fourth building, and the community
config each account's process reads."""

from __future__ import annotations

import random
from dataclasses import dataclass

GROUPS_PER_ESTATE = 30  # an 业主群, a 党员群 and 28 楼栋群

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐"

ADDRESS = ("阿姨", "大爷", "女士", "先生", "师傅", "奶奶", "叔")

ESTATE_WORDS = ("和平", "幸福", "阳光", "锦绣", "兰亭", "翠苑", "金桥", "银河", "春晖", "秋实")


@dataclass(frozen=True)
class GroupSpec:
    topic: str
    estate: str
    building: int | None  # None: the estate's 业主群 or 党员群
    party: bool = False


@dataclass(frozen=True)
class EstateSpec:
    key: str
    name: str
    buildings: int
    secretary: tuple[str, str]  # wechat id, name
    leaders: dict[int, tuple[str, str]]


@dataclass(frozen=True)
class District:
    estates: list[EstateSpec]
    groups: list[GroupSpec]

    def estate(self, key: str) -> EstateSpec:
        return self.estates[int(key[1:]) - 1]

    def party_group(self, key: str) -> GroupSpec:
        return next(g for g in self.groups if g.estate == key and g.party)


def person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(ADDRESS)


def make_district(groups: int) -> District:
    rng = random.Random(15)
    estates: list[EstateSpec] = []
    specs: list[GroupSpec] = []
    for n in range((groups + GROUPS_PER_ESTATE - 1) // GROUPS_PER_ESTATE):
        key = f"e{n + 1:03d}"
        name = f"{ESTATE_WORDS[n % len(ESTATE_WORDS)]}{n + 1}号小区"
        size = min(GROUPS_PER_ESTATE, groups - len(specs))
        buildings = max(size - 2, 0)
        leaders = {b: (f"wxid_{key}_lead{b}", person_name(rng)) for b in range(1, buildings + 1, 4)}
        estates.append(
            EstateSpec(key, name, buildings, (f"wxid_{key}_sec", person_name(rng)), leaders)
        )
        specs.append(GroupSpec(f"{name}业主群", key, None))
        if size > 1:
            specs.append(GroupSpec(f"{name}党员群", key, None, party=True))
        specs.extend(GroupSpec(f"{name}{b}号楼邻里群", key, b) for b in range(1, buildings + 1))
    return District(estates, specs[:groups])


def config_text(district: District, groups: list[GroupSpec]) -> str:
    """One account's community config: every estate, person and staff account; its groups."""
    lines = [
        "[community]",
        'name = "基准街道"',
        'timezone = "Asia/Shanghai"',
        "[bot]",
        'name = "邻里小助手"',
        # Short steps, so they also fall due within the run on their own (besides the
        # backdating), and reminders at any hour: the run must not depend on the time of day.
        "[sla]",
        "respond_minutes = 1",
        "reply_minutes = 2",
        "coordinate_minutes = 3",
        'quiet_start = "03:00"',
        'quiet_end = "03:01"',
        "[sla.urgent]",
        "respond_minutes = 1",
        "reply_minutes = 2",
        "coordinate_minutes = 3",
    ]
    for e in district.estates:
        buildings = ", ".join(f"{{ number = {b} }}" for b in range(1, e.buildings + 1))
        lines += [
            "[[estates]]",
            f'key = "{e.key}"',
            f'name = "{e.name}"',
            f'branch = "{e.name}党支部"',
        ]
        lines.append(f"buildings = [{buildings}]")
    for g in groups:
        lines += ["[[groups]]", f'topic = "{g.topic}"', f'estate = "{g.estate}"']
        if g.party:
            lines.append('kind = "party"')
        if g.building is not None:
            lines.append(f"building = {g.building}")
    for e in district.estates:
        people: list[tuple[tuple[str, str], int | None, str]] = [(e.secretary, None, "支部书记")]
        people += [(who, b, "楼栋党小组长") for b, who in e.leaders.items()]
        for (wxid, name), building, role in people:
            lines += ["[[members]]", f'name = "{name}"', f'wechat_id = "{wxid}"']
            lines += ['category = "在职"', f'estate = "{e.key}"', f'role = "{role}"']
            if building is not None:
                lines.append(f"building = {building}")
    return "\n".join(lines) + "\n"
