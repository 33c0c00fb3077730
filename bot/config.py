"""The community configuration file (TOML): 社区 → 小区 → 楼栋, groups, roster and staff.

A wrong file fails at start with a message naming the field, e.g.
`members[3].category: 应为 直管/在职/流动/离退休 之一`.
"""

from __future__ import annotations

import tomllib
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo

import argon2
from argon2.exceptions import InvalidHashError
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)

from bot.config_helpdesk import HelpdeskConfig
from bot.domain.cases import CATEGORY_LABELS
from bot.domain.community import GroupKind, Role
from bot.domain.safety import DEFAULT_DANGERS, Danger


def _as_text(value: Any) -> Any:
    # Building numbers are written as 3 or "3" or "A3"; keep them as text.
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


Number = Annotated[str, BeforeValidator(_as_text), Field(min_length=1, max_length=16)]


def _known_zone(value: str) -> str:
    # Checked here, not when the bot starts: an unknown zone passed `check-config` and then
    # stopped `linli run` with zoneinfo's traceback.
    try:
        ZoneInfo(value)
    except (KeyError, ValueError, OSError):  # ZoneInfoNotFoundError is a KeyError
        raise ValueError(f"不认识的时区 {value!r}，应写 IANA 时区名，例如 Asia/Shanghai") from None
    return value


def _readable_hash(value: str) -> str:
    # The prefix alone let a cut or mistyped hash through; that account could never log in.
    try:
        argon2.extract_parameters(value)
    except (InvalidHashError, ValueError):
        raise ValueError("不是有效的密码哈希，请用 linli passwd 生成后整行复制") from None
    return value


TimeZone = Annotated[str, AfterValidator(_known_zone)]

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
    timezone: TimeZone = "Asia/Shanghai"


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
    password_hash: Annotated[str, AfterValidator(_readable_hash)] = Field(
        pattern=r"^\$argon2(id|i|d)\$"
    )
    estate: str | None = None
    wechat_id: str | None = None


_CLOCK = r"^([01]\d|2[0-3]):[0-5]\d$"
Rung = Literal["楼栋党小组长", "支部书记", "社区", "部门"]
LADDER_RUNGS: tuple[Rung, ...] = ("楼栋党小组长", "支部书记", "社区", "部门")


class UrgentSlaConfig(_Strict):
    respond_minutes: int = Field(default=5, ge=1, le=24 * 60)
    reply_minutes: int = Field(default=10, ge=1, le=24 * 60)
    coordinate_minutes: int = Field(default=60, ge=1, le=7 * 24 * 60)
    solution_hours: int = Field(default=4, ge=1, le=7 * 24)


class SlaConfig(_Strict):
    """The "2341" clock: 20 min respond, 30 min reply, 4 h coordinate, 1 working day solution."""

    respond_minutes: int = Field(default=20, ge=1, le=24 * 60)
    reply_minutes: int = Field(default=30, ge=1, le=24 * 60)
    coordinate_minutes: int = Field(default=240, ge=1, le=7 * 24 * 60)
    solution_working_days: int = Field(default=1, ge=1, le=30)
    urgent: UrgentSlaConfig = UrgentSlaConfig()
    rating_days: int = Field(default=3, ge=1, le=30)  # no rating by then: closed as 未评价
    quiet_start: str = Field(default="22:00", pattern=_CLOCK)  # no reminders to people from …
    quiet_end: str = Field(default="07:30", pattern=_CLOCK)  # … until
    # For years chinesecalendar does not know yet, or local arrangements.
    extra_holidays: list[date] = Field(default_factory=list)
    extra_workdays: list[date] = Field(default_factory=list)
    ladder: list[Rung] = Field(default_factory=lambda: list(LADDER_RUNGS), min_length=1)


class DangerConfig(_Strict):
    """One danger; a field left out keeps the default of the same key."""

    words: list[str] | None = None
    advice: str | None = Field(default=None, min_length=1, max_length=200)
    categories: list[str] | None = None


