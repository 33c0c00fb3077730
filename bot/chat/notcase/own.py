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
# "我那个交电费的事办了没有啊", "我托你们买药那个怎么样了": her own errand, named by what it is,
# and whether it is done (convo15 helpdesk_utility_words). The errand's verbs are asked about
# as a repair's are ("办了没有", "交了吗", "买到没"), or where it stands in general.
_MY_ERRAND = re.compile(
    r"(?:我|俺)(?:家)?(?:那个|这个|那件|申请的|要办的|托你们|请你们|让你们|找人)"
)
_ERRAND_ASKED = re.compile(
    r"(?:办|交|缴|买|拿|取|送|弄|去|来)(?:好|完|到)?了?(?:没有?|吗|么)"
    r"|怎么样|咋样|到哪|有人(?:管|办|去|接|来)|什么时候|啥时候|几时|进度|进展|什么情况|啥情况"
)
# What the other own-status readers answer: her wish, case, suggestion … (named as such).
_OTHER_THING = re.compile(r"心愿|诉求|报修|投诉|建议|议题|投票|活动|报名|积分")
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


def asks_errand(text: str) -> bool:
    """ "我那个交电费的事办了没有啊": a question about her own errand by what it is; a 帮办's
    status when she has one (the caller checks), never the generic greeting."""
    said = "".join(text.split())
    return (
        len(said) <= MAX_ASKING
        and _MY_ERRAND.search(said) is not None
        and _ERRAND_ASKED.search(said) is not None
        and _OTHER_THING.search(said) is None
    )


_ERRAND_FILLER = re.compile(
    r"的事情?|那件事|的|事|那个|这个|有人|没有?|吗|么|呢|啊|呀|吧|了|能|到底|现在|请问|[\W_]"
)


def errand_named(text: str) -> str:
    """What an own-errand question names ("交电费" of "我那个交电费的事办了没有啊"); "" for
    none ("我那个事怎么样了")."""
    said = _ERRAND_ASKED.sub(" ", _MY_ERRAND.sub(" ", "".join(text.split())))
    return _ERRAND_FILLER.sub("", said)


def waiting(text: str) -> bool:
    return len(text) <= MAX_ASKING and _WAITING.search(text) is not None


def asks_suggestion(text: str) -> bool:
    return len(text) <= MAX_ASKING and _MY_SUGGESTION.search(text) is not None


def asks_opinion(text: str) -> bool:
    return len(text) <= MAX_ASKING and _MY_OPINION.search(text) is not None
