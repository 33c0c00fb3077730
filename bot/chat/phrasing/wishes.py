"""The owner of a 微心愿 saying it came true: "W0001实现了", "心愿已经实现了 W0001"."""

from __future__ import annotations

import re

from bot.chat.phrasing.text import END_PARTICLES, INNER_DECOR, WISH, Rewrite

# "W0001实现了", "心愿已经实现了 W0001": the owner says it came true.
_FULFILLED = re.compile(
    r"(?:我的?)?(?:微?心愿)?(?:已经?|都|终于)?实现(?:了|啦|喽)?(?:谢谢.*|感谢.*)?"
)


# The completion verb right after the code, with other words around them: "小郑刚来帮我搬完了
# 好孩子 W0001已经实现了 谢谢谢谢" (the verb first, "已实现W0001 太感谢了", is `embedded`'s).
_NEXT_TO_CODE = re.compile(
    r"(?<![A-Za-z])[Ww]\s*\d+\s*(?:的?(?:微?心愿))?\s*(?:已经?|都|终于)?实现(?:了|啦|喽)"
)
_NOT_YET = re.compile(r"(?:没|没有|还没|未|不)(?:已经?)?实现")


def fulfilled(text: str, **_: bool) -> Rewrite | None:
    codes = WISH.findall(text)
    if len(codes) != 1:
        return None
    words = END_PARTICLES.sub("", INNER_DECOR.sub("", WISH.sub("", text)))
    if words and _FULFILLED.fullmatch(words):
        return Rewrite(f"已实现 W{codes[0]}")
    if _NEXT_TO_CODE.search(text) and not _NOT_YET.search(text) and "吗" not in text:
        return Rewrite(f"已实现 W{codes[0]}")
    return None