class SafetyConfig(_Strict):
    """[safety]: what an urgent acknowledgement tells the resident to do right now.

    Keys fire, gas, shock, sparks, lift, medical, child, water, falling have defaults; a key of
    the same name changes them, a new key adds a danger (words and advice required), and
    `enabled = false` leaves advice out.
    """

    enabled: bool = True
    dangers: dict[str, DangerConfig] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _new_dangers_are_complete(self) -> SafetyConfig:
        known = {d.key for d in DEFAULT_DANGERS}
        for key, danger in self.dangers.items():
            if key not in known and (not danger.words or not danger.advice):
                raise ValueError(f"safety.dangers.{key}: 新增的危险类型要写 words 和 advice")
        return self

    def resolved(self) -> tuple[Danger, ...]:
        """The defaults with this config's changes, then its new dangers, in order."""
        if not self.enabled:
            return ()
        out = []
        for default in DEFAULT_DANGERS:
            change = self.dangers.get(default.key)
            if change is None:
                out.append(default)
                continue
            out.append(
                Danger(
                    default.key,
                    tuple(change.words) if change.words is not None else default.words,
                    change.advice or default.advice,
                    tuple(change.categories)
                    if change.categories is not None
                    else default.categories,
                )
            )
        known = {d.key for d in DEFAULT_DANGERS}
        for key, new in self.dangers.items():
            if key not in known:
                out.append(
                    Danger(
                        key, tuple(new.words or ()), new.advice or "", tuple(new.categories or ())
                    )
                )
        return tuple(out)


class DepartmentConfig(_Strict):
    """街道/职能部门 reached by 吹哨: a signed POST of the case to `url`."""

    key: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")
    name: str = Field(min_length=1)
    url: str = Field(pattern=r"^https?://\S+$")
    secret: str = Field(min_length=16)  # HMAC-SHA256 key for the signature header
    callback_token: str = Field(min_length=16)  # what the department sends back to /api/department
    categories: list[str] = Field(min_length=1)  # case categories, or "*" for any


class WebhookConfig(_Strict):
    timeout_seconds: float = Field(default=5.0, gt=0, le=60)
    max_attempts: int = Field(default=6, ge=1, le=50)
    backoff_seconds: int = Field(default=60, ge=1, le=3600)


class VenueConfig(_Strict):
    """A 党群阵地 (党群服务站, 邻里中心 …) where activities take place."""

    key: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")
    name: str = Field(min_length=1, max_length=100)
    address: str = ""
    hours: str = ""  # opening hours, as written on the door
    estate: str | None = None


class ActivitiesConfig(_Strict):
    """党群阵地@你: when the monthly preview and the reminders go out."""

    preview_day: int = Field(default=25, ge=1, le=28)  # day of the month before
    preview_time: str = Field(default="09:00", pattern=_CLOCK)
    reminder_time: str = Field(default="18:00", pattern=_CLOCK)  # the day before


class HouseholdConfig(_Strict):
    """A unit (户) of the demo roster: the real roster comes from the console's import."""

    estate: str
    building: Number
    room: str = Field(min_length=1, max_length=32)  # 1单元101
    area: Decimal = Field(gt=0, lt=100000, max_digits=9, decimal_places=2)  # 专有部分面积 m²
    owners: list[str] = Field(default_factory=list)  # 产权人: names (or WeChat ids)
    residents: list[str] = Field(default_factory=list)  # others living there


class VotesConfig(_Strict):
    """投票表决: how long the 公示 (and 异议) period after closing lasts."""

    objection_days: int = Field(default=7, ge=0, le=60)


