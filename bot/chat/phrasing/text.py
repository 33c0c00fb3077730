"""What every phrasing rule shares: the answer's shape, trimming, and the codes.

A rule returns a `Rewrite`: the command text the table should see and what must hold for it
to apply. Decoration (punctuation, emoji, spaces) is trimmed from both ends; the codes E0001
and W0001 are matched case-insensitively with a space allowed after the letter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Needs = Literal[
    "rating",
    "consent",
    "member",
    "handler",
    "holder",  # the member who holds the case the code names
    "secretary",
    "address",
    "draft",
    "volunteer",  # the 帮办 volunteer who took the request the code names
    "sole_case",  # the sender handles exactly one open case: the code is that one's
    "sole_open",  # a member's claim without a code: the one case just reported in the group
    "withdraw",  # the sender has exactly one open 帮办 or 微心愿 of their own
    "sole_wish",  # the sender's one open 微心愿: "已实现" without its code (convo4 F41, F84)
    "dispatcher",  # a 楼栋党小组长 or above: "让孙志明去处理E0002" is a 派单 (convofix6 R9)
    # convofix14d: staff words after a code; from anyone else they are read as before
    "leader",  # a 楼栋党小组长 or above: 重新打开, 改类别, 督办, 吹哨 in words
    "take_over",  # a leader's "改派给我吧" on a case someone else holds: 派单 to herself
    "handover",  # the member holding the case names the one he hands it to
    "quoted_dispatch",  # a leader quoting a case message and @-ing a member: 派单
]
MAX_PHRASE = 40  # longer messages are reports or chat, never a rephrased command

# Punctuation, symbols and emoji that decorate a message; trimmed from both ends.
DECOR = (
    r"\s,.!?;:~…\-—·、，。！？；：～“”‘’\"'（）()【】\[\]<>《》"
    r"\u2600-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff\ufe0f\u200d"
)
_TRIM = re.compile(rf"^[{DECOR}]+|[{DECOR}]+$")
ONLY_DECOR = re.compile(rf"^[{DECOR}]*$")
_LEADING_NOTE = re.compile(r"^[\s,.;:!?、，。；：！？~～\-—]+")
INNER_DECOR = re.compile(rf"[{DECOR}]+")
END_PARTICLES = re.compile(r"(?:的|了|啦|啊|吧|呀|哈|哦|嘛)+$")

CASE = re.compile(r"(?<![A-Za-z])[Ee]\s*(\d+)")
WISH = re.compile(r"(?<![A-Za-z])[Ww]\s*(\d+)")
ANY_CODE = re.compile(r"(?<![A-Za-z])[EeWw]\s*\d+")
QUESTION = re.compile(r"吗|么|没有?$|没呢|呢|[?？]|几时|什么时候|啥时候|多久|到哪|怎么样|咋样")


@dataclass(frozen=True)
class Rewrite:
    text: str  # what the command table should see
    # What must hold for the rewrite to apply: a pending rating request or consent question
    # (the answer to the bot's own question), or a party member as sender (claiming).
    needs: Needs | None = None
    # The thing a code-less claim names ("井盖的事我来跟"): which open case it means.
    about: str = ""


_PAIRS = {"）": "（", ")": "(", "】": "【", "]": "[", "》": "《", "”": "“", "’": "‘"}


def trim(text: str) -> str:
    """Punctuation, emoji and spaces off both ends: "进度E0002？？" -> "进度E0002".

    A closing bracket whose opening one stays is kept: "…在路上了（大概半小时）" is relayed
    whole, not as "…（大概半小时" (convo3 D31)."""
    trimmed = _TRIM.sub("", text)
    end = text.rfind(trimmed[-1:]) + 1 if trimmed else 0
    for mark in text[end:]:
        opening = _PAIRS.get(mark)
        if opening is not None and trimmed.count(opening) > trimmed.count(mark):
            trimmed += mark
        elif opening is not None or mark not in "\"'":
            break
    return trimmed


# One answer word said two or more times running: "对的对的", "好好好", "不用了不用了".
_DOUBLED = re.compile(r"(.{1,4}?)\1+")


def undoubled(clause: str) -> str:
    """The answer word a clause repeats for emphasis, said once: "对的对的" -> "对的",
    "对对对" -> "对", "不用了不用了" -> "不用了"; any other clause unchanged. Saying a yes
    or no twice is how people say it warmly (convo15c vote_confirm): it is the same answer."""
    found = _DOUBLED.fullmatch(clause)
    return found[1] if found else clause


def clauses(text: str) -> list[str]:
    """The clauses of a message: what stands between punctuation, spaces and emoji."""
    return [c for c in INNER_DECOR.split(text) if c]


# The rule of issue 11: an answer to the bot's own question works with a few trailing words
# ("算了 取消 时间还没定", "是的 谢谢", "确认 辛苦了"), as long as they do not turn it round.
MAX_TRAILING = 12
# After a yes, words that take it back or hold it ("确认 但是时间改一下", "好的 先别发").
TURNS_YES = re.compile(
    r"但|不过|可是|只是|改|换|等等|等一下|再说|再想|先别|别|不|没|反对|取消|算了|错|吗|么|[?？]"
)
# After a no, words that take it back ("取消 还是发吧", "算了 不对 发吧").
TURNS_NO = re.compile(r"但|不过|可是|还是(?:发|要|投|确认)|发吧|要的|确认|确定|吗|么|[?？]")


def one_answer(
    text: str,
    answers: dict[str, re.Pattern[str]],
    turns: dict[str, re.Pattern[str]] | None = None,
) -> str | None:
    """The one answer a reply gives among `answers` (name -> pattern a clause must match in
    full): every answering clause says the same, the other clauses are a few words at most,
    and none of them turns the answer round (`turns`, by answer). None otherwise."""
    said: set[str] = set()
    rest: list[str] = []
    for clause in clauses(text):
        once = undoubled(clause)
        bare = END_PARTICLES.sub("", once) or once
        hit = {n for n, p in answers.items() if any(p.fullmatch(w) for w in (clause, once, bare))}
        said |= hit
        if not hit:
            rest.append(clause)
    if len(said) != 1 or sum(len(c) for c in rest) > MAX_TRAILING:
        return None
    name = said.pop()
    turned = (turns or {}).get(name)
    if turned is not None and any(turned.search(c) for c in rest):
        return None
    return name


def clean_note(text: str) -> str:
    """A note relayed to residents without stray leading punctuation: "：已疏通" -> "已疏通"."""
    return _LEADING_NOTE.sub("", " ".join(text.split()))
