"""A 组长's short answer to the daily 【待确认】 list (convofix6 R9): "1是 2不是", "1 3 是",
"1、2都不是", "都是".

Numbers are the items' own codes (Q0001 → 1) when such an item waits for her, else their
places in the list she was sent. Each becomes the command she would have typed
("是 Q0001", "不是 Q0002"), run as if typed, so every answer is the one the command gives.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_VERDICT = r"(?:也|都|全|全部|均)?(?P<no>不)?(?:是|对)(?:真的|的|诉求|问题)?"
_PART = re.compile(rf"(?P<nums>(?:\d{{1,4}}\s*[,，、和与及\s]*\s*)+)\s*{_VERDICT}")
_ALL = re.compile(r"(?:都|全|全部|均)(?P<no>不)?(?:是|对)(?:的|诉求)?")
_SEPARATORS = re.compile(r"[\s,，。.;；、!！]+")
MAX_TEXT = 60
# A place in the list in words (convo13b): "第二条", "第3条", "二是 三不是", "第一个".
_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_PLACE = re.compile(
    r"(?P<first>第)?\s*(?P<n>\d{1,4}|十[一二三四五六七八九]?|[一二三四五六七八九]十?)\s*(?P<unit>条|个|项|件)?"
    r"(?=\s*(?:[,，、和与及]\s*(?:第?\s*(?:\d|[一二两三四五六七八九十])))|\s*(?:也|都|全|均)?不?(?:是|对))"
)
# What she adds after her verdict, telling what to do with it: "转一下", "要管", "不用管".
_ACTION = re.compile(
    r"(?:麻烦|帮忙|请)?(?:转一下|转过去|转吧|转|要管|得管|该管|管一下|要处理|处理一下|立案|登记一下"
    r"|不用管|不用转|不管|不用处理|别管|忽略)(?:吧|了|啊|哈)*"
)


def parse(text: str) -> list[tuple[list[int] | None, bool]] | None:
    """[(numbers or None for all, is_case)], or None when the words are not such an answer."""
    said = text.strip()
    if not said or len(said) > MAX_TEXT:
        return None
    said = _PLACE.sub(_place, said)
    whole = _ALL.fullmatch(_SEPARATORS.sub("", said))
    if whole is not None:
        return [(None, whole["no"] is None)]
    found: list[tuple[list[int] | None, bool]] = []
    rest = said
    for part in _PART.finditer(said):
        numbers = [int(n) for n in re.findall(r"\d+", part["nums"])]
        found.append((numbers, part["no"] is None))
        rest = rest.replace(part[0], " ", 1)
    if not found or _SEPARATORS.sub("", _ACTION.sub(" ", rest)):
        return None  # words left over: something else was said
    return found


def _place(found: re.Match[str]) -> str:
    """ "第二条" → " 2 "; "三个都是" is a count ("all three"), left as it was."""
    after = found.string[found.end() :].lstrip()
    if not found["first"] and found["unit"] and after[:1] in ("都", "全", "均"):
        return found[0]
    return f" {_number(found['n'])} "


def _number(said: str) -> int:
    """ "3" → 3, "二" → 2, "十二" → 12, "二十" → 20."""
    if said.isdigit():
        return int(said)
    tens, _, ones = said.partition("十")
    if "十" not in said:
        return _DIGITS[said]
    return (_DIGITS[tens] if tens else 1) * 10 + (_DIGITS[ones] if ones else 0)


def commands(
    answers: list[tuple[list[int] | None, bool]],
    codes: list[int],
    recent: Callable[[int], bool] = lambda _: False,
) -> list[str]:
    """The commands for the answers, given the waiting items' code numbers in list order;
    [] when a number names no waiting item (the caller then explains). `recent(n)`: Q n is a
    message of these days already answered ("1 3 是" after "1是" answers 1 again, never the
    first still waiting)."""
    texts = []
    for numbers, is_case in answers:
        for number in codes if numbers is None else numbers:
            if number in codes or recent(number):
                code = number
            elif 1 <= number <= len(codes):
                code = codes[number - 1]
            else:
                return []
            texts.append(f"{'是' if is_case else '不是'} Q{code:04d}")
    return texts
