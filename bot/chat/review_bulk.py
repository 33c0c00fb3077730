"""A 组长's short answer to the daily 【待确认】 list (convofix6 R9): "1是 2不是", "1 3 是",
"1、2都不是", "都是".

Numbers are the items' own codes (Q0001 → 1) when such an item waits for her, else their
places in the list she was sent. Each becomes the command she would have typed
("是 Q0001", "不是 Q0002"), run as if typed, so every answer is the one the command gives.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_VERDICT = r"(?:都|全|全部|均)?(?P<no>不)?(?:是|对)(?:的|诉求)?"
_PART = re.compile(rf"(?P<nums>(?:\d{{1,4}}\s*[,，、和与及\s]*\s*)+)\s*{_VERDICT}")
_ALL = re.compile(r"(?:都|全|全部|均)(?P<no>不)?(?:是|对)(?:的|诉求)?")
_SEPARATORS = re.compile(r"[\s,，。.;；、!！]+")
MAX_TEXT = 60


def parse(text: str) -> list[tuple[list[int] | None, bool]] | None:
    """[(numbers or None for all, is_case)], or None when the words are not such an answer."""
    said = text.strip()
    if not said or len(said) > MAX_TEXT:
        return None
    whole = _ALL.fullmatch(_SEPARATORS.sub("", said))
    if whole is not None:
        return [(None, whole["no"] is None)]
    found: list[tuple[list[int] | None, bool]] = []
    rest = said
    for part in _PART.finditer(said):
        numbers = [int(n) for n in re.findall(r"\d+", part["nums"])]
        found.append((numbers, part["no"] is None))
        rest = rest.replace(part[0], " ", 1)
    if not found or _SEPARATORS.sub("", rest):
        return None  # words left over: something else was said
    return found


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
