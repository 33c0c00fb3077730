"""The [helpdesk] section of the community config: 帮办代办点, the 清单 of services, the team.

Kept apart from bot/config.py so the feature's schema lives in one place; config.py only
hangs it on CommunityConfig and checks that the 小区 it names exist.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

# The same words as bot.domain.helpdesk.CARE_FLAGS (a unit test holds them together).
CareFlag = Literal["高龄", "独居", "残疾", "行动不便", "儿童"]


def _as_text(value: Any) -> Any:
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class HelpPointConfig(_Strict):
    """A 帮办代办点: where requests are handled and whom to phone."""

    key: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")
    name: str = Field(min_length=1, max_length=100)
    estate: str | None = None  # None: serves the whole 社区
    address: str = ""
    hours: str = ""  # opening hours, as written on the door
    phone: str = Field(default="", max_length=40)


class HelpServiceConfig(_Strict):
    """One line of the 帮办代办清单."""

    key: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")
    name: str = Field(min_length=1, max_length=40)
    synonyms: list[str] = Field(default_factory=list)  # other ways residents say it
    who: list[CareFlag] = Field(default_factory=list)  # empty: everyone may ask
    point: str  # the 帮办代办点 key
    respond_hours: float = Field(default=2, gt=0, le=7 * 24)  # unclaimed this long: ladder
    turnaround_hours: float | None = Field(default=None, gt=0, le=30 * 24)
    turnaround_days: int | None = Field(default=None, ge=1, le=30)  # working days
    points: int = Field(default=3, ge=0, le=100)  # for the volunteer, once done
    hours: float = Field(default=1, gt=0, le=24)  # usual volunteer time, if not reported
    description: str = ""

    @model_validator(mode="after")
    def _one_turnaround(self) -> HelpServiceConfig:
        if self.turnaround_hours is not None and self.turnaround_days is not None:
            raise ValueError("turnaround_hours 和 turnaround_days 只能写一个")
        return self


class HelpResidentConfig(_Strict):
    """A resident's 关爱 flags set in the config (the roster's 关爱类别 column does the same)."""

    wechat_id: str = Field(min_length=1)
    name: str = Field(min_length=1, max_length=40)
    flags: list[CareFlag] = Field(min_length=1)
    estate: str | None = None
    building: Annotated[str, BeforeValidator(_as_text)] | None = None


class HelpdeskConfig(_Strict):
    enabled: bool = True
    points_rule: str = "邻里互助"  # the ledger rule the volunteer's points are booked under
    team: list[str] = Field(default_factory=list)  # 微信号 of 帮办代办队 members (or the roster)
    points: list[HelpPointConfig] = Field(default_factory=list)
    services: list[HelpServiceConfig] = Field(default_factory=list)
    residents: list[HelpResidentConfig] = Field(default_factory=list)

    @model_validator(mode="after")
    def _references(self) -> HelpdeskConfig:
        problems: list[str] = []
        points = {p.key for p in self.points}
        if len(points) != len(self.points):
            problems.append("helpdesk.points: 帮办代办点 key 重复")
        keys: set[str] = set()
        words: dict[str, str] = {}
        for i, s in enumerate(self.services):
            where = f"helpdesk.services[{i}]"
            if s.point not in points:
                problems.append(f"{where}.point: 没有 key 为 {s.point!r} 的帮办代办点")
            if s.key in keys:
                problems.append(f"{where}.key: {s.key!r} 重复")
            keys.add(s.key)
            for word in (s.name, *s.synonyms):
                word = word.strip()
                if len(word) < 2:
                    problems.append(f"{where}.synonyms: {word!r} 太短（至少两个字）")
                elif words.get(word, s.key) != s.key:
                    problems.append(
                        f"{where}.synonyms: {word!r} 已是服务 {words[word]!r} 的叫法，不能重复"
                    )
                words.setdefault(word, s.key)
        if problems:
            raise ValueError("; ".join(problems))
        return self
