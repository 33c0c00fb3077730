"""Requests in people's words: a suggestion, a notice to everyone, 帮办代办 glued to its verb.

A suggestion or a notice may run long ("建议小区多装几个充电桩…"), so they are tried before
the length limit the other rules keep.
"""

from __future__ import annotations

import re

from bot.chat.phrasing.text import Rewrite

# A notice with the audience glued to the command word: "通知全部：今晚8点消防演练".
_GLUED_NOTICE = re.compile(
    r"^(?P<verb>通知|群发)(?P<who>全部|全体|所有群|所有人|各群)[\s:：,，]*(?P<body>\S.*)$", re.S
)
# A suggestion in the words people use: "建议小区多装几个充电桩", "我有个建议：…".
_SUGGESTION = re.compile(
    r"^(?:我|我们)?(?:有个|有一个|有条|提个|提一个|提条|想提个|想提一个)?(?:小)?"
    r"(?:建议|(?<=个)想法|(?<=个)提议|(?<=个)点子)"
    r"(?:一下)?(?:哈|啊|呀|哦)?(?:[:：,，\s]+|(?=小区|社区|物业|居委|楼下|楼道|门口|在|把|给|增加|加装|多|能|可以|装|设|开))"
    r"(?P<text>\S.{3,})$",
    re.S,
)
_ADVICE_TO_PEOPLE = re.compile(r"^(?:大家|各位|你|您|邻居们?|家长们?)")
MAX_SUGGESTION = 300


def long_form(text: str) -> Rewrite | None:
    """Commands whose words may run long: a suggestion, a notice to everyone."""
    if len(text) > MAX_SUGGESTION:
        return None
    notice = _GLUED_NOTICE.match(text)
    if notice is not None:
        return Rewrite(f"{notice['verb']} 全部 {notice['body']}", "secretary")
    suggestion = _SUGGESTION.match(text)
    if suggestion is not None and not _ADVICE_TO_PEOPLE.match(suggestion["text"]):
        return Rewrite(f"建议 {suggestion['text']}")
    return None


# 帮办代办 glued to what is wanted: "代办取快递", "我想代办 养老金认证".
_GLUED_HELP = re.compile(
    r"^(?:我|我们)?(?:想|要|需要|申请)?(代办|帮办)[\s:：,，]*(?![的呢吗嘛清单])(\S.*)$"
)


def glued_help(text: str, **_: bool) -> Rewrite | None:
    """帮办代办 asked in words: "代办取快递", "我想代办 养老金认证"."""
    glued = _GLUED_HELP.match(text)
    return Rewrite(f"{glued[1]} {glued[2]}") if glued is not None else None
