"""The intent engine as stages, each a small pure function with its own data:

    normalise → find terms (Aho–Corasick over characters) → context rules → evidence
    → the learned second opinion (n-gram weight table) → decide (case / wish / review / none)

jieba is kept for what it is good at here: word starts for the context markers, and the user
dictionary. Matching does not depend on how it cuts a phrase (路灯不亮 → 路 / 灯不亮 still
finds 路灯). `explain` shows what each stage saw, for staff and lexicon work.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import Any

import jieba

from intents.automaton import Hit, TermSets
from intents.context import Context, ContextError, ContextReader, ContextRules
from intents.decide import Decision, Mode, decide, is_brief, says_something
from intents.evidence import Evidence, gather, signals_of
from intents.explain import describe
from intents.lexicon import Lexicon, LexiconError, load_lexicon
from intents.locations import parse_location
from intents.model import Intent
from intents.ngram import ModelError, NgramModel, Opinion
from intents.normalize import Normalizer
from intents.segcache import build_tokenizer, default_cache_dir
from intents.urgency import UrgencyStates

# Bounds the cost of a pasted article; the first few thousand characters carry any complaint.
MAX_CHARS = 4000
MODEL_FILE = "model.json"
# Intents kept per engine (see IntentEngine.classify), and the longest text kept: group chat
# repeats its short lines ("好的", "收到", "谢谢", "👍") all day.
CACHED_INTENTS = 4096
CACHED_CHARS = 200
# from_files' default: the private cache folder of intents.segcache.default_cache_dir().
DEFAULT_CACHE = Path("<default>")


@dataclass(frozen=True, slots=True)
class Trace:
    """Everything the stages saw for one message (what `explain` prints)."""

    text: str
    hits: tuple[Hit, ...]
    context: Context
    evidence: Evidence
    opinion: Opinion | None
    decision: Decision


class IntentEngine:
    """Owns its tokenizer, automaton and model; `classify` is then a pure function of text."""

    def __init__(
        self,
        lexicon: Lexicon,
        model: NgramModel | None = None,
        mode: Mode = "combined",
        cache_dir: Path | None = None,
    ) -> None:
        """`cache_dir`: a private folder for jieba's finished prefix dictionary
        (intents.segcache); None builds it in memory."""
        self.lexicon = lexicon
        self.settings = lexicon.settings
        self.model = model
        self.mode = mode
        self._normalize = Normalizer()
        self._tokenizer = _build_tokenizer(lexicon, cache_dir)
        self._signals = signals_of(lexicon)
        self._categories = tuple(lexicon.categories)
        try:
            rules = ContextRules.from_document(lexicon.context)
        except ContextError as exc:
            raise LexiconError(str(exc)) from exc
        self._context = ContextReader(rules)
        self._politeness = rules.markers["politeness"]
        self._urgency = UrgencyStates(lexicon)
        self._compose = {rule.name: rule.category for rule in lexicon.urgent_compose}
        self._compose_person = frozenset(r.name for r in lexicon.urgent_compose if r.person)
        # One pass over the message for the lexicon terms, the negative phrases, the context
        # markers and the urgency-state words (people, now, doubt, over).
        self._scan = TermSets(
            (self._signals, lexicon.negative, self._context.words, self._urgency.words)
        )
        self._containers = self._scan.containers(0)
        # The danger words a negative phrase can defuse, built once (not per message).
        self._danger = lexicon.urgent | set(lexicon.urgent_category)
        # classify's answers by text, for the settings, model and mode they were given under
        # (scripts swap those on a live engine; another set starts the cache afresh).
        self._intents: dict[str, Intent] = {}
        self._intents_for: tuple[object, ...] = ()

    @classmethod
    def from_files(
        cls,
        extra: Mapping[str, Any] | None = None,
        data_dir: Path | None = None,
        model_path: Path | None = None,
        mode: Mode = "combined",
        cache_dir: Path | None = DEFAULT_CACHE,
    ) -> IntentEngine:
        """The packaged lexicon and model, plus a community's additions and own weights file.
        jieba's prefix dictionary is cached in `segcache.default_cache_dir()` unless
        `cache_dir` names another folder (None: no cache).

        A bad lexicon raises LexiconError, a missing or corrupt model file ModelError.
        """
        model = load_model(model_path) if mode != "lexicon" else None
        if cache_dir is DEFAULT_CACHE:
            cache_dir = default_cache_dir()
        return cls(load_lexicon(extra, data_dir), model, mode, cache_dir)

    def normalize(self, text: str) -> str:
        return self._normalize(text)

    def tokenize(self, text: str) -> list[str]:
        # HMM off: it only guesses unseen words, which the lexicon cannot name anyway, and it
        # is a third of segmentation time.
        words: list[str] = self._tokenizer.lcut(text, HMM=False)  # jieba is untyped
        return words

    def classify(self, text: str) -> Intent:
        """The intent of `text`. A pure function of the text, so a text seen before gets the
        same (immutable) Intent back without the stages: a sixth of a chat line's CPU."""
        if not isinstance(text, str):
            return Intent(kind="chat")
        intents, given = self._intents, self._intents_for
        if (
            len(intents) >= CACHED_INTENTS
            or not given
            or given[0] is not self.settings
            or given[1] is not self.model
            or given[2] != self.mode
        ):
            # A new dict, not clear(): a console thread may be reading the old one.
            intents = self._intents = {}
            self._intents_for = (self.settings, self.model, self.mode)
        found = intents.get(text)
        if found is None:
            found = self._classify(text)
            if len(text) <= CACHED_CHARS:
                intents[text] = found
        return found

    def _classify(self, text: str) -> Intent:
        trace = self.trace(text)
        if trace is None:
            return Intent(kind="chat")
        d = trace.decision
        location = parse_location(trace.text)
        if d.action == "none":
            return Intent(
                kind="chat",
                # Nothing found at all is as sure as chat gets.
                confidence=1.0 - self._confidence(d.score) if trace.hits else 1.0,
                location=location,
                terms=tuple(trace.evidence.terms.get("chat", ())),
            )
        if d.kind == "wish":
            terms = tuple(trace.evidence.terms.get("wish", ()))
        else:
            terms = (*trace.evidence.terms.get(d.category or "", ()), *trace.evidence.urgent)
        return Intent(
            kind=d.kind,
            category=d.category if d.kind == "issue" else None,
            confidence=self._confidence(d.score),
            urgent=d.urgent,
            location=location,
            terms=tuple(dict.fromkeys(terms)),
            action=d.action,
        )

    def trace(self, text: str) -> Trace | None:
        raw = text[:MAX_CHARS]
        clean = self._normalize(raw)
        if not clean:
            return None
        found, negatives, markers, state_words = self._scan.find(clean)
        hits, vetoed = _veto(found, negatives)
        context = self._context.read(raw, clean, self.tokenize, hits, markers)
        found_states = self._urgency.present(clean, state_words)
        people = bool(found_states) and any(h.term in self._urgency.people for h in found_states)
        lex = self.lexicon
        evidence = gather(
            hits,
            context,
            self._signals,
            self._categories,
            lex.urgent_category,
            self._politeness,
            vetoed,
            (lex.urgent_weak, people, lex.urgent_harm),
            self._compose,
            self._containers,
            self._compose_person,
        )
        calm = self._urgency.calm(found_states, hits, context, evidence)
        # A composed danger (燃气+味) is weaker evidence than a danger word: doubted, it is
        # simply dropped rather than marking the message as talk about a danger.
        named_danger = bool(evidence.urgent) and any("+" not in t for t in evidence.urgent)
        if evidence.urgent and calm:
            evidence = replace(
                evidence,
                urgent=(),
                urgent_category=None,
                cancelled=(*evidence.cancelled, *(f"{t}:not now" for t in evidence.urgent)),
            )
        asked: list[Opinion] = []

        def opinion() -> Opinion | None:
            if self.model is None:
                return None
            if not asked:
                asked.append(self.model.opinion(clean))
            return asked[0]

        decision = decide(
            evidence,
            context,
            opinion,
            self.settings,
            self.mode,
            calm,
            named_danger,
            lambda: says_something(clean),
            bool(vetoed) and _defused(vetoed, self._danger),
            people,
            is_brief(clean, self.settings),
            bool(lex.anchors)
            and any(t in lex.anchors for t in evidence.terms.get(evidence.category or "", ())),
        )
        return Trace(clean, tuple(hits), context, evidence, asked[0] if asked else None, decision)

    def explain(self, text: str) -> dict[str, Any]:
        """What each stage saw, as plain data (intents.explain)."""
        trace = self.trace(text) if isinstance(text, str) else None
        if trace is None:
            return {"normalised": ""}
        op = trace.opinion
        if op is None and self.model is not None:
            op = self.model.opinion(trace.text)
        return describe(trace, self.tokenize(trace.text), op)

    def _confidence(self, score: float) -> float:
        x = self.settings.confidence_slope * (score - self.settings.issue_threshold) + 0.4
        return 1.0 / (1.0 + math.exp(-x))