class SendingConfig(_Strict):
    """Per-account pacing of everything the bot sends to WeChat (off on the simulator)."""

    per_minute: int = Field(default=40, ge=0, le=600)  # 0: no limit
    per_day: int = Field(default=0, ge=0, le=100_000)  # the accounts page's daily figure; 0: none
    conversation_gap_seconds: float = Field(default=1.0, ge=0, le=60)
    switch_pause_seconds: tuple[float, float] = (3.0, 5.0)
    jitter_seconds: float = Field(default=0.5, ge=0, le=30)
    # A message whose send was cut off (connection lost, call timed out) may have gone out:
    # wait this long after reconnecting for the puppet's echo of it before resending it
    # (0: resend at once). The echo must be stamped within echo_window_seconds of the send.
    echo_grace_seconds: float = Field(default=30.0, ge=0, le=600)
    echo_window_seconds: float = Field(default=120.0, ge=1, le=3600)
    # A group whose account has been logged out, offline or silent this long passes to
    # another online account in the group (audited, staff told); a shorter blip moves
    # nothing, and the group stays with its new account when the old one returns. 0: off.
    failover_minutes: float = Field(default=10.0, ge=0, le=7 * 24 * 60)

    @model_validator(mode="after")
    def _pause_range(self) -> SendingConfig:
        low, high = self.switch_pause_seconds
        if not 0 <= low <= high <= 120:
            raise ValueError("switch_pause_seconds: 应写成 [最短, 最长]，例如 [3, 5]")
        return self


# ---- issue 6: 微心愿 and 积分 (all optional; the packaged rules apply by default) --------

AwarderName = Literal["system", "staff", "secretary", "leader"]


class PointsRuleConfig(_Strict):
    """Overrides fields of a packaged rule, or (with kind and points) adds a new one."""

    kind: Literal["positive", "negative"] | None = None
    points: int | None = Field(default=None, ge=-1000, le=1000)
    unit: str | None = Field(default=None, min_length=1, max_length=8)
    monthly_cap: int | None = Field(default=None, ge=1, le=100_000)
    max_units: int | None = Field(default=None, ge=1, le=100)
    awarders: list[AwarderName] | None = Field(default=None, min_length=1)
    case_categories: list[str] | None = None
    urgent_cases: bool | None = None
    description: str | None = None
    enabled: bool = True  # false: the packaged rule is not used in this community


class StarWeightsConfig(_Strict):
    """Points of a party member's monthly score (一月一算分)."""

    case_closed: int = Field(default=5, ge=-100, le=100)
    sla_kept: int = Field(default=3, ge=-100, le=100)
    satisfied: int = Field(default=2, ge=-100, le=100)
    basic: int = Field(default=1, ge=-100, le=100)
    unsatisfied: int = Field(default=-3, ge=-100, le=100)
    wish_fulfilled: int = Field(default=5, ge=-100, le=100)
    activity: int = Field(default=2, ge=-100, le=100)
    award_point: int = Field(default=1, ge=0, le=10)  # per point a 书记/staff 加分 gave him


class StarLevelConfig(_Strict):
    stars: int = Field(ge=1, le=5)
    min_score: int = Field(ge=1)  # quarterly total


def _default_levels() -> list[StarLevelConfig]:
    pairs = ((5, 60), (4, 45), (3, 30), (2, 15), (1, 1))
    return [StarLevelConfig(stars=s, min_score=m) for s, m in pairs]


class StarsConfig(_Strict):
    """一季一评星: quarterly totals of the monthly scores give the star level."""

    weights: StarWeightsConfig = StarWeightsConfig()
    levels: list[StarLevelConfig] = Field(default_factory=_default_levels, min_length=1)


class PointsConfig(_Strict):
    base_points: int | None = Field(default=None, ge=0, le=1000)
    rules: dict[str, PointsRuleConfig] = Field(default_factory=dict)
    public_name: Literal["real", "nickname", "masked"] = "masked"  # until a resident chooses
    publicity_day: int = Field(default=1, ge=1, le=28)  # 一月一示: day of the month
    publicity_time: str = Field(default="09:00", pattern=_CLOCK)
    publicity_top: int = Field(default=10, ge=1, le=50)
    stars: StarsConfig = StarsConfig()


