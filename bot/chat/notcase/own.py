"""A question about the person's own open request inside a longer message (convo4 F62).

"怎么还没人来啊 我的帮办呢" carries the command 「我的帮办」 as one of its clauses, and asks
about a request that exists; read as a whole it looked like a complaint about 物业服务 and
became a case that climbed to 街道. A clause that is an own-status command (or a question the
code-less commands answer: "我有多少积分") makes the message that status query.
"""

from __future__ import annotations

import re

from bot.chat import asking
from bot.chat.phrasing.text import clauses

# The own-status commands, as a clause starts with them ("我的帮办呢", "我的心愿怎么没人理").
_OWN = re.compile(r"(?:我|俺)(?:的|家的)(?P<what>帮办|代办|微?心愿|诉求|报名|积分)")
_COMMAND = {
    "帮办": "我的帮办",
    "代办": "我的帮办",
    "心愿": "我的心愿",
    "微心愿": "我的心愿",
    "诉求": "我的诉求",
    "报名": "我的报名",
    "积分": "我的积分",
}
MAX_ASKING = 60  # a longer message tells a story; its status words are not the point


def status_commands(text: str) -> list[str]:
    """The own-status commands this message asks, in the order it asks them."""
    if len(text) > MAX_ASKING:
        return []
    found: list[str] = []
    for clause in clauses(text):
        command = asking.question_command(clause)
        own = _OWN.search(clause)
        if command is None and own is not None:
            command = _COMMAND[own["what"]]
        if command is not None and command.startswith("我的") and command not in found:
            found.append(command)
    return found
