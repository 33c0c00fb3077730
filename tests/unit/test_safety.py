"""Urgent acknowledgements tell the resident what to do now, by danger type (issue 12, 16)."""

from __future__ import annotations

import pytest

from bot.config import SafetyConfig
from bot.domain.safety import DEFAULT_DANGERS, called_numbers, safety_advice


@pytest.mark.parametrize(
    ("text", "category", "must"),
    [
        ("3号楼楼道着火了，好大的烟", "fire_safety", ["119", "走楼梯", "不要乘电梯"]),
        (
            "2单元一股煤气味，燃气泄漏了",
            "utilities",
            ["不要开关电灯", "不要点火", "开门窗", "燃气公司"],
        ),
        ("4号楼电梯困人了，快来人", "elevator", ["保持冷静", "警铃", "救援电话"]),
        ("楼下有个老人晕倒了", "other", ["120"]),
        ("配电箱漏电，有人触电了", "utilities", ["断电", "120"]),
        ("小区里孩子走丢了", "other", ["110"]),
    ],
)
def test_each_danger_gets_its_own_advice(text: str, category: str, must: list[str]) -> None:
    [advice] = safety_advice(text, category, DEFAULT_DANGERS)
    for words in must:
        assert words in advice, (words, advice)


def test_the_category_answers_when_no_word_does() -> None:
    [advice] = safety_advice("3号楼电梯里面有人，门打不开", "elevator", DEFAULT_DANGERS)
    assert "警铃" in advice


def test_two_dangers_at_once_are_both_told_and_no_more() -> None:
    advice = safety_advice("着火了，电梯里有人被困，还有人晕倒", "fire_safety", DEFAULT_DANGERS)
    assert len(advice) == 2 and "119" in advice[0] and "警铃" in advice[1]


def test_a_community_changes_advice_and_adds_a_danger() -> None:
    config = SafetyConfig.model_validate(
        {
            "dangers": {
                "gas": {"advice": "不要点火，开窗，离开，打华润燃气 95777。"},
                "dog": {"words": ["恶犬", "狗咬人"], "advice": "请远离狗，受伤请去医院打疫苗。"},
            }
        }
    )
    dangers = config.resolved()
    assert safety_advice("有煤气味", "utilities", dangers) == [
        "不要点火，开窗，离开，打华润燃气 95777。"
    ]
    assert safety_advice("小区有恶犬", "pets", dangers) == ["请远离狗，受伤请去医院打疫苗。"]
    assert SafetyConfig(enabled=False).resolved() == ()


def test_a_new_danger_without_words_is_a_config_error() -> None:
    with pytest.raises(ValueError, match=r"safety\.dangers\.dog"):
        SafetyConfig.model_validate({"dangers": {"dog": {"advice": "远离"}}})


@pytest.mark.parametrize(
    ("text", "called"),
    [
        ("楼下有个老人晕倒了，已经打了120", {"120"}),
        ("老人晕倒了，打120了", {"120"}),
        ("老人摔倒了，刚打120", {"120"}),
        ("老人晕倒了，120已经到了", {"120"}),
        ("已经叫了救护车", {"120"}),
        ("着火了，119已经到了", {"119"}),
        ("着火了，消防车来了", {"119"}),
        ("3号楼着火了，已经报警了", {"报警"}),
        ("孩子走丢了，报了警", {"报警"}),
        ("孩子走丢了，警察来了", {"110"}),
    ],
)
def test_someone_who_called_is_acknowledged_not_told_again(text: str, called: set[str]) -> None:
    assert called_numbers(text) == called
    acknowledged, *rest = safety_advice(text, "other", DEFAULT_DANGERS)
    assert acknowledged.startswith("收到，您已经")
    for line in rest:
        assert "拨打1" not in line, line  # the rest of the advice stays, the call does not


@pytest.mark.parametrize(
    "text",
    [
        "老人晕倒了，快打120",
        "还没打120",
        "要不要打119",
        "打120了吗",
        "着火了，打119",
        "救护车到了没",
    ],
)
def test_calling_asked_or_urged_is_not_called(text: str) -> None:
    assert called_numbers(text) == set()


