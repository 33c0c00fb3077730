"""One message, several codes: each code gets its own command (convo3 D30, D45).

"认领 E0001 E0002 我都去看看" claims both cases; "E0001满意！E0002基本满意" rates each one. Read
as one command, the second code became words: relayed to a resident as "progress" ("有新进展：
E0002 我都去看看"), or the whole message was silence. The rule: a command word followed by a
list of codes applies to each code (with the words after the list); a message made of
"CODE words" pairs is one command per pair. The pipeline runs the parts only when every one of
them is a command, so a story that happens to name two codes stays a story.
"""

from __future__ import annotations

import re
from itertools import pairwise

# A code of the kinds members and residents act on: 诉求, 心愿, 帮办.
_CODE = re.compile(r"(?<![A-Za-z])[EeWwHh]\s*\d+(?!\d)")
_BETWEEN = re.compile(r"[\s,，、和跟及与还有]*")
MAX_PARTS = 5  # more codes than this in one line is a list pasted, not commands


def commands(text: str) -> list[str] | None:
    """The command texts a message with several codes stands for, or None."""
    codes = list(_CODE.finditer(text))
    if not 2 <= len(codes) <= MAX_PARTS:
        return None
    if len({c[0].replace(" ", "").upper() for c in codes}) != len(codes):
        return None  # one code twice is one command, said twice
    listed = _listed(text, codes)
    if listed is not None:
        return listed
    return _pairs(text, codes)


def _listed(text: str, codes: list[re.Match[str]]) -> list[str] | None:
    """ "认领 E0001 E0002 我都去看看", "进度E0001和E0002": the words before the first code,
    each code, then the words after the last one."""
    for left, right in pairwise(codes):
        if _BETWEEN.fullmatch(text[left.end() : right.start()]) is None:
            return None
    head = text[: codes[0].start()].strip()
    if not head:
        return None
    tail = text[codes[-1].end() :].strip()
    return [f"{head} {c[0].replace(' ', '')} {tail}".strip() for c in codes]


def _pairs(text: str, codes: list[re.Match[str]]) -> list[str] | None:
    """ "E0001满意！E0002基本满意": the message starts with a code, and each code begins the
    words that go with it."""
    if text[: codes[0].start()].strip():
        return None
    ends = [c.start() for c in codes[1:]] + [len(text)]
    parts = [
        text[c.start() : end].strip(" \t,，、;；。.!！") for c, end in zip(codes, ends, strict=True)
    ]
    return parts if all(len(p) > len(c[0]) for p, c in zip(parts, codes, strict=True)) else None
