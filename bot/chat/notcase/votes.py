"""Words about a vote without its code: a ballot ("我投赞成"), a question ("投票截止什么时候"),
or how to vote ("怎么投票啊我不会") — convo4 F14, F15, F106.

They fell to the generic introduction or to silence, although one vote was open where the
person lives. Which vote is meant is settled by the votes service (one ⇒ it; several ⇒ ask);
this module only tells the three kinds of words apart.
"""

from __future__ import annotations

import re
from typing import Literal

Kind = Literal["ballot", "question", "how"]

_CODE = re.compile(r"(?<![A-Za-z])[Vv]\s*\d")
# "我投赞成", "我选同意", "投反对票吧", "我家投同意" — privately only, a verb then the choice.
_BALLOT = re.compile(
    r"^(?:我们?家?|俺家?)?(?:就|要|想|还是)?(?:投|选)(?:个|一个|了)?(?P<choice>[^\s，,。]{1,6}?)"
    r"(?:票)?(?:吧|了|啊|呀)?$"
)
_HOW = re.compile(
    r"(?:怎么|如何|咋|怎样)(?:样)?(?:投票|投|表决)|投票(?:怎么|咋)(?:投|弄|操作)|不会投"
)
_VOTE = re.compile(r"投票|表决")
_ASKS = re.compile(r"截止|什么时候|啥时候|几号|几点|结果|多少人|进度|到哪|结束|还能投|开始")
MAX_WORDS = 40


def kind(text: str, *, private: bool) -> tuple[Kind, str] | None:
    """Which of the three the words are (with the choice, for a ballot), or None."""
    if len(text) > MAX_WORDS or _CODE.search(text):
        return None
    if _HOW.search(text):
        return "how", ""
    if _VOTE.search(text) and _ASKS.search(text):
        return "question", ""
    ballot = _BALLOT.match(text)
    if private and ballot is not None and not ballot["choice"].startswith("票"):
        return "ballot", ballot["choice"]
    return None
