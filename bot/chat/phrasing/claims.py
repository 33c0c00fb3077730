"""Claiming in a member's words, with a code or quoting the case: "这个我来", "H0001 我来"."""

from __future__ import annotations

import re

from bot.chat.phrasing.text import INNER_DECOR, Rewrite

_CLAIMABLE = re.compile(r"(?<![A-Za-z])[EeWwHh]\s*\d+")
# Claiming in a member's words, with a quoted case message or a code.
_CLAIM = re.compile(
    r"^(?:好的?|行|嗯+|那|收到|没问题|明白|OK|ok|Ok)*(?:这个|这件事?|这单|这事|那个|那|这)?(?:就|由)?"
    r"(?:我来认领|我来接单?|我来|我去|交给我|我接了|我接|我来吧|我来处理|我来办|我负责|我去处理|"
    r"我去看看|我跟进|我认领|认领|接单|我接单)"
    r"(?:处理|办|吧|了|啊|哈|呀|帮忙|帮|看看|一下)*$"
)


def claim(text: str, *, quoted: bool, **_: bool) -> Rewrite | None:
    codes = _CLAIMABLE.findall(text)
    rest = INNER_DECOR.sub("", _CLAIMABLE.sub("", text))
    if _CLAIM.match(rest) is None or len(codes) > 1 or not (codes or quoted):
        return None
    if codes and codes[0][:1] in "Hh":
        return Rewrite(f"认领 {codes[0]}")  # 帮办代办 volunteers need not be party members
    return Rewrite(f"认领 {codes[0]}" if codes else "我来", "member")
