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
from intents.decide import Decision, Mode, decide
from intents.evidence import Evidence, Signal, gather
from intents.lexicon import Lexicon, LexiconError, load_lexicon
from intents.locations import parse_location
from intents.model import Intent
from intents.ngram import ModelError, NgramModel, Opinion
from intents.normalize import Normalizer
from intents.segcache import build_tokenizer, default_cache_dir

# Bounds the cost of a pasted article; the first few thousand characters carry any complaint.
MAX_CHARS = 4000
MODEL_FILE = "model.json"
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
        signals: dict[str, list[Signal]] = {}
        for category, weights in lexicon.categories.items():
            for term, weight in weights.items():
                signals.setdefault(term, []).append(("issue", category, weight))
        for section in ("problem", "wish", "chat"):
            for term, weight in getattr(lexicon, section).items():
                signals.setdefault(term, []).append((section, None, weight))
        dangers = lexicon.urgent | set(lexicon.urgent_category) | lexicon.urgent_weak
        for term in dangers | lexicon.urgent_harm:
            signals.setdefault(term, []).append(("urgent", None, 0.0))
        # Compose words are found (and read in context) like any term, but they are not
        # domain words for jieba: 味 or 喷 alone must not change its segmentation.
        for rule in lexicon.urgent_compose:
            sides = (("hazard", rule.hazard), ("sign", rule.sign), ("exclude", rule.exclude))
            for side, words in sides:
                for term in words:
                    signals.setdefault(term, []).append((side, rule.name, 0.0))
        self._signals = {term: tuple(entries) for term, entries in signals.items()}
        self._categories = tuple(lexicon.categories)
        try:
            rules = ContextRules.from_document(lexicon.context)
        except ContextError as exc:
            raise LexiconError(str(exc)) from exc
        self._context = ContextReader(rules)
        self._politeness = rules.markers["politeness"]
        self._people = lexicon.urgent_people
        self._compose = {rule.name: rule.category for rule in lexicon.urgent_compose}
        states = (
            lexicon.urgent_people
            | lexicon.urgent_now
            | lexicon.urgent_doubt
            | lexicon.urgent_over
            | lexicon.urgent_conditional
            | lexicon.urgent_figure
            | lexicon.urgent_advice
        )
        # One pass over the message for the lexicon terms, the negative phrases, the context
        # markers and the urgency-state words (people, now, doubt, over).
        self._scan = TermSets((self._signals, lexicon.negative, self._context.words, states))
        self._containers = self._scan.containers(0)

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
        if not isinstance(text, str):
            return Intent(kind="chat")
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
        found_states = [h for h in state_words if not _asked(clean, h)]
        states = {h.term for h in found_states}
        evidence = gather(
            hits,
            context,
            self._signals,
            self._categories,
            self.lexicon.urgent_category,
            self._politeness,
            vetoed,
            (self.lexicon.urgent_weak, bool(states & self._people), self.lexicon.urgent_harm),
            self._compose,
            self._containers,
        )
        calm = self._urgency_doubted(
            states, context, evidence, self._advice_first(found_states, hits, evidence)
        )
        # A composed danger (燃气+味) is weaker evidence than a danger word: doubted, it is
        # simply dropped rather than marking the message as talk about a danger.
        named_danger = any("+" not in term for term in evidence.urgent)
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

        decision = decide(evidence, context, opinion, self.settings, self.mode, calm, named_danger)
        return Trace(clean, tuple(hits), context, evidence, asked[0] if asked else None, decision)

    def explain(self, text: str) -> dict[str, Any]:
        """What each stage saw, as plain data."""
        trace = self.trace(text) if isinstance(text, str) else None
        if trace is None:
            return {"normalised": ""}
        ev = trace.evidence
        op = self.model.opinion(trace.text) if self.model is not None else None
        return {
            "normalised": trace.text,
            "tokens": self.tokenize(trace.text),
            "terms": [
                f"{h.term}@{h.start}:{state}"
                for h, state in zip(trace.hits, trace.context.status, strict=True)
            ],
            "context": {
                "markers": list(trace.context.markers),
                "forwarded": trace.context.forwarded,
                "irony": trace.context.irony,
                "question": trace.context.question,
                "elsewhere": trace.context.elsewhere,
            },
            "evidence": {
                "scores": {k: round(v, 2) for k, v in ev.scores.items()},
                "category": ev.category,
                "issue": round(ev.issue, 2),
                "wish": round(ev.wish, 2),
                "chat": round(ev.chat, 2),
                "urgent": list(ev.urgent),
                "cancelled": list(ev.cancelled),
                "terms": ev.terms,
            },
            "model": None
            if op is None
            else {
                "kind": {k: round(v, 3) for k, v in op.kind.items()},
                "category": op.category,
                "category_p": round(op.category_p, 3),
            },
            "decision": {
                "action": trace.decision.action,
                "kind": trace.decision.kind,
                "category": trace.decision.category,
                "urgent": trace.decision.urgent,
                "reason": trace.decision.reason,
            },
        }

    def _advice_first(self, found: list[Hit], hits: list[Hit], evidence: Evidence) -> bool:
        """An advice word (千万, 不要, 一定要) before the first danger: the danger sits inside the
        advice (千万不要在楼道充电 容易着火). After a danger already reported it is the warning
        people shout in an emergency (煤气味好大 大家千万别开灯) and withdraws nothing."""
        advice = [h.start for h in found if h.term in self.lexicon.urgent_advice]
        if not advice:
            return False
        if not evidence.urgent:
            return True  # no danger reported: it keeps the model's urgency head away too
        words = {part for term in evidence.urgent for part in term.split("+")}
        dangers = [h.start for h in hits if h.term in words]
        return not dangers or min(advice) < min(dangers)

    def _urgency_doubted(
        self, states: set[str], context: Context, evidence: Evidence, advice_first: bool = False
    ) -> int:
        """How far the message is from a danger happening now: 0 now (or no sign otherwise),
        1 doubted, 2 over. Over: a retraction or all-clear anywhere (刚才那个是误报, 孩子找到了).
        Doubted: a past or forwarded marker or a condition (万一, 假如) anywhere in the message
        (not only in the danger's own clause), a time in the past (昨天), or a question naming
        nothing but words chat also uses and no person at risk, unless the message also says now
        (正在, 快来, 刚才, 还在)."""
        lex = self.lexicon
        roles = {m.split(":", 1)[0] for m in context.markers}
        if not states.isdisjoint(lex.urgent_figure) and states.isdisjoint(lex.urgent_now):
            return 1  # a figure of speech or a joke, even beside 又 or 还是
        if "recurrence" in roles:
            # 又, 还是 keep a past danger current, not a supposed one (假如…还是…).
            return int(not states.isdisjoint(lex.urgent_conditional))
        if not states.isdisjoint(lex.urgent_over):
            return 2
        if not states.isdisjoint(lex.urgent_now):
            return 0
        if roles & {"past", "forwarded"}:
            return 1
        # Advice words (注意, 平时, 怕) elsewhere in the message do not make a danger supposed:
        # they already cancel what follows them in their own sentence. A condition does,
        # wherever it stands (万一, 假如).
        if "hypothetical" in roles and not states.isdisjoint(lex.urgent_conditional):
            return 1
        if advice_first or not states.isdisjoint(lex.urgent_doubt):
            return 1
        weak_only = all(t in lex.urgent_weak for t in evidence.urgent)
        # A question for help about a person (我妈摔了起不来 有人能帮下吗) is still a report.
        people = not states.isdisjoint(self._people)
        return int(context.question and weak_only and bool(evidence.urgent) and not people)

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


def _asked(text: str, hit: Hit) -> bool:
    """不是着火 denies a fire, but 是不是着火了 asks whether there is one: a denial inside 是不是
    is a question, not an all-clear."""
    return hit.term.startswith("不是") and text[max(hit.start - 1, 0) : hit.start] == "是"
