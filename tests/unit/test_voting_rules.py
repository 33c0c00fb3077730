"""The arithmetic of 投票表决 at its boundaries: exactly 2/3, exactly half, exactly 3/4."""

from decimal import Decimal
from fractions import Fraction

import pytest

from bot.domain.deliberation.voting import (
    Elector,
    Rule,
    count_votes,
    percent,
    publicity_text,
)


def electorate(n: int, area: str = "100") -> list[Elector]:
    return [Elector(f"h{i}", Decimal(area)) for i in range(n)]


def ballots(yes: int, no: int = 0, start: int = 0) -> dict[str, str]:
    votes = {f"h{start + i}": "同意" for i in range(yes)}
    votes.update({f"h{start + yes + i}": "反对" for i in range(no)})
    return votes


def test_exactly_two_thirds_participation_meets_the_quorum() -> None:
    verdict = count_votes(electorate(9), ballots(4, 2), agree_option="同意", rule=Rule.ART278)
    assert verdict.participants.count_share == Fraction(2, 3)
    assert verdict.participants.area_share == Fraction(2, 3)
    assert verdict.quorum_met and verdict.adopted


def test_one_short_of_two_thirds_fails_the_quorum_whatever_the_votes() -> None:
    verdict = count_votes(electorate(9), ballots(5, 0), agree_option="同意", rule=Rule.ART278)
    assert verdict.participants.count_share == Fraction(5, 9)
    assert not verdict.quorum_met and not verdict.adopted
    assert "三分之二" in verdict.reason and "未通过" in verdict.reason


def test_exactly_half_is_not_more_than_half() -> None:
    verdict = count_votes(electorate(6), ballots(3, 3), agree_option="同意", rule=Rule.ART278)
    assert verdict.quorum_met
    assert verdict.agree.count_share == Fraction(1, 2)
    assert not verdict.adopted


def test_special_matters_pass_at_exactly_three_quarters_and_fail_just_below() -> None:
    at = count_votes(electorate(8), ballots(6, 2), agree_option="同意", rule=Rule.ART278_SPECIAL)
    assert at.agree.count_share == Fraction(3, 4) and at.adopted
    below = count_votes(
        electorate(12), ballots(8, 3), agree_option="同意", rule=Rule.ART278_SPECIAL
    )
    assert below.quorum_met and below.agree.count_share == Fraction(8, 11)
    assert not below.adopted


def test_area_and_headcount_must_both_pass() -> None:
    # Two big flats agree, three small ones refuse: most area, but not most owners.
    people = [Elector("big1", Decimal("200")), Elector("big2", Decimal("200"))] + [
        Elector(f"s{i}", Decimal("50")) for i in range(3)
    ]
    votes = {"big1": "同意", "big2": "同意", "s0": "反对", "s1": "反对", "s2": "反对"}
    verdict = count_votes(people, votes, agree_option="同意", rule=Rule.ART278)
    assert verdict.agree.area_share == Fraction(400, 550)
    assert verdict.agree.count_share == Fraction(2, 5)
    assert verdict.quorum_met and not verdict.adopted


def test_simple_majority_with_a_minimum_turnout() -> None:
    low = count_votes(
        electorate(10),
        ballots(2, 0),
        agree_option="同意",
        rule=Rule.SIMPLE,
        min_turnout=Fraction(3, 10),
    )
    assert not low.quorum_met and not low.adopted and "最低参与率30.00%" in low.reason
    enough = count_votes(
        electorate(10),
        ballots(2, 1),
        agree_option="同意",
        rule=Rule.SIMPLE,
        min_turnout=Fraction(3, 10),
    )
    assert enough.quorum_met and enough.adopted


def test_ballots_from_outside_the_electorate_count_nothing() -> None:
    votes = {"h0": "同意", "stranger": "同意"}
    verdict = count_votes(electorate(3), votes, agree_option="同意", rule=Rule.SIMPLE)
    assert verdict.participants.count == 1


def test_no_ballots_is_not_adopted_and_does_not_divide_by_zero() -> None:
    verdict = count_votes(electorate(3), {}, agree_option="同意", rule=Rule.SIMPLE)
    assert not verdict.adopted and verdict.agree.count_share == 0
    assert verdict.reason == "无人参与表决，表决未通过。"  # not "0.00% below a 0.00% minimum"
    empty = count_votes([], {}, agree_option="同意", rule=Rule.ART278)
    assert not empty.quorum_met


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Fraction(2, 3), "66.67%"),
        (Fraction(1, 2), "50.00%"),
        (Fraction(1), "100.00%"),
        (Fraction(1, 8), "12.50%"),
        (Fraction(0), "0.00%"),
    ],
)
def test_percent_rounds_half_up_to_two_decimals(value: Fraction, text: str) -> None:
    assert percent(value) == text


def test_publicity_text_has_the_shares_and_the_objection_period() -> None:
    verdict = count_votes(electorate(9), ballots(4, 2), agree_option="同意", rule=Rule.ART278)
    text = publicity_text("加装电梯", verdict, preliminary=True, objection_days=7)
    assert "投票涉及总人数9人，总面积900.00平方米" in text
    assert "参与表决6人，占总人数66.67%" in text
    assert "同意4人，占参与人数66.67%" in text
    assert "公示期7天" in text and "表决通过" in text
