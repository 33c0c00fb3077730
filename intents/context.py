"""Stage 3: context rules as data (intents/data/context.toml) applied to the terms found.

Each found term gets a status: live, or cancelled by negation (没有漏水), a hypothetical
(万一着火, 着火了怎么办), the past or a retraction (上次着火, 是我搞错了), or talk about somewhere
else (你们那边停电了吗). The message as a whole may read as forwarded (【转发】, a long article),
ironic (真有素质👍) or a question. Politeness is deliberately not a rule: it never subtracts.

Scopes use punctuation for sentences and clauses, and jieba's word starts for markers, so a
marker inside a longer word (无 in 无法) does not fire.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from intents.automaton import Hit, TermAutomaton
from intents.normalize import fold_width

# A question mark does not end the sentence: "请问谁管一下？有人在烧东西" is one request.
# jieba's own block pattern (re_han_default): it segments each such run separately.
_WORD_CHAR = re.compile(r"[\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-]")
_SENTENCE_END = frozenset("。！!；;\n")
_CLAUSE_END = _SENTENCE_END | frozenset("？?，,、 ~～…")
# Rules whose markers must start a jieba word; the others (【转发】, 👍) are distinctive enough.
_BOUNDED = (
    "negation",
    "hypothetical",
    "hypothetical_suffix",
    "suggestion",
    "past",
    "recurrence",
    "elsewhere",
    "elsewhere_place",
    "present",
)
_LISTS = (
    *_BOUNDED,
    "forwarded",
    "notice",
    "first_person",
    "hedge",
    "politeness",
    "irony",
    "irony_emoji",
    "question_marks",
)


class ContextError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class ContextRules:
    markers: Mapping[str, frozenset[str]]
    negation_window: int = 4
    place_window: int = 4
    article_min_chars: int = 160
    article_min_sentences: int = 6

    @classmethod
    def from_document(cls, table: Mapping[str, Any]) -> ContextRules:
        markers: dict[str, frozenset[str]] = {}
        for name in _LISTS:
            items = table.get(name, [])
            if isinstance(items, str) or not isinstance(items, Sequence):
                raise ContextError(f"context.{name} must be a list of phrases")
            # Markers are matched on normalised text, where ： is already :.
            markers[name] = frozenset(
                fold_width(str(item).strip()) for item in items if str(item).strip()
            )
        unknown = (
            set(table)
            - set(_LISTS)
            - {
                "negation_window",
                "place_window",
                "article_min_chars",
                "article_min_sentences",
            }
        )
        if unknown:
            raise ContextError(f"unknown context rule(s): {sorted(unknown)}")
        try:
            return cls(
                markers=markers,
                negation_window=int(table.get("negation_window", 4)),
                place_window=int(table.get("place_window", 4)),
                article_min_chars=int(table.get("article_min_chars", 160)),
                article_min_sentences=int(table.get("article_min_sentences", 6)),
            )
        except (TypeError, ValueError) as exc:
            raise ContextError(f"context: {exc}") from exc


@dataclass(frozen=True, slots=True)
class Context:
    """What stage 3 saw: a status per term occurrence and flags for the whole message."""

    status: tuple[str, ...]  # per hit: live | negated | hypothetical | past | elsewhere
    sentence: tuple[int, ...]  # per hit: which sentence it sits in
    forwarded: bool = False
    irony: bool = False
    question: bool = False
    elsewhere: bool = False
    markers: tuple[str, ...] = ()
    hedged: bool = False  # 好像, 不知道是不是: the writer is not sure there is a problem


class ContextReader:
    def __init__(self, rules: ContextRules) -> None:
        self.rules = rules
        self._role: dict[str, tuple[str, ...]] = {}
        for name, words in rules.markers.items():
            if name in ("irony_emoji", "question_marks"):
                continue
            for word in words:
                self._role[word] = (*self._role.get(word, ()), name)
        self._automaton = TermAutomaton(self._role)

    def read(
        self,
        raw: str,
        text: str,
        segment: Callable[[str], Sequence[str]],
        hits: Sequence[Hit],
    ) -> Context:
        """`segment` (jieba) is asked only for the run of characters around a marker that
        needs a word boundary: jieba cuts each run between punctuation on its own, so that
        gives the same words as the whole text, and segmentation is the dearest step here."""
        rules = self.rules
        starts: dict[int, dict[int, int]] = {}  # run start -> word start -> word length
        found: dict[str, list[Hit]] = {}
        for marker in self._automaton.find(text):
            for role in self._role[marker.term]:
                if role in _BOUNDED:
                    if not hits:
                        continue  # these rules only qualify terms: nothing to qualify
                    left, right = _run(text, marker.start)
                    words = starts.get(left)
                    if words is None:
                        words = starts[left] = _token_starts(segment(text[left:right]), left)
                    length = words.get(marker.start)
                    # A one-character marker must be a word by itself: 防 in 防火门, 怕 in 哪怕
                    # are parts of other words, not a warning or a worry.
                    if length is None or (len(marker.term) == 1 and length != 1):
                        continue
                found.setdefault(role, []).append(marker)
        if "recurrence" in found:
            # A recurrence word that begins a longer marker is that marker (还是要注意 is advice,
            # not 还是 the fault again).
            longer = {
                (m.start, m.end) for role, ms in found.items() if role != "recurrence" for m in ms
            }
            found["recurrence"] = [
                m
                for m in found["recurrence"]
                if not any(s == m.start and e > m.end for s, e in longer)
            ]
            if not found["recurrence"]:
                del found["recurrence"]
        question = any(mark in text for mark in rules.markers["question_marks"])
        irony = bool(found.get("irony")) or any(e in raw for e in rules.markers["irony_emoji"])
        seen = tuple(f"{role}:{m.term}" for role, ms in found.items() for m in ms)
        if not hits:
            forwarded = self._forwarded(found, raw, text, None)
            away = bool(found.get("elsewhere") or found.get("elsewhere_place"))
            return Context((), (), forwarded, irony, question, away, seen, bool(found.get("hedge")))
        sentences = _boundaries(text, _SENTENCE_END)
        clauses = _boundaries(text, _CLAUSE_END)

        def sentence_of(pos: int) -> int:
            return bisect.bisect_right(sentences, pos)

        def clause_of(pos: int) -> int:
            return bisect.bisect_right(clauses, pos)

        recurring = {sentence_of(m.start) for m in found.get("recurrence", ())}
        past_sentences = {sentence_of(m.start) for m in found.get("past", ())} - recurring
        # Elsewhere covers its own clause and what follows it in the sentence: "看了个视频，
        # 教怎么识别燃气泄漏" is not a report, "我妈摔倒了，我在外地" still is.
        elsewhere = [
            (clause_of(m.start), sentence_of(m.start), m.start) for m in found.get("elsewhere", ())
        ]
        # A place named as the owner of what follows (学校电梯坏了, 商场门口的灯) covers only the
        # few characters after it: "家长接学校放学的孩子把车堵在小区门口" is still a report.
        places = [(clause_of(m.start), m.end) for m in found.get("elsewhere_place", ())]
        hypothetical = [
            (m.start, m.end, _scope_end(m, found, sentences, clauses, clause_of, len(text)))
            for m in found.get("hypothetical", ())
        ]
        # Each marker's clause once, not once per term (most messages have none of these).
        negation = [(m.end, clause_of(m.start)) for m in found.get("negation", ())]
        suggestion = [(m.start, m.end, clause_of(m.start)) for m in found.get("suggestion", ())]
        suffixes = [(m.start, clause_of(m.start)) for m in found.get("hypothetical_suffix", ())]
        window, place_window = rules.negation_window, rules.place_window
        status: list[str] = []
        sentence: list[int] = []
        for hit in hits:
            s, c = sentence_of(hit.start), clause_of(hit.start)
            state = "live"
            if negation and any(0 <= hit.start - end <= window and mc == c for end, mc in negation):
                state = "negated"
            elif (
                (
                    hypothetical
                    and any(
                        start <= hit.start < scope and end <= hit.end
                        for start, end, scope in hypothetical
                    )
                )
                or (
                    # A suggestion covers its own clause only: 建议多装几个充电口 is an idea, the
                    # clause after it (现在车棚只有六个插座 大家拉线上楼充) is the fault it answers.
                    suggestion
                    and any(
                        start <= hit.start and mc == c and end <= hit.end
                        for start, end, mc in suggestion
                    )
                )
                or (suffixes and any(start >= hit.end and mc == c for start, mc in suffixes))
            ):
                state = "hypothetical"
            elif s in past_sentences:
                state = "past"
            elif (
                elsewhere
                and any(c == ec or (s == es and hit.start >= start) for ec, es, start in elsewhere)
            ) or (
                places
                and any(c == pc and 0 <= hit.start - end <= place_window for pc, end in places)
            ):
                state = "elsewhere"
            status.append(state)
            sentence.append(s)

        forwarded = self._forwarded(found, raw, text, sentences)
        return Context(
            status=tuple(status),
            sentence=tuple(sentence),
            forwarded=forwarded,
            irony=irony,
            question=question,
            elsewhere=bool(elsewhere),
            markers=seen,
            hedged=bool(found.get("hedge")),
        )

    def _forwarded(
        self,
        found: Mapping[str, Sequence[Hit]],
        raw: str,
        text: str,
        sentences: Sequence[int] | None,
    ) -> bool:
        """Pasted, not written: a forwarding marker; or a notice's wording or an article's shape
        (long, titled) from someone who does not speak of their own home."""
        if found.get("forwarded"):
            return True
        if found.get("first_person"):
            return False
        return bool(found.get("notice")) or self._looks_like_article(raw, text, sentences)

    def _looks_like_article(self, raw: str, text: str, sentences: Sequence[int] | None) -> bool:
        rules = self.rules
        if len(text) < rules.article_min_chars:
            return False  # checked first: the common case costs one len()
        if sentences is None:
            sentences = _boundaries(text, _SENTENCE_END)
        titled = text.startswith(("【", "《", "#")) or "\n" in raw.strip()[:40]
        return titled or len(sentences) + 1 >= rules.article_min_sentences


def _scope_end(
    marker: Hit,
    found: Mapping[str, Sequence[Hit]],
    sentences: Sequence[int],
    clauses: Sequence[int],
    clause_of: Callable[[int], int],
    length: int,
) -> int:
    """Where a hypothetical (万一, 要是) stops: the end of its sentence, or sooner — after the
    clause that closes it with a suffix ("万一着火了怎么办 楼道里堆满了纸箱", the boxes are real),
    or before a later clause that states a present fact ("要是再不管 消防通道天天停满车")."""
    s = bisect.bisect_left(sentences, marker.start)
    end = sentences[s] if s < len(sentences) else length
    clause = clause_of(marker.start)
    for closer in found.get("hypothetical_suffix", ()):
        if marker.end <= closer.start < end:
            c = clause_of(closer.start)
            end = min(end, clauses[c] if c < len(clauses) else length)
    for fact in found.get("present", ()):
        c = clause_of(fact.start)
        if marker.end <= fact.start < end and c > clause:
            end = min(end, clauses[c - 1] + 1)
    return end


def _run(text: str, pos: int) -> tuple[int, int]:
    """The span of word characters around `pos` (what jieba segments as one block)."""
    left = pos
    while left > 0 and _WORD_CHAR.match(text[left - 1]):
        left -= 1
    right = pos
    while right < len(text) and _WORD_CHAR.match(text[right]):
        right += 1
    return left, right


def _token_starts(tokens: Sequence[str], offset: int = 0) -> dict[int, int]:
    """Where each word starts in the text, and its length."""
    starts, pos = {}, offset
    for token in tokens:
        starts[pos] = len(token)
        pos += len(token)
    return starts


_PATTERNS: dict[frozenset[str], re.Pattern[str]] = {}


def _boundaries(text: str, ends: frozenset[str]) -> list[int]:
    """Where the characters of `ends` stand in `text` (a regex scan in C, not a loop per char)."""
    pattern = _PATTERNS.get(ends)
    if pattern is None:
        pattern = _PATTERNS[ends] = re.compile("[" + re.escape("".join(sorted(ends))) + "]")
    return [m.start() for m in pattern.finditer(text)]
