"""The owner of a 微心愿 saying it came true: "W0001实现了", "心愿已经实现了 W0001"."""

from __future__ import annotations

import re

from bot.chat.phrasing.text import END_PARTICLES, INNER_DECOR, WISH, Rewrite

# "W0001实现了", "心愿已经实现了 W0001": the owner says it came true.
_FULFILLED = re.compile(
    r"(?:我的?)?(?:微?心愿)?(?:已经?|都|终于)?实现(?:了|啦|喽)?(?:谢谢.*|感谢.*)?"
)


def fulfilled(text: str, **_: bool) -> Rewrite | None:
    codes = WISH.findall(text)
    if len(codes) != 1:
        return None
    words = END_PARTICLES.sub("", INNER_DECOR.sub("", WISH.sub("", text)))
    if not words or not _FULFILLED.fullmatch(words):
        return None
    return Rewrite(f"已实现 W{codes[0]}")