class WishesConfig(_Strict):
    reoffer_days: int = Field(default=3, ge=1, le=60)  # unclaimed: offered again
    report_days: int = Field(default=7, ge=2, le=90)  # unclaimed: the 支部书记 is told
    # Wishes one person may have waiting (not yet fulfilled or withdrawn): past it a new one
    # is refused, so nobody can bury the party members' lists (hardening 2).
    max_waiting: int = Field(default=10, ge=1, le=100)

    @model_validator(mode="after")
    def _order(self) -> WishesConfig:
        if self.report_days <= self.reoffer_days:
            raise ValueError("report_days: 应晚于 reoffer_days")
        return self


class ReviewConfig(_Strict):
    """待确认: when the 楼栋党小组长 get the day's digest of messages the bot was unsure of."""

    digest_time: str = Field(default="18:00", pattern=_CLOCK)


class EvidenceConfig(_Strict):
    """Photos, voice notes and videos kept as evidence on cases."""

    # A file this close (before or after) to the sender's report belongs to that case.
    window_minutes: int = Field(default=5, ge=1, le=120)
    max_mb: int = Field(default=20, ge=1, le=200)  # bigger files are answered, not stored


class RetentionConfig(_Strict):
    """How long personal data is kept (个人信息保护法: no longer than the purpose needs)."""

    message_days: int = Field(default=180, ge=30, le=3650)  # group talk that became nothing
    case_years: int = Field(default=3, ge=1, le=30)  # closed cases keep no reporter after
    audit_years: int = Field(default=3, ge=1, le=30)  # console audit entries
    run_time: str = Field(default="03:30", pattern=_CLOCK)  # the daily purge, local time
    batch: int = Field(default=500, ge=10, le=10000)  # rows per transaction


class ApiTokenConfig(_Strict):
    """A machine client of the console's JSON API (/api/v1), with the rights of a console role."""

    name: str = Field(min_length=1, max_length=64)
    token: str = Field(min_length=24, max_length=200)
    role: Literal["staff", "secretary", "admin"] = "staff"
    estate: str | None = None  # a secretary token is limited to one 小区


class ConsoleConfig(_Strict):
    session_hours: float = Field(default=8, gt=0, le=24 * 7)  # from login
    idle_minutes: float = Field(default=120, gt=0, le=24 * 60)  # without a request
    api_tokens: list[ApiTokenConfig] = Field(default_factory=list)


class CommunityConfig(_Strict):
    community: CommunityInfo
    bot: BotInfo = BotInfo()
    sla: SlaConfig = SlaConfig()
    departments: list[DepartmentConfig] = Field(default_factory=list)
    webhooks: WebhookConfig = WebhookConfig()
    estates: list[EstateConfig] = Field(min_length=1)
    groups: list[GroupConfig] = Field(default_factory=list)
    members: list[MemberConfig] = Field(default_factory=list)
    staff: list[StaffConfig] = Field(default_factory=list)
    venues: list[VenueConfig] = Field(default_factory=list)
    activities: ActivitiesConfig = ActivitiesConfig()
    households: list[HouseholdConfig] = Field(default_factory=list)
    votes: VotesConfig = VotesConfig()
    sending: SendingConfig = SendingConfig()
    points: PointsConfig = PointsConfig()
    wishes: WishesConfig = WishesConfig()
    safety: SafetyConfig = SafetyConfig()
    helpdesk: HelpdeskConfig = HelpdeskConfig()  # 帮办代办 (issue 14)
    console: ConsoleConfig = ConsoleConfig()
    review: ReviewConfig = ReviewConfig()
    evidence: EvidenceConfig = EvidenceConfig()
    retention: RetentionConfig = RetentionConfig()
    intents: dict[str, Any] = Field(
        default_factory=dict
    )  # extra lexicon, same shape as intents' data; `model` = path of the community's weights

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
        known = {*CATEGORY_LABELS, "*"}
        claimed: set[str] = set()
        for i, d in enumerate(self.departments):
            for category in d.categories:
                if category not in known:
                    problems.append(f"departments[{i}].categories: 没有 {category!r} 这个类别")
                elif category in claimed:
                    problems.append(f"departments[{i}].categories: {category!r} 已分给别的部门")
                claimed.add(category)
        _duplicates(problems, "departments", [d.key for d in self.departments], "key")
        for i, t in enumerate(self.console.api_tokens):
            check(f"console.api_tokens[{i}]", t.estate, None)
            if t.role == "secretary" and not t.estate:
                problems.append(f"console.api_tokens[{i}].estate: 支部书记令牌需要写明所在小区")
        _duplicates(
            problems, "console.api_tokens", [t.name for t in self.console.api_tokens], "name"
        )
        _same_tokens(problems, self)
        for i, v in enumerate(self.venues):
            check(f"venues[{i}]", v.estate, None)
        for i, h in enumerate(self.households):
            check(f"households[{i}]", h.estate, h.building)
        _duplicates(
            problems,
            "households",
            [f"{h.estate}/{h.building}/{h.room}" for h in self.households],
            "room",
        )
        _duplicates(problems, "venues", [v.key for v in self.venues], "key")
        for i, p in enumerate(self.helpdesk.points):
            check(f"helpdesk.points[{i}]", p.estate, None)
        for i, r in enumerate(self.helpdesk.residents):
            check(f"helpdesk.residents[{i}]", r.estate, r.building)
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


