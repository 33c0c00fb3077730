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
from itertools import repeat
from typing import Any

from intents.automaton import Hit, TermAutomaton
from intents.normalize import fold_width

# A question mark does not end the sentence: "请问谁管一下？有人在烧东西" is one request.
# jieba's own block pattern (re_han_default): it segments each such run separately.
_RUN = re.compile(r"[\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-]+")
# A verb of going right before an elsewhere marker makes it a destination (去菜市场).
_ERRAND = frozenset("去到")
# ... and the 小区 right before one makes it ours (小区路上).
_OURS = frozenset({"小区", "院里", "楼下"})
# ... and a neighbour away is no news from elsewhere (convo14 neighbour_away): in "隔壁302老周家
# 出差去了 他家门口的水表一直在转" the trip is theirs, the leak at their door is ours.
_TRIPS = frozenset({"出差", "外地", "老家"})
_NEIGHBOUR_BEFORE = re.compile(r"(?:隔壁|邻居|对门|对面|楼上|楼下|他|她)[^\s，,。！!？?；;]{0,8}$")
# ... when the words say they are away ("出差去了", "在外地 "), not where ("他出差那个城市停电了").
_AWAY_AFTER = re.compile(r"(?:去了|了|中|一|几|两|半|好几|还没|没回|[\s，,。！!；;]|$)")
# Reassurance negated is worry (round thirteen): 老人扶着不放心, 不太放心, 放心不下, 哪能放心 say
# the problem is there now, not that it is settled (放心 alone: 放心吧 已经修好了).
_REASSURANCE = frozenset({"放心", "别担心", "别慌"})
_WORRY_BEFORE = ("不", "不太", "不大", "不敢", "不能", "没法", "哪能", "怎么", "咋能", "很不")
_WORRY_AFTER = ("不下", "不了")
# A fault given to a person instead (round thirteen): "漏气的不是暖气是我", "坏掉的不是电梯 是我的
# 老腰", "堵的不是下水道是我的心": the contrast says the fault words are a figure for the writer
# (or someone) and the thing named is fine. A place or a thing after 是 is a real correction
# (漏水的不是厨房是我家卫生间, 着火的不是我家是楼下): that fault stays live.
_FIGURE_FOR_PERSON = re.compile(
    r"的不是[^。！!？?；;，,\n]{1,8}?[，, ]?(?:而)?是"
    r"(?:(?:我|你|他|她|咱|俺|人家|本人)(?:们)?(?!们?(?:家|楼|屋|这|那|小区|单元|卫生间|厨房))"
    r"|(?:我的|我们的)?(?:心|脑子|脑袋|眼泪|钱包|头发|老腰|腰|腿|膝盖|心情|情绪|钱|工资))"
)
_SENTENCE_END = frozenset("。！!；;\n")
_CLAUSE_END = _SENTENCE_END | frozenset("？?，,、 ~～…")
_SENTENCE_END_RE = re.compile("[" + re.escape("".join(sorted(_SENTENCE_END))) + "]")
# A phone number, as adverts give it (mobile or landline, digits only after normalising).
_PHONE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)|(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)")
_CLAUSE_END_RE = re.compile("[" + re.escape("".join(sorted(_CLAUSE_END))) + "]")
# Rules whose markers must start a jieba word; the others (【转发】, 👍) are distinctive enough.
_BOUNDED = (
    "negation",
    "hypothetical",
    "hypothetical_suffix",
    "suggestion",
    "past",
    "past_earlier",
    "recurrence",
    "elsewhere",
    "elsewhere_place",
    "present",
    "home",
)
# The rules that can give a term a status other than live.
_QUALIFYING = frozenset(
    (
        "negation",
        "hypothetical",
        "suggestion",
        "hypothetical_suffix",
        "past",
        "elsewhere",
        "elsewhere_place",
    )
)
_LISTS = (
    *_BOUNDED,
    "forwarded",
    "notice",
    "first_person",
    "advert",
    "insult",
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
    insult: bool = False  # 神经病, 你全家: abuse at someone, never a report by itself


class ContextReader:
    def __init__(self, rules: ContextRules, cache_size: int = 4096) -> None:
        self.rules = rules
        self._role: dict[str, tuple[str, ...]] = {}
        for name, words in rules.markers.items():
            if name in ("irony_emoji", "question_marks"):
                continue
            for word in words:
                self._role[word] = (*self._role.get(word, ()), name)
        self._automaton = TermAutomaton(self._role)
        # Per marker word: whether any of its roles needs a word start (most do not).
        self._bounded = {w: any(r in _BOUNDED for r in roles) for w, roles in self._role.items()}
        self._question = _any_of(rules.markers["question_marks"])
        self._emoji = _any_of(rules.markers["irony_emoji"])
        # Word starts per run of word characters, across messages: "电梯又坏了" comes back
        # often, and segmenting it is the dearest step here. Bounded; emptied when full.
        self._words: dict[str, dict[int, int]] = {}
        self._segment: Callable[[str], Sequence[str]] | None = None
        self._cache_size = cache_size

    @property
    def words(self) -> frozenset[str]:
        """Every marker phrase the automaton looks for (for a scan shared with other stages)."""
        return frozenset(self._role)

    def read(
        self,
        raw: str,
        text: str,
        segment: Callable[[str], Sequence[str]],
        hits: Sequence[Hit],
        markers: Sequence[Hit] | None = None,
    ) -> Context:
        """`segment` (jieba) is asked only for the run of characters around a marker that
        needs a word boundary: jieba cuts each run between punctuation on its own, so that
        gives the same words as the whole text, and segmentation is the dearest step here.
        `markers`: the marker phrases in `text` when the caller already scanned for them
        (what `words` lists, found as TermAutomaton finds them)."""
        if markers is None:
            markers = self._automaton.find(text)
        found: dict[str, list[Hit]] = {}
        role_of, bounded = self._role, self._bounded
        runs: list[tuple[int, int]] | None = None
        for marker in markers:
            term = marker.term
            # Whether the marker starts a jieba word, asked once per marker and only when
            # one of its roles needs it and there are terms it could qualify.
            starts_word = None if hits and bounded[term] else False
            for role in role_of[term]:
                if role in _BOUNDED:
                    if starts_word is None:
                        if runs is None:
                            runs = [m.span() for m in _RUN.finditer(text)]
                        starts_word = self._starts_word(text, marker, runs, segment)
                    if not starts_word:
                        continue  # also when no hits: these rules only qualify terms
                found.setdefault(role, []).append(marker)
        if "elsewhere" in found:
            # A place one is going to (帮我去菜市场买点菜, 陪我到商场): the errand is the
            # writer's, not news from elsewhere; and the 小区's own road (小区路上, 小区马路上) is
            # ours (round nine).
            found["elsewhere"] = [
                m
                for m in found["elsewhere"]
                if text[max(m.start - 1, 0) : m.start] not in _ERRAND
                and text[max(m.start - 2, 0) : m.start] not in _OURS
                and not (
                    m.term in _TRIPS
                    and _NEIGHBOUR_BEFORE.search(text[: m.start])
                    and _AWAY_AFTER.match(text, m.end)
                )
            ]
            if not found["elsewhere"]:
                del found["elsewhere"]
        if "past" in found:
            # Reassurance negated is worry (不放心, 放心不下): the problem is current.
            found["past"] = [
                m
                for m in found["past"]
                if m.term not in _REASSURANCE
                or not (
                    text[max(m.start - 2, 0) : m.start].endswith(_WORRY_BEFORE)
                    or text[m.end : m.end + 2] in _WORRY_AFTER
                )
            ]
            if not found["past"]:
                del found["past"]
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
        question = self._question is not None and self._question.search(text) is not None
        irony = bool(found.get("irony")) or (
            self._emoji is not None and self._emoji.search(raw) is not None
        )
        seen = tuple(f"{role}:{m.term}" for role, ms in found.items() for m in ms) if found else ()
        hedged = bool(found.get("hedge"))
        insult = bool(found.get("insult"))
        if not hits:
            forwarded = self._forwarded(found, raw, text, None)
            away = bool(found.get("elsewhere") or found.get("elsewhere_place"))
            return Context((), (), forwarded, irony, question, away, seen, hedged, insult)
        clauses = _boundaries(text, _CLAUSE_END_RE)
        sentences = [p for p in clauses if text[p] in _SENTENCE_END]
        elsewhere_found = found.get("elsewhere")
        starts = [h.start for h in hits] if clauses else []
        if not sentences:
            # One sentence: every position is in sentence 0.
            sentence: tuple[int, ...] = (0,) * len(hits)
        else:
            sentence = tuple(map(bisect.bisect_right, repeat(sentences), starts))
        if _QUALIFYING.isdisjoint(found):
            # No rule that qualifies a term: every term is live (most messages). The clause of
            # each term is wanted only below.
            status: tuple[str, ...] = ("live",) * len(hits)
        else:
            if not clauses:
                # One clause, one sentence: every position is in clause 0 and sentence 0.
                of_hits: list[tuple[int, int]] = [(0, 0)] * len(hits)
            else:
                of_hits = list(
                    zip(sentence, map(bisect.bisect_right, repeat(clauses), starts), strict=True)
                )
            status = self._statuses(text, hits, found, sentences, clauses, of_hits)
        if "negation" in found:
            status = _figures_for_person(text, hits, clauses, status)
        forwarded = self._forwarded(found, raw, text, sentences)
        return Context(
            status=status,
            sentence=sentence,
            forwarded=forwarded,
            irony=irony,
            question=question,
            elsewhere=bool(elsewhere_found),
            markers=seen,
            hedged=hedged,
            insult=insult,
        )

    def _starts_word(
        self,
        text: str,
        marker: Hit,
        runs: Sequence[tuple[int, int]],
        segment: Callable[[str], Sequence[str]],
    ) -> bool:
        """Whether the marker starts a jieba word of the run of word characters it sits in
        (what jieba segments as one block); a one-character marker must be a word by itself:
        防 in 防火门, 怕 in 哪怕 are parts of other words, not a warning or a worry."""
        pos = marker.start
        i = bisect.bisect_right(runs, (pos, len(text) + 1)) - 1
        if i < 0 or not runs[i][0] <= pos < runs[i][1]:
            return False  # not on a word character: no word starts there
        left, right = runs[i]
        if pos == left and len(marker.term) != 1:
            return True  # a run's first word starts where the run does: no need to cut it
        if segment is not self._segment and segment != self._segment:
            self._words.clear()  # another segmenter: its cuts may differ
            self._segment = segment
        run = text[left:right]
        words = self._words.get(run)
        if words is None:
            if len(self._words) >= self._cache_size:
                self._words.clear()
            words = self._words[run] = _token_starts(segment(run))
        length = words.get(pos - left)
        return length is not None and (len(marker.term) != 1 or length == 1)

    def _statuses(
        self,
        text: str,
        hits: Sequence[Hit],
        found: Mapping[str, Sequence[Hit]],
        sentences: Sequence[int],
        clauses: Sequence[int],
        of_hits: Sequence[tuple[int, int]],
    ) -> tuple[str, ...]:
        """Each term's status when some rule may qualify it."""
        rules = self.rules

        def sentence_of(pos: int) -> int:
            return bisect.bisect_right(sentences, pos)

        def clause_of(pos: int) -> int:
            return bisect.bisect_right(clauses, pos)

        recurring = {sentence_of(m.start) for m in found.get("recurrence", ())}
        past_sentences = {sentence_of(m.start) for m in found.get("past", ())} - recurring
        # A time before now (上回, 上次, 去年) in a later clause sets an earlier event beside the
        # report, it does not make the report old: "消防通道用铁链锁了 … 上回救护车都进不来"
        # (round fourteen). Before the report, or in its clause, it still covers it.
        earlier = {m.start for m in found.get("past_earlier", ())}
        past_marks = [
            (sentence_of(m.start), clause_of(m.start), m.start in earlier)
            for m in found.get("past", ())
        ]
        # Elsewhere covers its own clause and what follows it in the sentence: "看了个视频，
        # 教怎么识别燃气泄漏" is not a report, "我妈摔倒了，我在外地" still is.
        elsewhere = [
            (clause_of(m.start), sentence_of(m.start), m.start) for m in found.get("elsewhere", ())
        ]
        # ... until a later clause comes home (我们4号楼, 我家, 咱小区): "我刚从菜市场回来
        # 白菜才八毛 对了 我们4号楼的消防通道又被堵死了" is a report (convo3 D35).
        homes = [(m.start, clause_of(m.start)) for m in found.get("home", ())]
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
        for hit, (s, c) in zip(hits, of_hits, strict=True):
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
            elif s in past_sentences and any(
                ms == s and not (early and mc > c) for ms, mc, early in past_marks
            ):
                state = "past"
            elif (
                elsewhere
                and any(
                    c == ec
                    or (
                        s == es
                        and hit.start >= start
                        and not any(ec < hc and h <= hit.start for h, hc in homes)
                    )
                    for ec, es, start in elsewhere
                )
            ) or (
                places
                and any(c == pc and 0 <= hit.start - end <= place_window for pc, end in places)
            ):
                state = "elsewhere"
            status.append(state)
        return tuple(status)

    def _forwarded(
        self,
        found: Mapping[str, Sequence[Hit]],
        raw: str,
        text: str,
        sentences: Sequence[int] | None,
    ) -> bool:
        """Pasted, not written: a forwarding marker; an advert (a trade's wording beside a phone
        number or a second trade phrase: 上门维修 电话139…, 防水补漏 不漏不收费); or a notice's
        wording or an article's shape (long, titled) from someone who does not speak of their
        own home."""
        if found.get("forwarded"):
            return True
        adverts = found.get("advert")
        if adverts and (len({m.term for m in adverts}) > 1 or _PHONE.search(text)):
            return True
        if found.get("first_person"):
            return False
        return bool(found.get("notice")) or self._looks_like_article(raw, text, sentences)

    def _looks_like_article(self, raw: str, text: str, sentences: Sequence[int] | None) -> bool:
        rules = self.rules
        if len(text) < rules.article_min_chars:
            return False  # checked first: the common case costs one len()
        if sentences is None:
            sentences = _boundaries(text, _SENTENCE_END_RE)
        titled = text.startswith(("【", "《", "#")) or "\n" in raw.strip()[:40]
        return titled or len(sentences) + 1 >= rules.article_min_sentences


def _figures_for_person(
    text: str, hits: Sequence[Hit], clauses: Sequence[int], status: tuple[str, ...]
) -> tuple[str, ...]:
    """Terms before "的不是 X 是我" in its clause (漏气的不是暖气是我) are a figure: negated."""
    spans = []
    for match in _FIGURE_FOR_PERSON.finditer(text):
        i = bisect.bisect_right(clauses, match.start())
        start = clauses[i - 1] if i else 0
        spans.append((start, match.end()))
    if not spans:
        return status
    return tuple(
        "negated" if any(a <= hit.start < b for a, b in spans) else state
        for hit, state in zip(hits, status, strict=True)
    )


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


def _any_of(phrases: frozenset[str]) -> re.Pattern[str] | None:
    """One regex search for "any of these phrases occurs" (None: there are none)."""
    if not phrases:
        return None
    return re.compile("|".join(map(re.escape, sorted(phrases, key=len, reverse=True))))


def _token_starts(tokens: Sequence[str], offset: int = 0) -> dict[int, int]:
    """Where each word starts in the text, and its length."""
    starts, pos = {}, offset
    for token in tokens:
        starts[pos] = len(token)
        pos += len(token)
    return starts


def _boundaries(text: str, pattern: re.Pattern[str]) -> list[int]:
    """Where the characters of `pattern` stand in `text` (a regex scan in C, not a loop per
    char)."""
    return [m.start() for m in pattern.finditer(text)]
