"""Several problems in one message: "路灯不亮了，还有垃圾桶满了好几天没人倒".

People list what is wrong in one breath, joined by 还有/另外/以及/再就是. Only such a
joiner makes a message a list; the message is then cut at the joiners, and each clause is
classified on its own (the caller does that with the intent engine). Clauses naming no
problem ("晚上黑得很") stay with the problem before them. Problems of one category in one
building stay one case (the merge rules compare category and building, so two such cases
would be joined anyway); problems of different categories, or in different buildings, are
different cases, each with its own handlers.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

_JOINER = re.compile(r"还有就是|再有就是|再就是|还有|另外|以及|此外|再有|顺便说一下|顺便")
_EDGES = "，,；;。！!？?、 \t\n"


class Place(Protocol):
    @property
    def building(self) -> str | None: ...


class Verdict(Protocol):
    @property
    def kind(self) -> str: ...
    @property
    def category(self) -> str | None: ...
    @property
    def location(self) -> Place: ...


@dataclass
class Problem:
    category: str
    building: str | None  # the building its clauses name, or the one named before them
    clauses: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "；".join(self.clauses)


def clauses(text: str) -> list[str] | None:
    """The clauses of a message that lists things, or None when it does not list anything.

    还有 alone may be "still" (怎么还有垃圾, 还有人在里面); the caller's category check keeps
    such a message whole, since its clauses name one problem between them.
    """
    if not _JOINER.search(text):
        return None
    # Only the joiners cut: the words between two joiners are read together, so a symptom
    # ("声音太大 吵得慌") stays with its cause.
    found = [p.strip(_EDGES) for p in _JOINER.split(text)]
    found = [p for p in found if p]
    return found if len(found) >= 2 else None


def problems(text: str, classify: Callable[[str], Verdict]) -> list[Problem] | None:
    """The distinct problems of a listing message, in order; None when it names fewer than two.

    A clause is a problem when the engine reads it as an issue with a category. A clause
    that is not stays with the problem before it (or the first one, when it leads).
    """
    parts = clauses(text)
    if parts is None:
        return None
    found: list[Problem] = []
    leading: list[str] = []
    building: str | None = None
    for part in parts:
        verdict = classify(part)
        building = verdict.location.building or building
        category = verdict.category if verdict.kind == "issue" else None
        same = next((p for p in found if (p.category, p.building) == (category, building)), None)
        if category is None:
            (found[-1].clauses if found else leading).append(part)
        elif same is not None:
            same.clauses.append(part)
        else:
            found.append(Problem(category, building, [part]))
    if len(found) < 2:
        return None
    found[0].clauses[:0] = leading
    return found
