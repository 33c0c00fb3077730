"""A question about the person's own open request inside a longer message (convo4 F62).

"怎么还没人来啊 我的帮办呢" carries the command 「我的帮办」 as one of its clauses, and asks
about a request that exists; read as a whole it looked like a complaint about 物业服务 and
became a case that climbed to 街道. A clause that is an own-status command (or a question the
code-less commands answer: "我有多少积分") makes the message that status query.
"""

from __future__ import annotations

import re

from bot.chat import asking, several
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
# "谁来帮我啊 什么时候到", "怎么还没人来": waiting for someone — a 帮办's status when the
# person's only open request is one (convo4 F39); with an open case of theirs it is the case's.
_WAITING = re.compile(
    r"谁来|(?:什么|啥)时候(?:来|到|上门)|怎么还没(?:有)?人?来|(?:人|师傅|志愿者)(?:呢|还不来)|还来不来"
)
# "我那个建议有人看了吗", "我提的建议怎么样了": their latest 说事 (convo4 F27).
_MY_SUGGESTION = re.compile(
    r"(?:我|俺)(?:那个|的|提的|说的)(?:那个)?(?:建议|说事|想法)(?:有人|怎么样|咋样|到哪|呢|看了|回复|处理)"
)
# "我的意见记下了吗" right after giving one (convo4 F31).
_MY_OPINION = re.compile(r"(?:我|俺)(?:的|提的|说的)(?:意见|想法)(?:记下|记上|收到|有人看|转|呢)")
MAX_ASKING = 60  # a longer message tells a story; its status words are not the point


def status_commands(text: str) -> list[str]:
    """The own-status commands this message asks, in the order it asks them."""
    if len(text) > MAX_ASKING:
        return []
    found: list[str] = []
    for clause in clauses(text):
        command = asking.question_command(several.joined(clause))
        own = _OWN.search(clause)
        if command is None and own is not None:
            command = _COMMAND[own["what"]]
        if command is not None and command.startswith("我的") and command not in found:
            found.append(command)
    return found


def waiting(text: str) -> bool:
    return len(text) <= MAX_ASKING and _WAITING.search(text) is not None


def asks_suggestion(text: str) -> bool:
    return len(text) <= MAX_ASKING and _MY_SUGGESTION.search(text) is not None


def asks_opinion(text: str) -> bool:
    return len(text) <= MAX_ASKING and _MY_OPINION.search(text) is not None
