"""Several commands in one message are all handled (convo4 rule 9; F58, F88).

"取消报名1 报名2" cancelled 1 and silently dropped the sign-up for 2, so he believed he was on
2; "报名2，另外问下我有多少积分" never got its points. After the first command, each further
clause that is itself a command (with its arguments) or a code-less question ("我有多少积分")
runs too, in order. Words that are not a command stay the first command's trailing words
("认领 E0001 我下午去").
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.chat import asking

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
    """The command texts in the words after a command, in order."""
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
    return found[:MAX_MORE]


def joined(text: str) -> str:
    """A clause without its joining words: what `asking` reads as a question."""
    return _JOINER.sub("", text)
