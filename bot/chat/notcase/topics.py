"""Opinions on a 议题 that is open for them, said without its code (convo4 F61).

While Y0001「小区停车位重新划线」 asks residents for opinions, "停车位的事我有意见 外来车太多了"
and "对停车那个议题 我觉得应该先把僵尸车清走" are opinions on it, not 停车 cases: the topic's
organiser should read them, and a case climbed the escalation ladder instead. A message is an
opinion on a topic when it says it is one (意见, 议题, 我觉得…) and shares a content word with
the topic's title or description.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.chat.phrasing.text import QUESTION
from bot.domain.deliberation.topics import Topic

_OPINING = re.compile(
    r"议题|意见|建议|我觉得|我认为|俺觉得|应该|同意|支持|赞成|反对|不赞成|不同意|早该"
)
# Bigrams that every topic and every message share: they say nothing about which topic.
# Saying outright that it is an opinion on a topic; the other markers ("应该", "我觉得") also
# come with reports, so the pipeline lets the intent engine veto those.
_OUTRIGHT = re.compile(r"议题|意见|建议")
_COMMON = frozenset(
    "小区 社区 我们 大家 居民 这个 那个 事情 问题 意见 议题 建议 觉得 应该 重新 一下".split()  # noqa: SIM905
)
_HAN = re.compile(r"[\u4e00-\u9fff]+")
MAX_OPINION = 120

# ---- a topic asked about in words (convo14): "上回说的电动车不进楼道那个事 后来咋样了" ----------
# Asking where something stands, not saying what one thinks of it.
# Whether it was decided (convo15): residents drop the 了 ("定下来没有", "定好没"), or ask what
# was decided ("最后怎么定的", "定的啥"). 一定/肯定/确定/规定… are no decision ("一定没人管吗").
# Each form is a question by itself (没/吗/么, 怎么/啥), so no question mark is needed.
_DECIDED = re.compile(
    r"(?<![一肯确固规稳约指特预锁决])定(?:下来|下|好|出来)?了?(?:没|吗|么)"
    r"|决定了?(?:没|吗|么)|(?:怎么|咋|如何)定(?:的|了)|定(?:的|了)(?:啥|什么)"
)
_ASKS_STATUS = re.compile(
    r"(?:咋样|怎么样|怎样|如何)了|有(?:结果|下文|进展|说法|定论|眉目)|结果(?:呢|出来|怎么样|咋样|如何|是)"
    r"|(?:商量|讨论|研究|议)(?:得|出|的)(?:怎么样|咋样|结果|啥|什么)"
    r"|到哪(?:一步|步)?了|进展|进度|后来呢|怎么说了?|落实了?(?:没|吗|么)|(?:办|弄|搞)(?:了|好了)(?:没|吗|么)"
)
# Saying it is a matter talked over before: then a fault word in it is the matter, not a report.
_TALKED_OVER = re.compile(
    r"议题|那个事|这个事|那件事|这件事|的事|上回|上次|之前|商量|讨论|议事|提议"
)
# "…定下来没有啊 我家的鞋柜要不要搬" (convo15): 没(有) closing a clause asks, as 吗 does, though
# the message goes on; "没有人管" and "后来就没有了" are statements.
_ASKED_BY_NOT = re.compile(r"没有?[啊呀哇嘛吧]*(?=$|[\s，,。.!！?？;；])")
# Places every topic of a building may name; they say where, not which topic.
_PLACES = frozenset("楼道 门口 单元 楼栋 楼下 楼上 院子 院里 大门 楼里 道里 进楼".split())  # noqa: SIM905
MAX_ASKING = 60


def may_be_opinion(text: str) -> bool:
    """Cheap first look, before any topic is read."""
    return len(text) <= MAX_OPINION and _OPINING.search(text) is not None


def on_topic(text: str, topics: Sequence[Topic]) -> list[Topic]:
    """The consulting topics this message gives an opinion on (usually none or one)."""
    if len(text) > MAX_OPINION or not _OPINING.search(text):
        return []
    said = _bigrams(text)
    return [t for t in topics if said & _bigrams(f"{t.title} {t.description}")]


def _bigrams(text: str) -> set[str]:
    grams = {run[i : i + 2] for run in _HAN.findall(text) for i in range(len(run) - 1)}
    return grams - _COMMON


def says_opinion(text: str) -> bool:
    """The words call themselves an opinion ("我有意见", "对那个议题")."""
    return _OUTRIGHT.search(text) is not None


def asks_status(text: str) -> bool:
    """ "后来咋样了", "有结果了吗", "商量得怎么样了": where something stands is asked, as a
    question ("希望尽快有结果" under the call for opinions is one)."""
    if len(text) > MAX_ASKING:
        return False
    if _DECIDED.search(text) is not None:
        return True
    return _ASKS_STATUS.search(text) is not None and (
        QUESTION.search(text) is not None or _ASKED_BY_NOT.search(text) is not None
    )


def talked_over(text: str) -> bool:
    """The words call it a matter discussed before ("上回说的…那个事", "那个议题")."""
    return _TALKED_OVER.search(text) is not None


def named_by(text: str, topics: Sequence[Topic]) -> list[Topic]:
    """The topics whose title the words name by a word of its subject ("电动车" of
    电动车不进楼道), places and words every topic shares left out."""
    said = _bigrams(text) - _PLACES
    return [t for t in topics if said & _bigrams(t.title)]
