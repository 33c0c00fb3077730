"""The owner of a 微心愿 saying it came true: "W0001实现了", "心愿已经实现了 W0001".

Without the code ("已实现", "吴师傅挂好了 谢谢 心愿实现了") it is about the owner's one open
wish, as 撤回 is (convo4 F41, F84): the pipeline picks it, or asks which when there are several.
"""

from __future__ import annotations

import re

from bot.chat.phrasing.text import ANY_CODE, END_PARTICLES, INNER_DECOR, WISH, Rewrite, clauses

# "W0001实现了", "心愿已经实现了 W0001": the owner says it came true.
_FULFILLED = re.compile(
    r"(?:我的?)?(?:微?心愿)?(?:已经?|都|终于)?实现(?:了|啦|喽)?(?:谢谢.*|感谢.*)?"
)


# The completion verb right after the code, with other words around them: "小郑刚来帮我搬完了
# 好孩子 W0001已经实现了 谢谢谢谢" (the verb first, "已实现W0001 太感谢了", is `embedded`'s).
_NEXT_TO_CODE = re.compile(
    r"(?<![A-Za-z])[Ww]\s*\d+\s*(?:的?(?:微?心愿))?\s*(?:已经?|都|终于)?实现(?:了|啦|喽)"
)
# The same verb right before the code, words around them: "跟孙女视频上了 心愿实现了W0001
# 谢谢党员同志" (convofix12). Only with 了: the bare "实现 W0001" is a command's own shape.
_BEFORE_CODE = re.compile(
    r"(?:微?心愿|愿望)?(?:已经?|都|终于)?实现(?:了|啦|喽)[\s,，:：]*[Ww]\s*\d+"
)
# Done in the words of the member who took it (convofix11a): "W0001 已完成", "W0001 搞定了",
# "W0001 被子晒好了". The 已实现 rule decides who may close it; the others hear who does.
_DONE = re.compile(
    r"(?:.{0,8}?)(?:已经?|都|终于)?(?:完成|搞定|办好|办完|弄好|弄完|搞好|做好|做完|处理好|帮完"
    r"|晒好|修好|买好|送到|送好|装好|换好)(?:了|啦|喽|咯)?(?:谢谢.*|感谢.*)?"
)
_NOT_YET = re.compile(r"(?:没|没有|还没|未|不)(?:已经?)?实现")
_NOT_YET_DONE = re.compile(r"没|未|不|吗|么|谁|[?？]|能|会|快|要|明天|下午|晚上|等")


def fulfilled(text: str, **_: bool) -> Rewrite | None:
    codes = WISH.findall(text)
    if not codes and not ANY_CODE.search(text) and _said_fulfilled(text):
        return Rewrite("已实现", "sole_wish")
    if len(codes) != 1:
        return None
    words = END_PARTICLES.sub("", INNER_DECOR.sub("", WISH.sub("", text)))
    if words and _FULFILLED.fullmatch(words):
        return Rewrite(f"已实现 W{codes[0]}")
    if words and _DONE.fullmatch(words) and not _NOT_YET_DONE.search(words):
        return Rewrite(f"已实现 W{codes[0]}")
    if "实现" not in text and _done_and_how(text):
        # ("换好了 已实现W0001 太感谢了" names the command itself: `embedded` reads it.)
        return Rewrite(f"已实现 W{codes[0]}")
    near = _NEXT_TO_CODE.search(text) or _BEFORE_CODE.search(text)
    if near and not _NOT_YET.search(text) and "吗" not in text:
        return Rewrite(f"已实现 W{codes[0]}")
    return None


# "W0001 搞定了 换了新绳子": the done clause and a clause or two of what was done.
MAX_DONE_CLAUSES = 3


def _done_and_how(text: str) -> bool:
    """The member's done-word stands as a clause of its own beside a few words of what he did
    ("W0001 搞定了 换了新绳子", "W0002 买好了，放门卫了"): the same "done" as the done-word alone
    (convofix15b). A clause saying it is not yet, a question or a later step ("W0001 搞定一半
    明天再来") keeps it news at most."""
    parts = [c for c in clauses(WISH.sub(" ", text)) if c]
    if not 2 <= len(parts) <= MAX_DONE_CLAUSES or any(_NOT_YET_DONE.search(c) for c in parts):
        return False
    return any(_DONE.fullmatch(END_PARTICLES.sub("", c) or c) for c in parts)


def _said_fulfilled(text: str) -> bool:
    """A clause of its own says it came true: "已实现", "小郑来过了 挺好的 已经实现了"."""
    parts = [END_PARTICLES.sub("", c) or c for c in clauses(text)]
    return len(parts) <= 4 and any(_CODELESS.fullmatch(p) for p in parts)


# Without a code only the words that name the wish or its coming true: "实现了" alone is
# too common ("梦想实现了"), "心愿实现了", "已实现", "已经实现了" are not.
_CODELESS = re.compile(
    r"(?:我的?)?(?:微?心愿)(?:已经?|都|终于)?实现(?:了|啦|喽)?|已经?实现(?:了|啦)?"
)
