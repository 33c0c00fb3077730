"""The intent engine: lexicon + own jieba tokenizer → `Intent` for a message.

Scoring, deliberately simple so staff can reason about it from the matched terms:

- each category's score is the sum of its matched term weights; the best category wins;
- generic complaint words (坏了, 没人管 …) add to it, but only once some category matched, so
  "坏了坏了 我又胖了" stays chat;
- small-talk signals (谢谢, 修好了, 通知 …) are subtracted: thanks after a fix is not a report;
- a 微心愿 wins when its phrasing is strong and no stronger issue evidence is present;
- below the threshold the engine abstains: the message is chat and the bot stays silent.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jieba

from intents.lexicon import Lexicon, load_lexicon
from intents.locations import parse_location
from intents.matcher import TermMatcher
from intents.model import Intent, Location
from intents.normalize import Normalizer

# Bounds the cost of a pasted article; the first few thousand characters carry any complaint.
MAX_CHARS = 4000


class IntentEngine:
    """Owns its tokenizer and compiled lexicon; `classify` is then a pure function of text."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.settings = lexicon.settings
        self._normalize = Normalizer()
        self._tokenizer = _build_tokenizer(lexicon)

        # term -> [(section, category, weight)]; one lookup per matched term at classify time.
        signals: dict[str, list[tuple[str, str | None, float]]] = {}
        for category, weights in lexicon.categories.items():
            for term, weight in weights.items():
                signals.setdefault(term, []).append(("issue", category, weight))
        for section in ("problem", "wish", "chat"):
            for term, weight in getattr(lexicon, section).items():
                signals.setdefault(term, []).append((section, None, weight))
        for term in lexicon.urgent:
            signals.setdefault(term, []).append(("urgent", None, 0.0))
        self._signals = {term: tuple(entries) for term, entries in signals.items()}
        self._categories = tuple(lexicon.categories)
        self._matcher = TermMatcher(self._signals, lexicon.negative)

    @classmethod
    def from_files(
        cls, extra: Mapping[str, Any] | None = None, data_dir: Path | None = None
    ) -> IntentEngine:
        """The packaged lexicon, plus a community's additions in the same shape as the files."""
        return cls(load_lexicon(extra, data_dir))

    def normalize(self, text: str) -> str:
        return self._normalize(text)

    def tokenize(self, text: str) -> list[str]:
        # HMM off: it only guesses unseen words, which the lexicon cannot name anyway, and it
        # is a third of segmentation time.
        return self._tokenizer.lcut(text, HMM=False)

    def classify(self, text: str) -> Intent:
        if not isinstance(text, str):
            return Intent(kind="chat")
        clean = self._normalize(text[:MAX_CHARS])
        if not clean:
            return Intent(kind="chat")
        found = self._matcher.match(clean, self.tokenize(clean))
        location = parse_location(clean)
        if not found:
            return Intent(kind="chat", location=location)
        return self._decide(found, location)

    def explain(self, text: str) -> dict[str, list[str]]:
        """Every matched term by section (issue categories by key), for staff and lexicon work."""
        clean = self._normalize(text[:MAX_CHARS])
        found = self._matcher.match(clean, self.tokenize(clean)) if clean else {}
        sections: dict[str, list[str]] = {}
        for term in found:
            for section, category, weight in self._signals[term]:
                sections.setdefault(category or section, []).append(f"{term}:{weight:g}")
        return sections

    def _decide(self, found: Mapping[str, None], location: Location) -> Intent:
        settings = self.settings
        # Bucket by category or section; within a bucket a term inside a longer matched term
        # (绿化 in 绿化带, 好几天 in 好几天了) is the same evidence and is not counted twice.
        buckets: dict[str, list[tuple[str, float]]] = {}
        urgent_terms: list[str] = []
        for term in found:
            for section, category, weight in self._signals[term]:
                if section == "urgent":
                    urgent_terms.append(term)
                else:
                    buckets.setdefault(category or section, []).append((term, weight))
        scores: dict[str, float] = {}
        kept: dict[str, list[str]] = {}
        for bucket, entries in buckets.items():
            if len(entries) == 1:
                outer = entries
            else:
                terms = [t for t, _ in entries]
                outer = [(t, w) for t, w in entries if not any(t != o and t in o for o in terms)]
            scores[bucket] = sum(w for _, w in outer)
            kept[bucket] = [t for t, _ in outer]
        problem, wish, chat = (
            scores.get("problem", 0.0),
            scores.get("wish", 0.0),
            scores.get("chat", 0.0),
        )

        category: str | None = None
        best = 0.0
        for key in self._categories:  # fixed order breaks ties the same way every time
            score = scores.get(key, 0.0)
            if score > best:
                category, best = key, score
        issue = best + problem - chat if category else 0.0
        wish_net = wish - chat * 0.5

        if wish_net >= settings.wish_threshold and wish_net + settings.wish_over_issue >= issue:
            return Intent(
                kind="wish",
                confidence=self._confidence(wish_net, settings.wish_threshold),
                location=location,
                terms=tuple(kept.get("wish", ())),
            )
        if category and issue >= settings.issue_threshold:
            terms = (*kept[category], *kept.get("problem", ()), *urgent_terms)
            return Intent(
                kind="issue",
                category=category,
                confidence=self._confidence(issue, settings.issue_threshold),
                urgent=bool(urgent_terms),
                location=location,
                terms=tuple(dict.fromkeys(terms)),
            )
        return Intent(
            kind="chat",
            confidence=1.0 - self._confidence(max(issue, wish_net), settings.issue_threshold),
            location=location,
            terms=tuple(kept.get("chat", ())),
        )

    def _confidence(self, score: float, threshold: float) -> float:
        return _sigmoid(self.settings.confidence_slope * (score - threshold) + 0.4)


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def _build_tokenizer(lexicon: Lexicon) -> jieba.Tokenizer:
    # jieba announces every dictionary load on stderr through its module logger; a bot's log
    # should not carry that. This touches jieba's logger only, not its shared tokenizer.
    logging.getLogger("jieba").setLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    for line in lexicon.user_dict:
        word, *rest = line.split()
        freq = int(rest[0]) if rest and rest[0].isdigit() else None
        tokenizer.add_word(word, freq)
    # Lexicon terms and negative phrases are domain words too: keep each one whole.
    for word in sorted(lexicon.all_terms() | lexicon.negative | set(lexicon.words)):
        if word not in tokenizer.FREQ or not tokenizer.FREQ[word]:
            tokenizer.add_word(word)
    return tokenizer
