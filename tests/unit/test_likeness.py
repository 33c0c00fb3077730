"""Two reports from one building join only when they name the same problem."""

from __future__ import annotations

import pytest

from bot.domain.likeness import problem_bigrams, same_problem


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("3号楼电梯坏了", "3号楼的电梯又停了，上不去"),
        ("3号楼楼道灯不亮", "3号楼楼道的灯坏了好几天了"),
        ("5栋门口井盖没了", "5栋门口的井盖丢了，很危险"),
        ("3号楼没水了", "三号楼停水了吗"),
        ("2单元门禁坏了", "3号楼2单元门禁刷不开"),
        ("3号楼楼道灯不亮，晚上黑乎乎的", "3号楼楼道的灯坏了好几天了"),
        ("7号楼单元门关不上了", "7号楼的单元门坏了，一直敞着"),
        ("3号楼又坏了", "3号楼路灯不亮"),  # nothing named on one side: place and category decide
    ],
)
def test_the_same_thing_in_other_words_is_one_problem(first: str, second: str) -> None:
    assert same_problem(first, second)
    assert same_problem(second, first)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("3号楼门禁坏了", "3号楼楼道灯不亮"),
        ("5栋门口井盖没了", "5栋门口路灯不亮"),
        ("3号楼停水了", "3号楼停电了"),
        ("3号楼健身器材坏了", "3号楼楼道声控灯坏了"),
        ("4号楼垃圾桶满了没人清", "4号楼楼道里有人堆杂物"),
        ("3号楼门禁坏了，刷卡没反应", "3号楼楼道灯不亮，晚上黑乎乎的"),
        ("5栋楼道灯不亮", "5栋楼道堆满了杂物"),
        ("6号楼门口的路灯坏了", "6号楼门口的井盖没了"),
    ],
)
def test_two_things_in_one_building_are_two_problems(first: str, second: str) -> None:
    assert not same_problem(first, second)
    assert not same_problem(second, first)


def test_places_and_fault_words_are_not_what_is_compared() -> None:
    assert problem_bigrams("3号楼2单元502室门禁坏了！！") == {"门禁", "禁_"}
    assert problem_bigrams("坏了不亮又停了") == set()
    assert (
        problem_bigrams("楼道的灯坏了") == problem_bigrams("楼道灯不亮") == {"楼道", "道灯", "灯_"}
    )


def test_one_thing_named_in_full_is_one_problem_however_long_the_complaints() -> None:
    assert same_problem("2栋门口垃圾三天没人收了 臭得不行", "锦绣2栋那边垃圾堆成山了 物业干嘛呢")


def test_the_same_person_to_blame_is_not_the_same_problem() -> None:
    assert not same_problem("物业也不管管楼道灯", "物业乱收停车费")


def test_the_ground_of_a_car_park_is_no_particle() -> None:
    # 地 of 地库 is a thing; 地 after a word ("慢慢地") is a particle (convo3 D51).
    assert same_problem("小区地库里有辆电动车着火了 火苗窜得老高", "地库着火了 大家别下地库")
    assert not same_problem("有人晕倒了 就在小区南门口", "地库着火了 大家别下地库")