def _same_tokens(problems: list[str], config: CommunityConfig) -> None:
    """Every token must be unique: a shared one would act with whichever rights match first.
    The message names the fields, never the secret itself."""
    owners: dict[str, str] = {}
    tokens = [
        (f"console.api_tokens[{i}].token", t.token) for i, t in enumerate(config.console.api_tokens)
    ]
    tokens += [
        (f"departments[{i}].callback_token", d.callback_token)
        for i, d in enumerate(config.departments)
    ]
    for where, token in tokens:
        if token in owners:
            problems.append(f"{where}: 与 {owners[token]} 相同，每个令牌都必须不同")
        else:
            owners[token] = where


class ConfigError(Exception):
    """The configuration cannot be used; the message names the file and the field."""


def load_config(path: Path) -> CommunityConfig:
    try:
        # utf-8-sig: Windows Notepad may start the file with a byte-order mark.
        raw = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"{path}: 不是 UTF-8 编码的文本（第 {exc.start + 1} 个字节起无法读取）。"
            "请在编辑器里选择「UTF-8」编码另存后再试。"
        ) from None
    except FileNotFoundError:
        raise ConfigError(f"找不到配置文件 {path}（可用 `linli init {path}` 生成示例）") from None
    except OSError as exc:  # a folder, no permission: the operator's to fix, not a trace
        raise ConfigError(f"无法读取配置文件 {path}：{exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: TOML 格式错误：{exc}") from None
    except RecursionError:  # arrays or tables nested thousands deep
        raise ConfigError(f"{path}: TOML 格式错误：嵌套层数太多") from None
    try:
        config = CommunityConfig.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError(f"{path}: 配置有误\n" + format_errors(exc)) from None
    _resolve_intents_model(config, path)
    return config


def _resolve_intents_model(config: CommunityConfig, path: Path) -> None:
    """`[intents] model = "weights.json"`: the community's own model, relative to the config."""
    model = config.intents.get("model")
    if model is None:
        return
    if not isinstance(model, str) or not model.strip():
        raise ConfigError(
            f"{path}: [intents] model 应是模型权重文件的路径（linli intents train 生成）"
        )
    where = Path(model).expanduser()
    config.intents["model"] = str(where if where.is_absolute() else path.parent / where)


def format_errors(exc: ValidationError) -> str:
    lines = []
    for error in exc.errors():
        where = "".join(
            f"[{part}]" if isinstance(part, int) else f".{part}" for part in error["loc"]
        ).lstrip(".")
        message = error["msg"].removeprefix("Value error, ")
        lines.append(f"  {where or '(文件)'}: {message}")
    return "\n".join(lines)
