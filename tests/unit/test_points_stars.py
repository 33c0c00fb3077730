"""党员星级: monthly score from the counts, quarterly star levels from config."""

from __future__ import annotations

from bot.domain.stars import (
    MemberMonth,
    StarLevel,
    StarPolicy,
    StarWeights,
    parse_quarter,
    quarter_months,
    quarter_of,
    stars_text,
)


def test_monthly_score_and_breakdown() -> None:
    month = MemberMonth(
        1, "2026-11", cases_closed=3, sla_kept=2, satisfied=2, unsatisfied=1, wishes=1, activities=2
    )
    weights = StarWeights()
    assert month.score(weights) == 3 * 5 + 2 * 3 + 2 * 2 - 3 + 5 + 2 * 2
    assert "办结诉求 3 × +5 = +15" in month.breakdown(weights)


def test_quarter_levels_follow_config() -> None:
    policy = StarPolicy()
    assert [policy.level(n) for n in (0, 1, 15, 44, 45, 60, 200)] == [0, 1, 2, 3, 4, 5, 5]
    strict = StarPolicy(levels=(StarLevel(5, 100), StarLevel(3, 50)))
    assert strict.level(60) == 3 and strict.level(99) == 3 and strict.level(10) == 0
    assert stars_text(3) == "★★★☆☆" and stars_text(0) == "暂未评星"


def test_quarters() -> None:
    assert parse_quarter("2026Q4") == (2026, 4)
    assert quarter_months(2026, 4) == ["2026-10", "2026-11", "2026-12"]
    assert quarter_of("2026-11") == (2026, 4)
