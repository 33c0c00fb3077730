"""Several commands in one message, each handled.

Several codes (convo3 D30, D45): "认领 E0001 E0002 我都去看看" claims both cases; "E0001满意！E0002
基本满意" rates each one. Read as one command, the second code became words: relayed to a
resident as "progress", or the whole message was silence. A command word followed by a list of
codes applies to each code (with the words after the list); a message made of "CODE words"
pairs is one command per pair. The pipeline runs the parts only when every one of them is a
command, so a story that happens to name two codes stays a story (`commands`).

Several commands (convo4 rule 9; F58, F88): "取消报名1 报名2" cancelled 1 and silently dropped
the sign-up for 2; "报名2，另外问下我有多少积分" never got its points. After the first command,
each further clause that is itself a command (with its arguments) or a code-less question ("我有
多少积分") runs too, in order. Words that are not a command stay the first command's trailing
words ("认领 E0001 我下午去") (`further`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import pairwise

from bot.chat import asking

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


# Joining words in front of the next request: "另外问下…", "再问一下…", "顺便…", "还有…".
_JOINER = re.compile(
    r"^(?:另外|再|还有|顺便|然后|并且|以及|同时|和|跟|还)*(?:问(?:一)?下|查(?:一)?下|看(?:一)?下|说(?:一)?下)?"
)
MAX_MORE = 3  # a list longer than this is a story, not a row of commands
_DIGIT = re.compile(r"\d")
# Questions about one's own records: the ones people add to a command ("…另外我有多少积分").
_OWN_QUESTIONS = ("我的", "积分超市", "积分规则")
# Clauses: punctuation, or a space not followed by a number or code ("进度 E0002" is one).
_CLAUSE = re.compile(
    r"[,，.。;；!！?？、~～…\s]*[,，.。;；!！?？、~～…]+[\s]*|\s+(?![A-Za-z]?\s*\d)"
)


def further(tail: str, is_command: Callable[[str], bool]) -> list[str]:
    """The command texts in the words after a command, in order.

    A line that is one command as a whole runs whole (probe14): split at its spaces,
    "投票 V0001 反对" on its own line became "投票 V0001" (no option) and "反对" (dropped).
    """
    found: list[str] = []
    for line in tail.splitlines():
        whole = _JOINER.sub("", line.strip())
        if whole and _DIGIT.search(whole) and not whole[0].isdigit() and is_command(whole):
            found.append(whole)
        else:
            found += _clauses(line, is_command)
    return found[:MAX_MORE]


def _clauses(tail: str, is_command: Callable[[str], bool]) -> list[str]:
    """The commands among the clauses of one line."""
    found: list[str] = []
    for clause in (c for c in _CLAUSE.split(tail) if c):
        bare = _JOINER.sub("", clause)
        if not bare:
            continue
        # A bare word ("满意", "1", "我来", "公开") after a command is its trailing talk; only a
        # command with its number or code ("报名2", "进度 E0002") is a second command.
        if _DIGIT.search(bare) and not bare[0].isdigit() and is_command(bare):
            found.append(bare)
            continue
        asked = asking.question_command(bare)
        if asked is not None and asked.startswith(_OWN_QUESTIONS):
            found.append(asked)
    return found


def joined(text: str) -> str:
    """A clause without its joining words: what `asking` reads as a question."""
    return _JOINER.sub("", text)
