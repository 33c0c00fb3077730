"""Rules from a blind tester's conversations (issue 11), as pure functions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from bot.domain.cases import Case
from bot.domain.escalation import Rung, escalation_text, notice_text
from bot.domain.helpdesk import split_details
from bot.domain.privacy import Audience, mask_for, mask_rooms
from bot.domain.problems import clauses, problems
from bot.domain.sla import Step


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("三号楼二单元五零二天天往楼下扔烟头", "三号楼二单元***天天往楼下扔烟头"),
        ("3号楼2单元五〇二", "3号楼2单元***"),
        ("二单元幺零二的", "二单元***的"),
        ("3号楼二单元一二零一门口", "3号楼二单元***门口"),
        ("三号楼五零二", "三号楼***"),
        ("3栋五零二室", "3栋***室"),
        ("3号楼2单元502", "3号楼2单元***"),  # digits, as before
    ],
)
def test_rooms_in_chinese_numerals_are_masked_like_digits(text: str, masked: str) -> None:
    assert mask_rooms(text) == masked


@pytest.mark.parametrize(
    "text",
    ["三号楼一二层漏水", "2单元三十户停水", "3号楼五零二号", "3号楼2单元502层", "三号楼二单元门口"],
)
def test_floors_counts_and_buildings_stay(text: str) -> None:
    assert mask_rooms(text) == text


def test_party_and_private_audiences_keep_the_door() -> None:
    text = "三号楼二单元五零二 电话13912345678"
    assert mask_for(Audience.PARTY, text) == "三号楼二单元五零二 电话139****5678"
    assert mask_for(Audience.PRIVATE, text) == text
    assert mask_for(Audience.RESIDENTS, text) == "三号楼二单元*** 电话139****5678"


@dataclass(frozen=True)
class _Place:
    building: str | None = None


@dataclass(frozen=True)
class _Verdict:
    kind: str
    category: str | None
    location: _Place = _Place()


def _engine(table: dict[str, tuple[str | None, str | None]]) -> Callable[[str], _Verdict]:
    """A stand-in engine: each clause's category (and building) as the table says."""

    def classify(text: str) -> _Verdict:
        category, building = table.get(text, (None, None))
        return _Verdict("issue" if category else "chat", category, _Place(building))

    return classify


def test_only_a_joiner_makes_a_list() -> None:
    assert clauses("1号楼后面那个路灯不亮了 晚上黑得很") is None
    assert clauses("路灯不亮了，还有垃圾桶满了") == ["路灯不亮了", "垃圾桶满了"]
    listing = clauses("电梯坏了 另外 楼道灯也不亮 大门关不上")
    assert listing == ["电梯坏了", "楼道灯也不亮 大门关不上"]
    for joiner in ("以及", "再就是", "还有就是", "此外"):
        assert clauses(f"路灯坏了{joiner}电梯停了") == ["路灯坏了", "电梯停了"]


def test_problems_by_category_and_building() -> None:
    engine = _engine(
        {
            "3号楼路灯坏了": ("facilities", "3"),
            "垃圾桶满了": ("sanitation", None),
            "楼道灯也不亮": ("facilities", None),
            "4号楼停电了": ("utilities", "4"),
            "3号楼停水了": ("utilities", "3"),
        }
    )
    found = problems("3号楼路灯坏了，还有垃圾桶满了，另外楼道灯也不亮", engine)
    assert found is not None
    assert [(p.category, p.building, p.clauses) for p in found] == [
        ("facilities", "3", ["3号楼路灯坏了", "楼道灯也不亮"]),
        ("sanitation", "3", ["垃圾桶满了"]),  # the building named before it
    ]
    two = problems("3号楼停水了 另外 4号楼停电了", engine)
    assert two is not None and [p.building for p in two] == ["3", "4"]


def test_one_problem_or_none_is_no_list() -> None:
    engine = _engine({"电梯坏了": ("elevator", None), "人被困在里面": ("elevator", None)})
    assert problems("电梯坏了还有人被困在里面", engine) is None  # 还有 = still
    assert problems("怎么还有垃圾", engine) is None
    assert problems("电梯坏了", engine) is None


def test_words_that_name_no_problem_stay_with_the_one_before() -> None:
    engine = _engine({"路灯不亮了": ("facilities", None), "垃圾桶满了": ("sanitation", None)})
    found = problems("麻烦一下 还有 路灯不亮了 另外 垃圾桶满了 还有 好几天了", engine)
    assert found is not None
    assert [p.clauses for p in found] == [["麻烦一下", "路灯不亮了"], ["垃圾桶满了", "好几天了"]]


# ---- convofix3 #3: what a problem did is that problem, not a second one ---------------------

_LEAK = {
    "楼上漏水了": ("utilities", None),
    "我家天花板都湿了": ("facilities", None),
    "把我家天花板都泡了": ("facilities", None),
    "墙皮都掉了": ("facilities", None),
    "下水道堵了": ("utilities", None),
    "一股臭味": ("sanitation", None),
    "垃圾桶满了发臭": ("sanitation", None),
    "停电了": ("utilities", None),
    "电梯也停了": ("elevator", None),
    "楼道灯也不亮": ("facilities", None),
    "电梯坏了": ("elevator", None),
    "4号楼天花板湿了": ("facilities", "4"),
    "导致电梯也不能用了": ("elevator", None),
    "电梯也坏了": ("elevator", None),
}


