"""Words that say a case is filed under the wrong category, and the category they mean
(polish15): "E0001 类别不对 是电梯的问题", "E0001 分错类了 应该是电梯", "E0001不是公共设施 是电梯".

A leader's words were 改类别 since convofix14d; the reporter's own correction under her code
opened a second case or became a 补充, and "不是公共设施 是电梯" named 公共设施 first (the
label it denies). The category meant is the one named outside the "不是X" part.
"""

from __future__ import annotations

import re

from bot.domain.cases import CATEGORY_LABELS

# Words that name a category without its label: the ones people use for the usual things.
CATEGORY_WORDS: dict[str, str] = {
    "门禁": "facilities",
    "路灯": "facilities",
    "楼道灯": "facilities",
    "单元门": "facilities",
    "水管": "utilities",
    "停水": "utilities",
    "停电": "utilities",
    "暖气": "utilities",
    "燃气": "utilities",
    "垃圾": "sanitation",
    "卫生": "sanitation",
    "消防": "fire_safety",
    "车位": "parking",
    "充电": "ebike",
    "物业": "property",
}

# The category is wrong: "类别不对", "分类错了", "分错类了", "归错类了", "类别改成电梯".
MISFILED = re.compile(
    r"(?:类别|分类|类型)(?:不对|错了|有误|弄错了|搞错了|应该是|应是|改成|改为|改一下)"
    r"|改(?:一下)?(?:类别|分类)|(?:分|归|划)错(?:了)?类|(?:分|归)类(?:分)?错"
)
# What the words deny: "不是公共设施", "不是电梯的问题", "不属于物业服务类".
_DENIED = re.compile(
    r"不(?:是|属于)(?P<thing>[^\s，,。！!？?；;是]{1,8}?)(?:的事|的问题|类)?(?=[\s，,。！!；;是]|$)"
)


def _category_in(words: str) -> str | None:
    """The category a label or a usual thing in the words names (labels first)."""
    for key, label in CATEGORY_LABELS.items():
        if label in words:
            return key
    for word, key in CATEGORY_WORDS.items():
        if word in words:
            return key
    return None


def denied_category(said: str) -> str | None:
    """The category "不是X" names: "不是公共设施 是电梯" → facilities; "不是302" → None."""
    found = _DENIED.search(said)
    return _category_in(found["thing"]) if found is not None else None


def without_denial(said: str) -> str:
    """The words with what they deny taken out: "不是公共设施 是电梯" → " 是电梯"."""
    return _DENIED.sub(" ", said)


def named_category(said: str) -> str | None:
    """The category the words mean ("类别不对 是电梯的问题" → elevator), never the one they
    deny ("不是公共设施 是电梯" → elevator, not facilities)."""
    return _category_in(without_denial(said))


def corrects_category(said: str) -> bool:
    """The words (after a case's code) say its category is wrong: the words of it
    ("类别不对", "分错类了"), or "不是X 是Y" where both X and Y are categories. "不是302 是402",
    "不是今天 是昨天" correct something else."""
    if MISFILED.search(said):
        return True
    return denied_category(said) is not None and named_category(said) is not None
