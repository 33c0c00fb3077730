"""Who and where: 小区, 楼栋, groups and people, and what each role may do."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime


class Role(enum.IntEnum):
    """Roles in rising order of authority; a check is `role >= Role.X`."""

    RESIDENT = 0
    MEMBER = 1  # 党员
    LEADER = 2  # 楼栋党小组长
    SECRETARY = 3  # 小区党支部书记
    STAFF = 4  # 社区工作者 / 网格员
    ADMIN = 5

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.RESIDENT: "居民",
    Role.MEMBER: "党员",
    Role.LEADER: "楼栋党小组长",
    Role.SECRETARY: "支部书记",
    Role.STAFF: "社区工作人员",
    Role.ADMIN: "管理员",
}


class GroupKind(enum.StrEnum):
    OWNERS = "owners"  # 业主群: a whole 小区
    BUILDING = "building"  # 楼栋群
    PARTY = "party"  # 党员群: internal chasing goes here, never to residents


@dataclass(eq=False)
class Estate:
    """A 小区 and its 党支部."""

    key: str
    name: str
    branch: str
    id: int | None = None


@dataclass(eq=False)
class Building:
    estate_id: int
    number: str  # "3" for 3号楼; kept as text because some estates use "A3"
    name: str
    id: int | None = None


@dataclass(eq=False)
class Group:
    """A WeChat room the bot is in. Bound once the config knows it (by id, or by topic first)."""

    account: str
    topic: str
    room_id: str | None = None
    kind: GroupKind | None = None
    estate_id: int | None = None
    building_id: int | None = None
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    left_at: datetime | None = None
    id: int | None = None

    @property
    def bound(self) -> bool:
        return self.estate_id is not None


# The WeChat ids of stand-ins: "erased:<id>" (storage.erasure_repositories) and
# "linli:anonymous" (storage.retention_repositories); WeChat ids never start so.
STAND_IN_PREFIXES = ("erased:", "linli:")


@dataclass(eq=False)
class Person:
    """Anyone the bot has seen or the roster names, keyed by WeChat id."""

    wechat_id: str
    display_name: str
    role: Role = Role.RESIDENT
    real_name: str | None = None
    category: str | None = None  # 直管/在职/流动/离退休 for party members
    estate_id: int | None = None
    building_id: int | None = None  # home 楼栋, or the 楼栋党小组 of a party member
    first_seen: datetime | None = None
    id: int | None = None
    extra: dict[str, str] = field(default_factory=dict)
    last_account: str | None = None  # the bot account they last spoke to (private replies)

    @property
    def name(self) -> str:
        return self.display_name or self.real_name or self.wechat_id

    @property
    def reachable(self) -> bool:
        """False for the stand-ins an erasure or the retention purge leaves (their WeChat id
        is gone): nothing can be sent to them or @-mention them (probe9)."""
        return not self.wechat_id.startswith(STAND_IN_PREFIXES)