@pytest.mark.parametrize(
    "text",
    [
        "楼上漏水了，还有我家天花板都湿了",
        "楼上漏水了 另外 把我家天花板都泡了",
        "楼上漏水了，还有我家天花板都湿了，另外墙皮都掉了",
        "下水道堵了，还有一股臭味",
        "停电了，还有电梯也停了",
        "停电了 以及 楼道灯也不亮",
        "楼上漏水了，还有导致电梯也不能用了",
    ],
)
def test_an_effect_of_the_problem_before_is_that_problem(text: str) -> None:
    assert problems(text, _engine(_LEAK)) is None  # one problem: no list, one case


@pytest.mark.parametrize(
    ("text", "categories"),
    [
        ("楼上漏水了，还有电梯坏了", ["utilities", "elevator"]),  # no effect of a leak
        ("下水道堵了，还有垃圾桶满了发臭", ["utilities", "sanitation"]),  # the bin's smell
        ("楼上漏水了，还有4号楼天花板湿了", ["utilities", "facilities"]),  # another building
        ("楼道灯也不亮 另外 电梯也坏了", ["facilities", "elevator"]),
    ],
)
def test_different_problems_still_split(text: str, categories: list[str]) -> None:
    found = problems(text, _engine(_LEAK))
    assert found is not None and [p.category for p in found] == categories


_SPARKS = {
    "配电箱在冒火花": ("utilities", None),
    "配电箱在冒火花，还有一股烧焦的味道": ("utilities", None),
    "一股烧焦的味道": ("fire_safety", None),
    "楼道灯也不亮": ("facilities", None),
}


def test_the_smell_of_sparks_is_the_sparks_and_a_measure_word_is_no_list() -> None:
    # convo3 D24: one hazard became two urgent cases, one of them "股烧焦的味道".
    assert problems("2栋配电箱在冒火花 噼里啪啦的 还有股烧焦的味道", _engine(_SPARKS)) is None
    assert problems("配电箱在冒火花，另外一股烧焦的味道", _engine(_SPARKS)) is None
    found = problems("配电箱在冒火花，还有一股烧焦的味道，另外楼道灯也不亮", _engine(_SPARKS))
    assert found is not None and [p.category for p in found] == ["utilities", "facilities"]


def _case(assignee: int | None = None) -> Case:
    return Case(
        id=1,
        estate_id=1,
        category="elevator",
        summary="电梯坏了",
        building="3",
        reporter_id=1,
        assignee_id=assignee,
        opened_at=datetime(2026, 11, 23, 9, 0, tzinfo=UTC),
        updated_at=datetime(2026, 11, 23, 9, 0, tzinfo=UTC),
    )


def test_the_ask_fits_the_rung() -> None:
    for rung in (Rung.LEADER, Rung.SECRETARY):
        assert "请尽快认领：发送「认领 E0001」" in escalation_text(_case(), Step.RESPOND, rung, [])
    for rung in (Rung.STAFF, Rung.DEPARTMENT):
        text = escalation_text(_case(), Step.COORDINATE, rung, ["王敏"])
        assert "认领" not in text and "派单 E0001 @党员名字" in text
    held = escalation_text(_case(assignee=7), Step.REPLY, Rung.STAFF, ["王敏"])
    assert "督促承办人" in held


def test_steps_slipping_together_are_named_in_one_message() -> None:
    text = escalation_text(_case(), [Step.COORDINATE, Step.SOLUTION], Rung.DEPARTMENT, [])
    assert text.count("【督办】") == 1
    assert "还没有协调解决，还没有给出解决方案（协调解决、给出解决方案时限已过）" in text


def test_a_returned_case_is_no_new_case() -> None:
    assert notice_text(_case()).startswith("本楼栋有新诉求 E0001")
    assert notice_text(_case(), returned=True).startswith("本楼栋有诉求被退回，待重新认领 E0001")
    assert notice_text(_case(), returned=True, to_group=True).startswith("有诉求被退回")


@pytest.mark.parametrize(
    ("said", "address", "when"),
    [
        ("我住3号楼1单元101 明天上午都在家", "3号楼1单元101", "明天上午都在家"),
        (
            "地址是2号楼1单元301，晚上7点以后在家，电话13812345678",
            "2号楼1单元301 电话13812345678",
            "晚上7点以后在家",
        ),
        ("3号楼2单元502 周六9点前后", "3号楼2单元502", "周六9点前后"),
        ("家住5号楼3单元201 下午3点之前", "5号楼3单元201", "下午3点之前"),
        ("3号楼502 明天上午", "3号楼502", "明天上午"),  # as before
        ("1号楼1单元102 上午下午都行", "1号楼1单元102", "上午下午都行"),
    ],
)
def test_a_time_keeps_its_qualifier_and_the_address_loses_filler(
    said: str, address: str, when: str
) -> None:
    assert split_details(said) == (address, when)
