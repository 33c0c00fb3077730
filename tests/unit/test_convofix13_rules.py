"""convofix13: the rules behind four blind conversations that failed (convo13_failing): net slang
as a rating, two faults in one message, a sign-up naming the activity by its title, and a
resident asking for another 帮办 helper."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from bot.chat.change_helper import asks_for_another
from bot.chat.phrasing.ratings import UNCLEAR, rating, rating_level
from bot.chat.phrasing.signups import signup_by_title
from bot.domain.problems import problems

# ---- ratings: net slang praise -------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "yyds 终于修好了👍👍",
        "YYDS",
        "绝了",
        "太给力了",
        "师傅真给力 谢谢",
        "牛啊 师傅",
        "666",
        "绝绝子",
        "点赞",
        "好评",
        "杠杠的",
    ],
)
def test_slang_praise_is_satisfied(text: str) -> None:
    assert rating_level(text) == "满意"
    assert rating(text) is not None


@pytest.mark.parametrize("text", ["又坏了 真是绝了", "yyds 但是还是漏", "牛 就是又不亮了"])
def test_slang_beside_the_fault_still_there_is_a_question(text: str) -> None:
    assert rating_level(text) == UNCLEAR


@pytest.mark.parametrize("text", ["别吹牛了", "牛奶没了", "", "   ", "🙃", "x" * 200])
def test_words_that_only_contain_slang_or_nothing_are_no_rating(text: str) -> None:
    assert rating_level(text) is None


# ---- two faults in one message, joined by 还有/另外/而且/，也 --------------------------------


@dataclass(frozen=True)
class _Place:
    building: str | None = None


@dataclass(frozen=True)
class _Verdict:
    kind: str
    category: str | None
    location: _Place = _Place()


_FAULTS = ("坏", "不亮", "刷不开", "打不开", "漏", "滴", "满了", "关不上", "堵", "不动")


def _classify(text: str) -> _Verdict:
    """One category for every fault, as the engine files lamps and door locks alike."""
    if any(f in text for f in _FAULTS):
        return _Verdict("issue", "facility", _Place("4" if "4号楼" in text else None))
    return _Verdict("chat", None)


@pytest.mark.parametrize(
    "text",
    [
        "4号楼楼道灯不亮了，还有单元门的门禁也坏了 刷卡刷不开",
        "楼道灯不亮了 另外门禁也坏了",
        "楼道灯不亮了，而且门禁也刷不开",
        "楼道灯不亮了，门禁也坏了",
        "电梯坏了，还有单元门关不上",
    ],
)
def test_two_things_of_one_category_are_two_problems(text: str) -> None:
    found = problems(text, _classify)
    assert found is not None and len(found) == 2


@pytest.mark.parametrize(
    "text",
    [
        "卫生间水管漏水了，还有水一直滴到楼下",  # one leak and where it goes
        "电梯坏了，还有电梯门也关不上",  # one thing said twice
        "楼道灯不亮了，还有灯罩也坏了",  # a lamp either way
        "门禁坏了 而且已经三天了",  # no second thing
        "楼道灯不亮了 刷卡刷不开",  # no joiner: one report
        "",
        "还有",
    ],
)
def test_one_fault_said_twice_or_with_its_effect_stays_one(text: str) -> None:
    found = problems(text, _classify)
    assert found is None or len(found) == 1


# ---- sign-ups by the activity's title words and a head count -------------------------------


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("我和老伴报两个 写春联那个", "报名活动 写春联，和老伴"),
        ("写春联那个报俩", "报名活动 写春联，两个人"),
        ("我们报三个 义诊", "报名活动 义诊，三个人"),
        ("报两个人 写春联的", "报名活动 写春联，两个人"),
        ("反诈那个我报一个", "报名活动 反诈"),
    ],
)
def test_title_words_and_a_head_count_sign_up(text: str, command: str) -> None:
    found = signup_by_title(text)
    assert found is not None and found.text == command


@pytest.mark.parametrize(
    "text",
    [
        "我报两个",
        "写春联那个报名的人多不多",
        "我和老伴报两个 写春联那个吗",
        "报两个E0001",
        "",
        "报",
    ],
)
def test_counts_without_a_title_or_questions_are_no_signup(text: str) -> None:
    assert signup_by_title(text) is None


# ---- a resident asks for another 帮办 volunteer --------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "能不能换个人来 小孙上班忙 别耽误他 换个别的同志吧",
        "能换个人吗？",
        "换一位队员吧",
        "另派个人来吧",
        "别让他来了",
        "麻烦换个师傅",
    ],
)
def test_asking_for_another_volunteer(text: str) -> None:
    assert asks_for_another(text)


@pytest.mark.parametrize(
    "text",
    [
        "换个时间行不行 下午三点",
        "帮我换个灯泡",
        "换个人多的时间去",
        "是硝苯地平 要两盒",
        "不用他来了 我女儿买回来了",
        "",
        "换" * 100,
    ],
)
def test_other_words_are_no_change_of_volunteer(text: str) -> None:
    assert not asks_for_another(text)
