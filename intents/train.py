"""Training the n-gram second opinion (dev only: needs scikit-learn, imported here lazily).

Material, each line a (text, kind, category, weight) sample:
- the team's labelled corpus (tests/data/intents_dev.jsonl, intents_train.jsonl) and any
  community corrections given with --with (same format), at full weight;
- the real public texts in ../shared/data/intents/ as weak labels: complaint titles and
  first sentences (type 投诉/求助) as issues, the chat files as chat minus lines that name a
  residential problem. Their held-out test lines (intents.splits) are never read for training.
The written file is pruned to the strongest n-grams so it stays a few hundred KB.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from intents.metrics import read_corpus
from intents.model import CATEGORIES, KINDS
from intents.ngram import URGENCY, URGENT, Head, NgramModel, ngrams
from intents.normalize import normalize
from intents.splits import is_holdout, is_real_test

COMPLAINTS = "complaints_liuyan_gas_heating.jsonl"
CHAT_FILES = (
    "chat_weibo_smp2020ewect_usual.jsonl",
    "chat_weibo_smp2020ewect_virus.jsonl",
    "chat_tencent_chitchat_prompts.jsonl",
    "chat_douban_multiturn_sample.jsonl",
    "chat_weibo_ner_golden_horse.jsonl",
)
# Chat files are not issue-free (SOURCES.md): a line naming one of these is left out.
RESIDENTIAL = (
    "物业",
    "小区",
    "电梯",
    "停电",
    "停水",
    "噪音",
    "装修",
    "楼上",
    "楼下",
    "漏水",
    "暖气",
    "垃圾",
    "业主",
    "邻居",
    "保安",
    "车位",
    "燃气",
    "煤气",
    "供暖",
    "断电",
    "楼道",
)
WEAK_WEIGHT = 0.3
# Team files whose crc32 30 % is validation, never training material.
HELD_OUT_FILES = frozenset({"intents_train2.jsonl"})
# Prior correction of the kind head: added to the chat logit after fitting (a log-odds shift
# of the prior towards chat). The team corpus grew by hand-written lines, each chosen to show
# the model something, so its issue/chat mix says more about what was worth writing than
# about how often a group's message is an issue. Chosen by two-fold cross-validation on the
# training corpus (scripts/intents_cv.py, shifts 0-1 in steps of 0.25): the smallest shift
# that holds chat acted on to the 3 % bar on both folds (.030/.036 -> .022/.028, cases
# -1.9 pt, cases + 待确认 -0.6 pt, urgent recall unchanged). Round seven's cross-validation kept it.
CHAT_PRIOR_SHIFT = 0.5


@dataclass(frozen=True, slots=True)
class Sample:
    text: str
    kind: str
    category: str | None
    weight: float = 1.0
    urgent: bool = False


def team_samples(paths: Iterable[Path], weight: float = 1.0) -> Iterator[Sample]:
    for path in paths:
        with path.open(encoding="utf-8") as fh:
            for record in read_corpus(fh):
                if is_holdout(record.text) and path.name in HELD_OUT_FILES:
                    continue  # the file's own validation lines (intents.splits.is_holdout)
                yield Sample(record.text, record.kind, record.category, weight, record.urgent)


def real_samples(shared_dir: Path, test: bool = False) -> Iterator[Sample]:
    """Weak labels over the shared real texts: the training lines, or (test=True) the held-out."""
    path = shared_dir / COMPLAINTS
    if path.is_file():
        for n, raw in _lines(path):
            if is_real_test(COMPLAINTS, n) != test or raw.get("type") not in ("投诉/求助", "求助"):
                continue
            for field in ("text", "content_head"):
                if raw.get(field):
                    yield Sample(str(raw[field]), "issue", None, WEAK_WEIGHT)
    for name in CHAT_FILES:
        path = shared_dir / name
        if not path.is_file():
            continue
        for n, raw in _lines(path):
            text = str(raw.get("text", ""))
            if is_real_test(name, n) != test or any(word in text for word in RESIDENTIAL):
                continue
            yield Sample(text, "chat", None, WEAK_WEIGHT)


def weak_refs(
    shared_dir: Path, test: bool, files: Sequence[str] | None = None
) -> Iterator[dict[str, Any]]:
    """Weak labels as ref lines (ids only, no texts) for `linli intents eval`: the complaint
    posts (title and first sentence) as issues, the chat lines as chat."""
    for name in files or (COMPLAINTS, *CHAT_FILES):
        path = shared_dir / name
        if not path.is_file():
            continue
        for n, raw in _lines(path):
            if is_real_test(name, n) != test:
                continue
            text = str(raw.get("text", ""))
            if name == COMPLAINTS:
                if raw.get("type") not in ("投诉/求助", "求助"):
                    continue
                yield {
                    "ref": f"{name}:{n}",
                    "field": "title+content_head",
                    "kind": "issue",
                    "category": None,
                    "urgent": False,
                }
            elif not any(word in text for word in RESIDENTIAL):
                yield {
                    "ref": f"{name}:{n}",
                    "field": "text",
                    "kind": "chat",
                    "category": None,
                    "urgent": False,
                }


def _lines(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if line.strip():
                yield n, json.loads(line)


def fit(
    samples: Sequence[Sample],
    max_kind_features: int = 6000,
    max_category_features: int = 1500,
    max_urgent_features: int = 1500,
    c: float = 8.0,
    meta: dict[str, Any] | None = None,
    chat_prior_shift: float = CHAT_PRIOR_SHIFT,
) -> NgramModel:
    """Logistic regression per head on binary n-grams scaled to unit length, then pruned;
    the kind head's chat bias is raised by `chat_prior_shift` (CHAT_PRIOR_SHIFT)."""
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    texts = [normalize(s.text) for s in samples]
    grams = [ngrams(t) for t in texts]
    vocab: dict[str, int] = {}
    rows, cols, vals = [], [], []
    for i, feats in enumerate(grams):
        scale = 1.0 / math.sqrt(len(feats)) if feats else 0.0
        for gram in feats:
            rows.append(i)
            cols.append(vocab.setdefault(gram, len(vocab)))
            vals.append(scale)
    matrix = csr_matrix((vals, (rows, cols)), shape=(len(samples), len(vocab)))
    names = sorted(vocab, key=vocab.__getitem__)

    def head(index: list[int], labels: list[str], allowed: Sequence[str], keep: int) -> Head:
        present = [label for label in allowed if label in set(labels)]
        weights = [samples[i].weight for i in index]
        model = LogisticRegression(C=c, max_iter=2000)
        model.fit(matrix[index], labels, sample_weight=weights)
        classes = [str(x) for x in model.classes_]
        coef = model.coef_
        bias = list(model.intercept_)
        if len(classes) == 2:  # sklearn keeps one row for two classes: spell both out
            coef = [-coef[0] / 2, coef[0] / 2]
            bias = [-bias[0] / 2, bias[0] / 2]
        order = [classes.index(label) for label in present]
        strength = [max(abs(coef[k][j]) for k in order) for j in range(len(names))]
        top = sorted(range(len(names)), key=strength.__getitem__, reverse=True)[:keep]
        table = {names[j]: tuple(float(coef[k][j]) for k in order) for j in top}
        return Head(tuple(present), tuple(float(bias[k]) for k in order), table)

    everything = list(range(len(samples)))
    kind = head(everything, [s.kind for s in samples], KINDS, max_kind_features)
    if chat_prior_shift and "chat" in kind.labels:
        bias = tuple(
            b + chat_prior_shift if label == "chat" else b
            for label, b in zip(kind.labels, kind.bias, strict=True)
        )
        kind = Head(kind.labels, bias, kind.weights)
    issues = [i for i, s in enumerate(samples) if s.kind == "issue" and s.category]
    labels = [str(samples[i].category) for i in issues]
    if len(set(labels)) >= 2:
        category = head(issues, labels, CATEGORIES, max_category_features)
    else:  # weak labels carry no category: the head says "other" and the lexicon decides
        category = Head((labels[0] if labels else "other",), (0.0,), {})
    # Urgency: every line counts (the real texts' weak labels as calm), so chat that names a
    # danger in passing pulls the head down as much as a report pushes it up.
    flags = [URGENT if s.urgent else "calm" for s in samples]
    urgent = head(everything, flags, URGENCY, max_urgent_features) if URGENT in flags else None
    info = {"samples": len(samples), "chat_prior_shift": chat_prior_shift, **(meta or {})}
    return NgramModel(kind, category, info, urgent)


def prune(model: NgramModel, kind_keep: int, category_keep: int) -> NgramModel:
    """Keep the n-grams with the largest weights in each head (the file's size budget)."""

    def top(head: Head, keep: int) -> Head:
        ranked = sorted(head.weights.items(), key=lambda kv: -max(map(abs, kv[1])))[:keep]
        return Head(head.labels, head.bias, dict(ranked))

    return NgramModel(
        top(model.kind_head, kind_keep),
        top(model.category_head, category_keep),
        model.meta,
        model.urgent_head,
    )


def write(model: NgramModel, out: Path) -> int:
    data = json.dumps(model.to_dict(), ensure_ascii=False, separators=(",", ":"))
    out.write_text(data + "\n", encoding="utf-8")
    return len(data.encode())