def test_what_is_left_of_the_advice_keeps_the_other_steps() -> None:
    [ack, advice] = safety_advice("3号楼着火了，已经报警了", "fire_safety", DEFAULT_DANGERS)
    assert ack == "收到，您已经报警，请保持电话畅通，最好请人到楼下接应。"
    assert advice == "用湿毛巾捂住口鼻，走楼梯离开，不要乘电梯。"


def test_a_shout_for_help_about_a_stuck_lift_gets_the_lift_advice_only() -> None:
    # convo2 C15: "救命" is not an injury; the parent does not need "不要随意搬动病人".
    advice = safety_advice("救命啊 电梯里关人了 我儿子在里面出不来", "elevator", DEFAULT_DANGERS)
    assert len(advice) == 1 and "警铃" in advice[0]


@pytest.mark.parametrize(
    "text", ["地库有辆车一直往外漏油 滑得很 有人摔了", "楼梯上有个大爷摔伤了 在流血"]
)
def test_someone_hurt_gets_the_120_advice(text: str) -> None:
    assert any("120" in a for a in safety_advice(text, "other", DEFAULT_DANGERS))


def test_sparks_are_a_fire_risk_not_a_shocked_person() -> None:
    [advice] = safety_advice("楼下配电箱在冒火花 噼里啪啦的", "fire_safety", DEFAULT_DANGERS)
    assert "119" in advice and "触电的人" not in advice


def test_any_missing_person_gets_the_110_advice() -> None:
    [advice] = safety_advice("我孙子找不到了 穿红衣服 5岁", "other", DEFAULT_DANGERS)
    assert "110" in advice


def test_an_emergency_number_does_not_outweigh_the_danger_said() -> None:
    # "快打119吧" about someone in a lift: the lift advice, no fire drill (convo3 D2).
    advice = safety_advice("3号楼电梯里有人 快打119吧", "elevator", DEFAULT_DANGERS)
    assert any("警铃" in line for line in advice)
    assert not any("湿毛巾" in line for line in advice)
    # With nothing else to go on, the number still names its danger.
    assert any("湿毛巾" in line for line in safety_advice("快打119", "other", DEFAULT_DANGERS))


# Round nine (convo8 B1, B2): the tips read the danger words as the engine does: a stove that
# will not light, water that will not come and gas that is not there name no danger.
@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("二号楼这两天水压小的很洗澡水都出不来热水器都打不着火", "utilities"),
        ("热水器打不着火了 是不是没燃气了", "utilities"),
        ("灶台点不起火 火苗都没有", "utilities"),
    ],
)
def test_no_fire_gas_or_lift_tip_for_an_appliance_fault(text: str, category: str) -> None:
    advice = " ".join(safety_advice(text, category, DEFAULT_DANGERS))
    assert "119" not in advice and "警铃" not in advice and "燃气公司" not in advice


@pytest.mark.parametrize(
    ("text", "category", "must"),
    [
        ("厨房着火了", "fire_safety", "119"),
        ("电梯卡住了人出不来", "elevator", "警铃"),
        ("孩子被关在电梯里出不来", "other", "警铃"),
        ("热水器打不着火 厨房里一股煤气味", "fire_safety", "燃气公司"),
    ],
)
def test_real_dangers_beside_those_words_keep_their_tip(
    text: str, category: str, must: str
) -> None:
    advice = " ".join(safety_advice(text, category, DEFAULT_DANGERS))
    assert must in advice


def test_the_welfare_check_gets_its_own_advice() -> None:
    text = "三楼那家老太太好几天没见出门了 敲门也没人应 电话也不接"
    [advice] = safety_advice(text, "other", DEFAULT_DANGERS)
    assert "110" in advice and "120" in advice and "家属" in advice


def test_something_thrown_from_height_gets_its_own_advice_not_a_fire_tip() -> None:
    text = "有人从楼上往下扔花盆 差点砸到我家孩子"
    [advice] = safety_advice(text, "fire_safety", DEFAULT_DANGERS)
    assert "避开" in advice and "119" not in advice
