"""投票表决 words and the electorate: codes, choices, the 新投票 form, and who is an elector."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from bot.domain.deliberation.votes import (
    BallotUnit,
    Holding,
    VoteError,
    build_electorate,
    parse_area,
    parse_choice,
    parse_code,
    parse_form,
    parse_options,
    parse_percent,
    parse_rule,
)
from bot.domain.deliberation.voting import Elector, Rule, count_totals, count_votes, publicity_text

OPTIONS = ["同意", "反对", "弃权"]


@pytest.mark.parametrize(
    ("text", "number"),
    [("V0001", 1), ("v1", 1), ("V 12", 12), ("V0001x", None), ("0001", None), ("Y0001", None)],
)
def test_vote_codes(text: str, number: int | None) -> None:
    assert parse_code(text) == number


@pytest.mark.parametrize(
    ("text", "option"),
    [
        ("1", "同意"),
        ("3", "弃权"),
        ("同意", "同意"),
        ("反对。", "反对"),
        ("4", None),
        ("0", None),
        ("赞成", "同意"),  # the usual word for an option the vote has (convo2 C28)
        ("", None),
        # punctuation, "选"/"号" and a remark around the option (issue 11)
        ("：同意", "同意"),
        ("，同意。", "同意"),
        ("同意！支持", "同意"),
        ("选1", "同意"),
        ("1号", "同意"),
        ("１", "同意"),
        ("1 我想了想", "同意"),
        ("反对 我改主意了", "反对"),
        ("同意吗", None),
        ("同意见", None),
        # an option in the voter's words, with 我/投/改成/emoji/reasons around it (convo2 C28)
        ("同意加装 同意", "同意"),
        ("我想改成不同意", "反对"),
        ("我同意👍", "同意"),
        ("我家我投不同意 一楼装了电梯没用还挡光", "反对"),
        ("不赞成，太吵", "反对"),
        ("结果出来了吗", None),
        ("同意加装吗", None),
    ],
)
def test_choices_by_number_or_word(text: str, option: str | None) -> None:
    assert parse_choice(text, OPTIONS) == option


def test_the_form_reads_each_line_and_refuses_what_it_does_not_know() -> None:
    fields = parse_form("标题：加装电梯\n范围: 3号楼\n截止：2026-12-10 20:00\n规则：278特别")
    assert fields == {
        "title": "加装电梯",
        "scope": "3号楼",
        "closes": "2026-12-10 20:00",
        "rule": "278特别",
    }
    with pytest.raises(VoteError, match="不认识的项目"):
        parse_form("颜色：红")
    with pytest.raises(VoteError, match="看不懂"):
        parse_form("随便说一句")
    assert parse_rule("278特别") is Rule.ART278_SPECIAL
    assert parse_rule("民法典第二百七十八条") is Rule.ART278
    assert parse_rule("简单多数") is Rule.SIMPLE
    with pytest.raises(VoteError):
        parse_rule("抓阄")
    assert parse_options("同意、反对") == ["同意", "反对"]
    for bad in ("同意", "同意 同意", "1 2"):
        with pytest.raises(VoteError):
            parse_options(bad)
    assert parse_percent("50%") == 50
    with pytest.raises(VoteError):
        parse_percent("150%")


@pytest.mark.parametrize(
    ("text", "area"), [("89.5", "89.50"), ("89.50㎡", "89.50"), ("120平方米", "120.00")]
)
def test_areas_are_exact_decimals(text: str, area: str) -> None:
    assert parse_area(text) == Decimal(area)


@pytest.mark.parametrize("text", ["大约九十", "0", "-3", "NaN", "1e9"])
def test_bad_areas_are_refused(text: str) -> None:
    with pytest.raises(VoteError):
        parse_area(text)


def test_owners_with_several_units_and_co_owned_units() -> None:
    holdings = [
        Holding(1, "3号楼101", Decimal("89.5"), frozenset({10})),
        Holding(2, "3号楼102", Decimal("95.2"), frozenset({11, 12}), frozenset({13})),
        Holding(3, "3号楼201", Decimal("88"), frozenset({14})),
        Holding(4, "3号楼202", Decimal("66"), frozenset({14})),
        Holding(5, "3号楼301", Decimal("70"), frozenset()),  # no owner known: not an elector
    ]
    seats = {s.elector.key: s for s in build_electorate(holdings, BallotUnit.HOUSEHOLD)}
    assert set(seats) == {"h1", "h2", "o14"}
    assert seats["h2"].voters == {11, 12}  # either co-owner casts the unit's ballot
    assert seats["o14"].elector.area == Decimal("154") and seats["o14"].voters == {14}
    people = build_electorate(holdings, BallotUnit.PERSON)
    assert {s.elector.key for s in people} == {"p10", "p11", "p12", "p13", "p14"}
    assert all(s.elector.area == 0 for s in people)


def test_counting_from_totals_agrees_with_counting_ballots() -> None:
    electors = [Elector(f"h{i}", Decimal(50 + 10 * i)) for i in range(7)]
    ballots = {"h0": "同意", "h1": "同意", "h2": "反对", "h3": "同意", "h5": "弃权"}
    direct = count_votes(electors, ballots, agree_option="同意", rule=Rule.ART278)
    totals: dict[str, tuple[int, Decimal]] = {}
    for key, option in ballots.items():
        area = next(e.area for e in electors if e.key == key)
        count, sum_area = totals.get(option, (0, Decimal(0)))
        totals[option] = (count + 1, sum_area + area)
    kept = count_totals(electors, list(ballots), totals, agree_option="同意", rule=Rule.ART278)
    assert kept == direct
    assert kept.participants.count_share == Fraction(5, 7)


def test_a_per_person_notice_leaves_out_areas() -> None:
    people = [Elector(f"p{i}") for i in range(4)]
    verdict = count_votes(
        people, {"p0": "同意", "p1": "同意"}, agree_option="同意", rule=Rule.SIMPLE
    )
    text = publicity_text("换门禁", verdict, preliminary=False, objection_days=0)
    assert "平方米" not in text and "参与表决2人，占总人数50.00%" in text
