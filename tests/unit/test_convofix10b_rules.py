"""convofix10b: the word rules behind the convo10 case and errand classes, with near misses
(the conversations themselves: tests/integration/test_convofix10b_*.py)."""

from __future__ import annotations

import pytest

from bot.chat.followup import (
    about_the_repair,
    asks_status,
    says_all_clear,
    says_help_called,
    says_impatient,
)
from bot.chat.phrasing import rewrite
from bot.chat.wishlike import errand_need

# ---- class 1: done in a handler's words -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "about"),
    [
        ("搞定了", ""),
        ("OK了", ""),
        ("弄完了👌", ""),
        ("终于搞定了", ""),
        ("修好了 可以用了", ""),
        ("电梯好了", "电梯"),
        ("电梯能用了 大家放心", "电梯"),
        ("灯亮了", "灯"),
        ("水通了", "水"),
    ],
)
def test_done_in_his_words_closes_his_one_case(text: str, about: str) -> None:
    found = rewrite(text)
    assert found is not None and found.needs == "sole_case" and found.about == about
    assert found.text.startswith("办结 ")


@pytest.mark.parametrize(
    "text",
    [
        "搞定了吗？",
        "OK",
        "好了",
        "好了好了 别吵了",
        "搞定了 今天的菜买好了",
        "今天的菜买好了",
        "作业写好了",
        "我好了",
        "电梯好了吗",
    ],
)
def test_questions_acknowledgements_and_other_subjects_close_nothing(text: str) -> None:
    found = rewrite(text)
    assert found is None or found.needs != "sole_case", found


# ---- class 2: claims in a member's words ------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "我来弄",
        "我来修一下",
        "我过去瞅瞅",
        "我去瞅一眼",
        "交给我吧",
        "我下楼看看",
        "我马上过去瞅瞅",
    ],
)
def test_claims_in_his_words(text: str) -> None:
    found = rewrite(text)
    assert found is not None and found.needs == "sole_open", text


@pytest.mark.parametrize(
    "text",
    [
        "我来了",
        "我来了我来了 刚才在忙",
        "我去看看热闹",
        "楼下好多人在跳舞 我去看看热闹",
        "我来晚了",
        "我来说两句",
        "我来弄吃的",
    ],
)
def test_arrival_and_curiosity_are_no_claims(text: str) -> None:
    found = rewrite(text)
    assert found is None or found.needs != "sole_open", found


def test_a_claim_naming_its_thing_keeps_it() -> None:
    found = rewrite("垃圾的事我来弄")
    assert found is not None and found.about == "垃圾"


# ---- class 3: her waiting, in her words -------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["等了两天了", "等了两天了 还是那样", "都等了一上午了", "我等你们好久了", "人呢？？", "师傅呢"],
)
def test_waiting_in_her_words(text: str) -> None:
    assert says_impatient(text)


@pytest.mark.parametrize("text", ["等两天再说", "等一下", "小王人呢", "人呢都去吃饭了吧哈哈哈哈哈"])
def test_no_waiting(text: str) -> None:
    assert not says_impatient(text)


@pytest.mark.parametrize("text", ["师傅今天能来吗", "师傅啥时候来啊", "物业明天会来修吗"])
def test_who_comes_and_when_asks_only_about_the_repair(text: str) -> None:
    asked = asks_status(text)
    assert asked is not None and about_the_repair(asked[1]), asked


@pytest.mark.parametrize("text", ["今天天气怎么样", "电梯什么时候修"])
def test_a_thing_or_other_talk_is_no_repair_question(text: str) -> None:
    asked = asks_status(text)
    assert asked is None or not about_the_repair(asked[1])


# ---- class 4: an errand by her difficulty -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "needs"),
    [
        ("想理个发 出不了门", "想理个发 出不了门"),
        ("养老金认证我不会弄", "养老金认证我不会弄"),
        ("陪我去医院复查 孩子不在家", "陪我去医院复查 孩子不在家"),
        ("药吃完了 腿脚不方便", "药吃完了 腿脚不方便 买药"),
    ],
)
def test_an_errand_by_a_difficulty_of_her_own(text: str, needs: str) -> None:
    assert errand_need(text) == needs


@pytest.mark.parametrize(
    "text",
    [
        "今天去理了个发 舒服",
        "养老金认证在哪弄啊",
        "明天去医院复查",
        "药吃完了 明天去买",
        "电梯坏了 我腿脚不方便下不了楼",  # a shared fault: a case, not her errand
        "我帮邻居拿了药 她腿脚不方便",
    ],
)
def test_no_errand_of_hers(text: str) -> None:
    assert errand_need(text) is None


# ---- class 5: the all-clear -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "是我家炒辣椒 没事",
        "没事 是我家在熬中药 味道大",
        "我家烧纸呢 不好意思 没着火",
        "那是我们家烤红薯 别担心",
        "我们家在炖肉 烟大了点",
        "没着火 是楼下在电焊",
    ],
)
def test_a_harmless_cause_or_no_fire(text: str) -> None:
    assert says_all_clear(text)


@pytest.mark.parametrize(
    "text", ["是不是炒辣椒啊", "我家着火了", "我家厨房冒烟了", "没着火吗", "火还没灭"]
)
def test_no_all_clear(text: str) -> None:
    assert not says_all_clear(text)


# ---- class 7: help on the way -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "120说马上到",
        "消防说五分钟到",
        "119马上到",
        "救护车马上就到",
        "消防车在路上",
        "120说十分钟到",
    ],
)
def test_help_promised_or_on_its_way(text: str) -> None:
    assert says_help_called(text, False)


@pytest.mark.parametrize("text", ["120还没到", "打120", "120什么时候到", "消防车怎么还没来"])
def test_help_not_yet_or_asked(text: str) -> None:
    assert not says_help_called(text, False)
