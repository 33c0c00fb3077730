"""The points policy: the packaged rules file, with the community config's overrides on top."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import time, timedelta
from importlib import resources
from typing import Any

from bot.config import CommunityConfig, PointsConfig, WishesConfig
from bot.domain.points import RuleBook, RulesError
from bot.domain.publicity import NameChoice
from bot.domain.stars import StarLevel, StarPolicy, StarWeights
from bot.domain.wishes import WishTimings

RULES_FILE = "points_rules.toml"


@dataclass(frozen=True)
class PointsPolicy:
    """Everything the wish and points features read from configuration, built once at start."""

    rules: RuleBook
    stars: StarPolicy = field(default_factory=StarPolicy)
    public_name: NameChoice = NameChoice.MASKED
    publicity_day: int = 1
    publicity_time: time = time(9, 0)
    publicity_top: int = 10
    wishes: WishTimings = field(default_factory=WishTimings)


def packaged_rules() -> dict[str, Any]:
    text = (resources.files("bot") / "data" / RULES_FILE).read_text(encoding="utf-8")
    return tomllib.loads(text)


def build_policy(
    points: PointsConfig | None = None, wishes: WishesConfig | None = None
) -> PointsPolicy:
    """The packaged rules with the config's overrides; raises RulesError naming the field."""
    points = points or PointsConfig()
    wishes = wishes or WishesConfig()
    data = packaged_rules()
    rules: dict[str, dict[str, Any]] = {k: dict(v) for k, v in data.get("rules", {}).items()}
    for name, override in points.rules.items():
        fields = override.model_dump(exclude_none=True, exclude={"enabled"})
        if not override.enabled:
            rules.pop(name, None)
            continue
        if name not in rules and not {"kind", "points"} <= set(fields):
            raise RulesError(f"points.rules.{name}: 新规则需要写明 kind 和 points")
        rules[name] = {**rules.get(name, {}), **fields}
    if points.base_points is not None:
        data["base_points"] = points.base_points
    try:
        book = RuleBook.from_mapping({"base_points": data.get("base_points", 0), "rules": rules})
    except RulesError as exc:
        raise RulesError(f"points.{exc}") from None
    weights = StarWeights(**points.stars.weights.model_dump())
    levels = tuple(StarLevel(lv.stars, lv.min_score) for lv in points.stars.levels)
    hour, minute = (int(p) for p in points.publicity_time.split(":"))
    return PointsPolicy(
        rules=book,
        stars=StarPolicy(weights, levels),
        public_name=NameChoice(points.public_name),
        publicity_day=points.publicity_day,
        publicity_time=time(hour, minute),
        publicity_top=points.publicity_top,
        wishes=WishTimings(
            reoffer_after=timedelta(days=wishes.reoffer_days),
            report_after=timedelta(days=wishes.report_days),
            max_waiting=wishes.max_waiting,
        ),
    )


def policy_from_config(config: CommunityConfig) -> PointsPolicy:
    return build_policy(config.points, config.wishes)


def default_policy() -> PointsPolicy:
    return build_policy()
