"""The community configuration file (TOML): 社区 → 小区 → 楼栋, groups, roster and staff.

A wrong file fails at start with a message naming the field, e.g.
`members[3].category: 应为 直管/在职/流动/离退休 之一`.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator

from bot.domain.community import GroupKind, Role


def _as_text(value: Any) -> Any:
    # Building numbers are written as 3 or "3" or "A3"; keep them as text.
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


Number = Annotated[str, BeforeValidator(_as_text), Field(min_length=1, max_length=16)]

MEMBER_ROLES: dict[str, Role] = {
    "党员": Role.MEMBER,
    "楼栋党小组长": Role.LEADER,
    "支部书记": Role.SECRETARY,
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CommunityInfo(_Strict):
    name: str = Field(min_length=1)
    party_committee: str = ""
    street: str = ""  # 街道
    timezone: str = "Asia/Shanghai"


class BotInfo(_Strict):
    name: str = "邻里小助手"
    merge_window_minutes: int = Field(default=120, ge=1, le=7 * 24 * 60)


class BuildingConfig(_Strict):
    number: Number
    name: str | None = None

    @property
    def label(self) -> str:
        return self.name or f"{self.number}号楼"


class EstateConfig(_Strict):
    key: str = Field(min_length=1, pattern=r"^[A-Za-z0-9_-]+$")
    name: str = Field(min_length=1)
    branch: str | None = None  # 小区党支部; default "<name>党支部"
    buildings: list[BuildingConfig] = Field(default_factory=list)

    @property
    def branch_name(self) -> str:
        return self.branch or f"{self.name}党支部"


class GroupConfig(_Strict):
    topic: str = Field(min_length=1)
    estate: str
    building: Number | None = None
    kind: GroupKind | None = None  # default: building when a building is given, else owners
    room_id: str | None = None

    @property
    def group_kind(self) -> GroupKind:
        if self.kind is not None:
            return self.kind
        return GroupKind.BUILDING if self.building else GroupKind.OWNERS


class MemberConfig(_Strict):
    name: str = Field(min_length=1)
    wechat_id: str = Field(min_length=1)
    display_name: str | None = None
    category: Literal["直管", "在职", "流动", "离退休"]
    estate: str
    building: Number | None = None  # the 楼栋党小组 the member belongs to
    role: Literal["党员", "楼栋党小组长", "支部书记"] = "党员"

    @property
    def shown_name(self) -> str:
        return self.display_name or self.name


class StaffConfig(_Strict):
    username: str = Field(min_length=1, pattern=r"^[A-Za-z0-9_.-]+$")
    name: str = Field(min_length=1)
    role: Literal["staff", "secretary", "admin"] = "staff"
    password_hash: str = Field(pattern=r"^\$argon2(id|i|d)\$")
    estate: str | None = None
    wechat_id: str | None = None


class CommunityConfig(_Strict):
    community: CommunityInfo
    bot: BotInfo = BotInfo()
    estates: list[EstateConfig] = Field(min_length=1)
    groups: list[GroupConfig] = Field(default_factory=list)
    members: list[MemberConfig] = Field(default_factory=list)
    staff: list[StaffConfig] = Field(default_factory=list)
    intents: dict[str, Any] = Field(
        default_factory=dict
    )  # extra lexicon, same shape as intents' data

    @model_validator(mode="after")
    def _references_resolve(self) -> CommunityConfig:
        problems: list[str] = []
        estates = {e.key: e for e in self.estates}
        if len(estates) != len(self.estates):
            problems.append("estates: 小区 key 重复")

        def check(where: str, estate: str | None, building: str | None) -> None:
            if estate is None:
                return
            if estate not in estates:
                problems.append(f"{where}.estate: 没有 key 为 {estate!r} 的小区")
            elif building and building not in {b.number for b in estates[estate].buildings}:
                problems.append(f"{where}.building: 小区 {estate!r} 没有 {building} 号楼")

        for i, g in enumerate(self.groups):
            check(f"groups[{i}]", g.estate, g.building)
            if g.group_kind is GroupKind.BUILDING and not g.building:
                problems.append(f"groups[{i}].building: 楼栋群需要写明楼栋")
        for i, m in enumerate(self.members):
            check(f"members[{i}]", m.estate, m.building)
        for i, s in enumerate(self.staff):
            check(f"staff[{i}]", s.estate, None)
            if s.role == "secretary" and not s.estate:
                problems.append(f"staff[{i}].estate: 支部书记账号需要写明所在小区")
        _duplicates(problems, "groups", [g.topic for g in self.groups], "topic")
        _duplicates(problems, "members", [m.wechat_id for m in self.members], "wechat_id")
        _duplicates(problems, "staff", [s.username for s in self.staff], "username")
        if problems:
            raise ValueError("; ".join(problems))
        return self


def _duplicates(problems: list[str], section: str, values: list[str], field: str) -> None:
    seen: set[str] = set()
    for i, value in enumerate(values):
        if value in seen:
            problems.append(f"{section}[{i}].{field}: {value!r} 重复")
        seen.add(value)


class ConfigError(Exception):
    """The configuration cannot be used; the message names the file and the field."""


def load_config(path: Path) -> CommunityConfig:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"找不到配置文件 {path}（可用 `linli init {path}` 生成示例）") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: TOML 格式错误：{exc}") from None
    try:
        return CommunityConfig.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError(f"{path}: 配置有误\n" + format_errors(exc)) from None


def format_errors(exc: ValidationError) -> str:
    lines = []
    for error in exc.errors():
        where = "".join(
            f"[{part}]" if isinstance(part, int) else f".{part}" for part in error["loc"]
        ).lstrip(".")
        message = error["msg"].removeprefix("Value error, ")
        lines.append(f"  {where or '(文件)'}: {message}")
    return "\n".join(lines)
