"""Activity sign-ups and withdrawals in other words: "报名第1个", "1号活动我不去了"."""

from __future__ import annotations

import re

from bot.chat.phrasing.text import ANY_CODE, INNER_DECOR, Rewrite

# 取消 with the number before 报名: "取消2号报名", "取消第2个活动的报名", "2号活动不去了".
_CANCEL = re.compile(
    r"^(?:取消|退掉|退出)(?:第)?(\d+)(?:号|个)?(?:活动)?(?:的)?(?:报名|活动)?"
    r"|^(\d+)(?:号)?(?:活动)?(?:去不了|不去了|参加不了)"
)


def cancel(text: str, **_: bool) -> Rewrite | None:
    found = _CANCEL.match(text)
    if found is None:
        return None
    return Rewrite(f"取消报名 {found[1] or found[2]}")


_CN_NUMBER = {
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
}
_COMPANIONS = re.compile(
    r"(?:和|带|跟|同)(?:着)?(?:老伴儿?|孩子|小孩|孙子|孙女|外孙|老公|媳妇|爱人|家人|朋友|邻居)"
)
# Activity sign-ups in other words: "报名第1个", "1号活动我报名", "帮我报个名 活动1".
_SIGN = re.compile(r"报个?名|参加|算我一个|我也去")
_WITHDRAW = re.compile(r"取消|不去了|去不了|参加不了|不参加了?|退出|退掉")
_ACTIVITY_REF = re.compile(
    r"(?:第|活动)?\s*(\d{1,4}|(?<=第)[一二两三四五六七八九十]|[一二两三四五六七八九十](?=号))"
    r"\s*(?:号|个)?(?:活动)?"
)
_SIGN_FILLER = re.compile(
    r"我们?|也|要|想|帮|给|一下|吧|了|那个|这个|就|还|的|呀|啊|哈|请|麻烦|报名"
)
_CLAUSE_END = re.compile(r"[,，。.!！;；]")


def signup(text: str, **_: bool) -> Rewrite | None:
    """One activity number with sign-up or withdrawal words and nothing else in the clause."""
    clause = _CLAUSE_END.split(text, maxsplit=1)[0]
    numbers = _ACTIVITY_REF.findall(clause)
    if len(numbers) != 1 or ANY_CODE.search(clause):
        return None
    withdraw = _WITHDRAW.search(clause)
    if withdraw is None and _SIGN.search(clause) is None:
        return None
    words = _WITHDRAW if withdraw else _SIGN
    family = _COMPANIONS.search(clause)
    residue = _ACTIVITY_REF.sub("", _COMPANIONS.sub("", clause), count=1)
    residue = _SIGN_FILLER.sub("", words.sub("", residue))
    if INNER_DECOR.sub("", residue):
        return None
    tail = text[len(clause) :] or (f"，{family[0]}一起" if family and not withdraw else "")
    number = _CN_NUMBER.get(numbers[0], numbers[0])
    command = "取消报名" if withdraw else "报名"
    return Rewrite(f"{command} {number}{tail}")
