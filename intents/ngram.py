"""Stage 5: the learned second opinion, read without scikit-learn.

A linear model over the character 1–3-grams present in the normalised text (binary, scaled to
unit length), trained by `linli intents train` (intents/train.py, scikit-learn at training time
only) and shipped as a JSON weight table: one head for kind (issue / wish / chat), one for the
category of an issue, and (optionally) one for urgency: a danger happening now. Scoring is one
dictionary lookup per n-gram (all heads' weights side by side, joined at load time), a sum per
label and a softmax: about twenty microseconds per message, and loading is a json.load.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from operator import add
from pathlib import Path
from typing import Any

from intents.model import CATEGORIES, KINDS

FORMAT = "linli-ngram-1"
# The first characters carry any complaint; the cap bounds the cost of a pasted article.
MAX_CHARS = 300
ORDERS = (1, 2, 3)
URGENT = "urgent"
URGENCY = ("calm", URGENT)


class ModelError(ValueError):
    """The weights file is missing, unreadable or not a model of this format."""


# A link, a tag or an English phrase pasted beside a complaint: dozens of n-grams no report was
# trained on, which dilute the ones that say what is wrong ("3号楼电梯坏了 https://…" read as chat).
_FOREIGN_RUN = re.compile(r"[!-~]*[A-Za-z][!-~]*")
FOREIGN_MIN = 6  # shorter runs (E0001, 3A, WiFi) stay features
_LATIN = re.compile(r"[A-Za-z]")


def ngrams(text: str) -> set[str]:
    """The feature set of a normalised text: every character 1-, 2- and 3-gram, spaces dropped,
    long runs of Latin letters and symbols (links, markup) left out."""
    if _LATIN.search(text):  # most messages have no Latin letter: no run to look for
        text = _FOREIGN_RUN.sub(lambda m: m[0] if len(m[0]) < FOREIGN_MIN else " ", text)
    text = text[:MAX_CHARS].replace(" ", "")
    # ORDERS is (1, 2, 3): pairs and triples concatenated in C, each triple from its pair.
    # What goes into the set in which order fixes its iteration order, hence the order the
    # weights are added in (scripts/intents_identical.py checks the sums stay bit for bit).
    grams: set[str] = set(text)
    pairs = list(map(add, text, text[1:]))
    grams.update(pairs)
    grams.update(map(add, pairs, text[2:]))
    return grams


class Opinion:
    """The model's view of one message. The category and urgency probabilities are worked out
    only when asked: most messages are chat and never need the category."""

    __slots__ = ("_category", "_grams", "_head", "_sums", "_urgent", "_urgent_head", "kind")

    def __init__(
        self,
        kind: dict[str, float],
        head: Head,
        grams: set[str],
        urgent: Head | None = None,
        sums: tuple[Sequence[float], Sequence[float]] | None = None,
    ) -> None:
        """`sums`: the category and urgency heads' weights already summed over `grams`
        (NgramModel.opinion does it in the same pass as the kind's); without them each head
        reads `grams` itself when asked."""
        self.kind = kind  # issue / wish / chat -> probability
        self._head = head
        self._grams = grams
        self._sums = sums
        self._category: tuple[str, float] | None = None
        self._urgent_head = urgent
        self._urgent: float | None = None

    def _probabilities(self, head: Head, which: int) -> list[float]:
        if self._sums is None:
            return head.probabilities(self._grams)
        return head.softmax(self._sums[which], len(self._grams))

    @property
    def urgent(self) -> float:
        """Probability that the message reports a danger now (0 when the file has no such head)."""
        if self._urgent is None:
            head = self._urgent_head
            if head is None or URGENT not in head.labels:
                self._urgent = 0.0
            else:
                self._urgent = self._probabilities(head, 1)[head.labels.index(URGENT)]
        return self._urgent

    @property
    def knows_urgency(self) -> bool:
        """Whether the file has an urgency head (without one, `urgent` is 0 and says nothing)."""
        head = self._urgent_head
        return head is not None and URGENT in head.labels

    @property
    def issue(self) -> float:
        return self.kind.get("issue", 0.0)

    @property
    def wish(self) -> float:
        return self.kind.get("wish", 0.0)

    def _best(self) -> tuple[str, float]:
        if self._category is None:
            probs = self._probabilities(self._head, 0)
            best = probs.index(max(probs))  # the first of equal maxima
            self._category = (self._head.labels[best], probs[best])
        return self._category

    @property
    def category(self) -> str:
        return self._best()[0]

    @property
    def category_p(self) -> float:
        return self._best()[1]


@dataclass(frozen=True, slots=True)
class Head:
    labels: tuple[str, ...]
    bias: tuple[float, ...]
    weights: Mapping[str, Sequence[float]]

    def probabilities(self, grams: set[str]) -> list[float]:
        # Only the n-grams the table knows contribute (a row is never empty: one weight a label).
        rows = list(filter(None, map(self.weights.get, grams)))
        return self.softmax(_sums(rows, len(self.labels)), len(grams))

    def softmax(self, sums: Sequence[float], count: int) -> list[float]:
        """The probabilities from the weights summed per label over `count` n-grams (the
        features are binary, scaled to unit length)."""
        scale = 1.0 / math.sqrt(count) if count else 0.0
        logits = [b + t * scale for b, t in zip(self.bias, sums, strict=True)]
        top = max(logits)
        exps = [math.exp(v - top) for v in logits]
        norm = sum(exps)
        return [v / norm for v in exps]


def _sums(rows: Sequence[Sequence[float]], width: int) -> list[float]:
    # zip(*rows) turns the rows into one column a label, each summed in C in the rows' order.
    return list(map(sum, zip(*rows, strict=True))) if rows else [0.0] * width


class NgramModel:
    """The heads are fixed once the model is made: `opinion` reads a table joined from them."""

    def __init__(
        self, kind: Head, category: Head, meta: Mapping[str, Any], urgent: Head | None = None
    ) -> None:
        self.kind_head = kind
        self.category_head = category
        self.urgent_head = urgent
        self.meta = dict(meta)
        # Every n-gram any head knows, with the weights of kind, category and urgency side by
        # side (0.0 where a head does not know it; adding 0.0 changes no sum): one lookup per
        # n-gram serves all three heads.
        heads = (kind, category, *([urgent] if urgent else []))
        self._joint = _join(heads)
        self._width = sum(len(head.labels) for head in heads)
        self._kind_end = len(kind.labels)
        self._category_end = self._kind_end + len(category.labels)

    def opinion(self, text: str) -> Opinion:
        grams = ngrams(text)
        rows = list(filter(None, map(self._joint.get, grams)))
        # Not _sums: every row of the joined table has its width (checked in _join).
        sums = list(map(sum, zip(*rows, strict=False))) if rows else [0.0] * self._width
        k, c = self._kind_end, self._category_end
        head = self.kind_head
        kind = dict(zip(head.labels, head.softmax(sums[:k], len(grams)), strict=True))
        return Opinion(kind, self.category_head, grams, self.urgent_head, (sums[k:c], sums[c:]))

    @classmethod
    def load(cls, path: Path) -> NgramModel:
        try:
            raw = json.loads(Path(path).read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise ModelError(f"no such model file: {path}") from exc
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ModelError(f"{path} is not a readable model file ({exc})") from exc
        return cls.from_dict(raw, str(path))

    @classmethod
    def from_dict(cls, raw: Any, where: str = "model") -> NgramModel:
        if not isinstance(raw, Mapping) or raw.get("format") != FORMAT:
            raise ModelError(f"{where}: not a {FORMAT} weights file")
        try:
            kind = _head(raw["kind"], KINDS)
            category = _head(raw["category"], CATEGORIES)
            # Optional: files written before the urgency head load without it.
            urgent = _head(raw["urgent"], URGENCY) if "urgent" in raw else None
        except (KeyError, TypeError, ValueError) as exc:
            raise ModelError(f"{where}: malformed weights ({exc})") from exc
        return cls(kind, category, raw.get("meta", {}), urgent)

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "meta": self.meta,
            "kind": _head_dict(self.kind_head),
            "category": _head_dict(self.category_head),
            **({"urgent": _head_dict(self.urgent_head)} if self.urgent_head else {}),
        }


def _head(raw: Mapping[str, Any], allowed: Sequence[str]) -> Head:
    labels = tuple(str(label) for label in raw["labels"])
    if not labels or any(label not in allowed for label in labels):
        raise ValueError(f"labels must be among {tuple(allowed)}")
    bias = tuple(float(b) for b in raw["bias"])
    weights: dict[str, tuple[float, ...]] = {}
    for gram, row in dict(raw["weights"]).items():
        values = tuple(float(w) for w in row)
        if len(values) != len(labels):
            raise ValueError(f"weights for {gram!r} do not match the labels")
        weights[str(gram)] = values
    if len(bias) != len(labels):
        raise ValueError("bias does not match the labels")
    return Head(labels, bias, weights)


def _join(heads: Sequence[Head]) -> dict[str, tuple[float, ...]]:
    """Each n-gram's weights in all the heads, one after the other in the heads' order."""
    width = sum(len(head.labels) for head in heads)
    joint: dict[str, list[float]] = {}
    start = 0
    for head in heads:
        end = start + len(head.labels)
        for gram, row in head.weights.items():
            if len(row) != end - start:
                raise ValueError(f"weights for {gram!r} do not match the labels")
            joint.setdefault(gram, [0.0] * width)[start:end] = row
        start = end
    return {gram: tuple(row) for gram, row in joint.items()}


def _head_dict(head: Head) -> dict[str, Any]:
    return {
        "labels": list(head.labels),
        "bias": [round(b, 4) for b in head.bias],
        "weights": {g: [round(w, 3) for w in row] for g, row in sorted(head.weights.items())},
    }