def load_model(path: Path | None = None) -> NgramModel | None:
    """The given weights file, or the packaged one (None when the package ships none)."""
    if path is not None:
        return NgramModel.load(path)
    packaged = resources.files("intents.data").joinpath(MODEL_FILE)
    if not packaged.is_file():
        return None
    try:
        return NgramModel.load(Path(str(packaged)))
    except ModelError:
        raise


def _build_tokenizer(lexicon: Lexicon, cache_dir: Path | None) -> jieba.Tokenizer:
    user: list[tuple[str, int | None]] = []
    for line in lexicon.user_dict:
        word, *rest = line.split()
        user.append((word, int(rest[0]) if rest and rest[0].isdigit() else None))
    # Lexicon terms and negative phrases are domain words too: keep each one whole.
    domain = sorted(lexicon.all_terms() | lexicon.negative | set(lexicon.words))
    return build_tokenizer(user, domain, cache_dir)


def _defused(vetoed: list[str], danger: frozenset[str] | set[str]) -> bool:
    """Whether a negative phrase took out a danger word (着火 in 打不着火, 出不来 in 水都出不来);
    `danger`: the lexicon's danger words and those with a category of their own."""
    return any(v.rsplit(":", 1)[0] in danger for v in vetoed)


def _veto(hits: list[Hit], negatives: list[Hit]) -> tuple[list[Hit], list[str]]:
    """Terms kept, and the terms a negative context (电梯广告, 消防演练) cancelled."""
    if not hits or not negatives:
        return hits, []
    spans = [(n.start, n.end) for n in negatives]
    kept: list[Hit] = []
    vetoed: list[Hit] = []
    for h in hits:
        # A negative phrase that is itself a term (打不着火: a gas fault, not a fire) keeps
        # that term; it vetoes only the shorter terms inside it (着火).
        inside = any(s <= h.start and h.end <= e and (s, e) != (h.start, h.end) for s, e in spans)
        (vetoed if inside else kept).append(h)
    return kept, [f"{h.term}:negative" for h in vetoed]
