"""A command with its code as one clause among others: words before it as well as after.

"小郑已经来帮我换好了 已实现W0001 太感谢了🙏": the clause "已实现W0001" is the command, what
follows is its trailing words, what came before is the speaker's story. Only a clause that is
nothing but a command word and its code counts, so "认领E0001的人没来" (one clause) stays speech.
Tried last, when no rule read the message as a whole.
"""

from __future__ import annotations

import re

from bot.chat.phrasing.text import Needs, Rewrite, clauses

_COMMAND_CLAUSE = re.compile(
    r"(?P<verb>已实现|进度|认领|接单|公开|不公开|取消报名|报名)"
    r"\s*(?P<code>[EeWwHh]\s*\d+|(?<=报名)\s*\d{1,4})"
)
_VERB_CODES = {"已实现": "Ww", "公开": "Ww", "不公开": "Ww", "认领": "EeWwHh", "接单": "EeWwHh"}


# "收音机响了！已实现 W0001 谢谢小孙" (convofix11c): the space between the command word and
# its code splits no clause.
_SPACED = re.compile(r"(已实现|进度|认领|接单|公开|不公开)\s+(?=[EeWwHh]\s*\d)")


def embedded(text: str, **_: bool) -> Rewrite | None:
    parts = clauses(_SPACED.sub(r"\1", text))
    found = [
        (i, match)
        for i, part in enumerate(parts)
        if (match := _COMMAND_CLAUSE.fullmatch(part)) is not None and _fits(match)
    ]
    if len(found) != 1:
        return None
    i, match = found[0]
    verb, code = match["verb"], match["code"].replace(" ", "")
    tail = " ".join(parts[i + 1 :])
    needs: Needs | None = "member" if verb in ("认领", "接单") and code[:1] not in "Hh" else None
    return Rewrite(f"{verb} {code} {tail}".strip(), needs)


def _fits(match: re.Match[str]) -> bool:
    """The code is one the command takes: 已实现 a W, 进度 an E or a W, 报名 a number."""
    letters = _VERB_CODES.get(match["verb"])
    return letters is None or match["code"].lstrip()[:1] in letters
