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
