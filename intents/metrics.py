"""Scoring the engine against a labeled corpus (tests/data/intents_*.jsonl).

Definitions, so the figures mean one thing everywhere (tests, `linli intents eval`, baseline):

- kind macro-F1: mean of F1 over issue, wish, chat (a kind absent from gold and predictions
  is left out).
- category accuracy: over messages whose gold kind is issue; a hit when the predicted category is
  the gold one or in `alt`. A message the engine did not take for an issue counts as a miss.
- chat false alarms: share of gold-chat messages predicted issue or wish.
- urgent recall: share of gold-urgent messages predicted urgent (only issues can be urgent).
- issues as cases / with review: share of gold issues whose action is case, and case or review
  (the category is not asked for here).
- chat acted on / to review: share of gold-chat messages with action case or wish / review.
- hypothetical urgent: gold messages tagged hypothetical or past (`"tags"`) flagged urgent.
- location exact match: over messages with any gold location field, (building, unit, room) all
  equal. `location_spurious` is the share of messages without a gold location where one was
  invented.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol

from intents.model import CATEGORIES, KINDS, Intent, Location


class CorpusError(ValueError):
    def __init__(self, line_no: int, message: str) -> None:
        super().__init__(f"line {line_no}: {message}")
        self.line_no = line_no


class Classifier(Protocol):
    def classify(self, text: str) -> Intent: ...


@dataclass(frozen=True, slots=True)
class GoldRecord:
    text: str
    kind: str
    category: str | None
    alt: tuple[str, ...]
    urgent: bool
    location: Location
    tags: tuple[str, ...] = ()
    source: str | None = None


def parse_record(raw: Any, line_no: int) -> GoldRecord:
    if not isinstance(raw, Mapping):
        raise CorpusError(line_no, "expected a JSON object")
    text, kind, category = raw.get("text"), raw.get("kind"), raw.get("category")
    if not isinstance(text, str):
        raise CorpusError(line_no, "'text' must be a string")
    if kind not in KINDS:
        raise CorpusError(line_no, f"'kind' must be one of {KINDS}, got {kind!r}")
    if kind == "issue" and category not in CATEGORIES and not (category is None and "ref" in raw):
        # Ref-based real-text labels may leave the category open; team lines may not.
        raise CorpusError(line_no, f"an issue needs a 'category' in {CATEGORIES}")
    if kind != "issue" and category is not None:
        raise CorpusError(line_no, "only an issue has a 'category'")
    alt = raw.get("alt", [])
    if not isinstance(alt, list) or any(a not in CATEGORIES for a in alt):
        raise CorpusError(line_no, "'alt' must be a list of categories")
    location = []
    for key in ("building", "unit", "room"):
        value = raw.get(key)
        if value is not None and not isinstance(value, str):
            raise CorpusError(line_no, f"'{key}' must be a string or null")
        location.append(value)
    tags = raw.get("tags", [])
    tags = [*tags, raw["class"]] if isinstance(tags, list) and raw.get("class") else tags
    return GoldRecord(
        text=text,
        kind=kind,
        category=category,
        alt=tuple(alt),
        urgent=bool(raw.get("urgent", False)),
        location=Location(*location),
        tags=tuple(str(t) for t in tags) if isinstance(tags, list) else (),
        source=str(raw["source"]) if raw.get("source") else None,
    )


class RefResolver:
    """Reads `{"ref": "file.jsonl:n", "field": …}` lines against the shared real-text folder."""

    def __init__(self, shared_dir: Path) -> None:
        self.shared_dir = shared_dir
        self._files: dict[str, list[str]] = {}

    def text(self, ref: str, field: str = "text") -> str:
        name, _, number = ref.rpartition(":")
        if not name or not number.isdigit():
            raise ValueError(f"bad ref {ref!r}; expected file.jsonl:line")
        lines = self._files.get(name)
        if lines is None:
            path = self.shared_dir / Path(name).name
            if not path.is_file():
                raise ValueError(f"{path} not found (set --shared-dir)")
            lines = self._files[name] = path.read_text(encoding="utf-8").splitlines()
        n = int(number)
        if not 1 <= n <= len(lines):
            raise ValueError(f"{ref}: no such line")
        row = json.loads(lines[n - 1])
        if field == "title+content_head":
            parts = [row.get("text"), row.get("content_head")]
            return " ".join(str(p) for p in parts if p)
        if field not in row:
            raise ValueError(f"{ref}: no field {field!r}")
        return str(row[field])


def read_corpus(lines: Iterable[str], refs: RefResolver | None = None) -> Iterator[GoldRecord]:
    for line_no, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as exc:
            raise CorpusError(line_no, f"not valid JSON ({exc.msg})") from exc
        if isinstance(raw, dict) and "ref" in raw and "text" not in raw:
            if refs is None:
                raise CorpusError(line_no, "a 'ref' line needs the shared folder (--shared-dir)")
            try:
                raw = {**raw, "text": refs.text(str(raw["ref"]), str(raw.get("field", "text")))}
            except ValueError as exc:
                raise CorpusError(line_no, str(exc)) from exc
        yield parse_record(raw, line_no)


@dataclass(frozen=True, slots=True)
class Miss:
    text: str
    gold: str
    predicted: str


@dataclass(slots=True)
class EvalReport:
    total: int
    kind_macro_f1: float
    kind_f1: dict[str, float]
    kind_confusion: dict[str, dict[str, int]]  # gold -> predicted -> count
    category_accuracy: float
    category_total: int
    category_confusion: dict[str, dict[str, int]]
    chat_false_alarm: float
    urgent_recall: float
    urgent_precision: float
    urgent_total: int
    location_exact: float
    location_total: int
    location_spurious: float
    issue_case: float = 0.0
    issue_case_review: float = 0.0
    issue_total: int = 0
    chat_acted: float = 0.0
    chat_review: float = 0.0
    chat_total: int = 0
    hypothetical_urgent: int = 0
    hypothetical_total: int = 0
    misses: list[Miss] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def format_text(self) -> str:
        lines = [
            f"messages            {self.total}",
            f"kind macro-F1       {self.kind_macro_f1:.3f}   "
            + "  ".join(f"{k} {v:.3f}" for k, v in self.kind_f1.items()),
            f"category accuracy   {self.category_accuracy:.3f}   (over {self.category_total} "
            "gold issues, alt counts)",
            f"chat false alarms   {self.chat_false_alarm:.3f}   (taken for issue/wish, review too)",
            f"issues as cases     {self.issue_case:.3f}   with review {self.issue_case_review:.3f}"
            f"   (over {self.issue_total})",
            f"chat acted on       {self.chat_acted:.3f}   to review {self.chat_review:.3f}"
            f"   (over {self.chat_total})",
            f"hypothetical/past flagged urgent {self.hypothetical_urgent}"
            f" (of {self.hypothetical_total} tagged)",
            f"urgent recall       {self.urgent_recall:.3f}   precision {self.urgent_precision:.3f}"
            f"   (over {self.urgent_total})",
            f"location exact      {self.location_exact:.3f}   (over {self.location_total}); "
            f"invented {self.location_spurious:.3f}",
            "",
            "kind confusion (rows gold, columns predicted)",
            _table(self.kind_confusion, list(KINDS)),
            "",
            "category confusion over gold issues (columns: predicted; '-' = not an issue)",
            _table(self.category_confusion, [*CATEGORIES, "-"], short=True),
        ]
        return "\n".join(lines)


def _table(matrix: Mapping[str, Mapping[str, int]], columns: list[str], short: bool = False) -> str:
    heads = [c[:5] if short else c for c in columns]
    width = max(len(c) for c in heads) + 1
    rows = [" " * 12 + "".join(h.rjust(width) for h in heads)]
    for gold, counts in matrix.items():
        rows.append(gold.ljust(12) + "".join(str(counts.get(c, 0)).rjust(width) for c in columns))
    return "\n".join(rows)


def _ratio(hits: int, total: int) -> float:
    return hits / total if total else 1.0


def evaluate(engine: Classifier, records: Iterable[GoldRecord]) -> EvalReport:
    records = list(records)
    # Keyed by str: a gold record's kind is read from a file and may be any word.
    confusion: dict[str, dict[str, int]] = {gold: dict.fromkeys(KINDS, 0) for gold in KINDS}
    category_confusion: dict[str, dict[str, int]] = {}
    category_hits = category_total = 0
    urgent_hits = urgent_total = urgent_predicted = urgent_true_predicted = 0
    location_hits = location_total = spurious = no_location = 0
    misses: list[Miss] = []
    actions: dict[str, dict[str, int]] = {
        gold: dict.fromkeys(("case", "wish", "review", "none"), 0) for gold in KINDS
    }
    hypothetical_urgent = hypothetical_total = 0
    for record in records:
        intent = engine.classify(record.text)
        confusion[record.kind][intent.kind] += 1
        actions[record.kind][intent.action or "none"] += 1
        if {"hypothetical", "hypo", "past"} & set(record.tags):
            hypothetical_total += 1
            hypothetical_urgent += intent.urgent
        if record.kind == "issue":
            category_total += 1
            predicted = intent.category if intent.kind == "issue" else None
            row = category_confusion.setdefault(record.category or "-", {})
            row[predicted or "-"] = row.get(predicted or "-", 0) + 1
            if record.category is None:
                category_total -= 1  # a real-text label without a category: kind only
            elif predicted is not None and (
                predicted == record.category or predicted in record.alt
            ):
                category_hits += 1
            else:
                misses.append(Miss(record.text, f"issue/{record.category}", _label(intent)))
        elif intent.kind != record.kind:
            misses.append(Miss(record.text, record.kind, _label(intent)))
        if record.urgent:
            urgent_total += 1
            urgent_hits += intent.urgent
        if intent.urgent:
            urgent_predicted += 1
            urgent_true_predicted += record.urgent
        if record.location:
            location_total += 1
            location_hits += intent.location == record.location
        else:
            no_location += 1
            spurious += bool(intent.location)
    # A kind neither in the gold labels nor predicted says nothing; leave it out of the mean.
    f1: dict[str, float] = {kind: _f1(confusion, kind) for kind in KINDS if _seen(confusion, kind)}
    gold_chat = sum(confusion["chat"].values())
    gold_issue = sum(confusion["issue"].values())
    return EvalReport(
        total=len(records),
        kind_macro_f1=sum(f1.values()) / len(f1) if f1 else 1.0,
        kind_f1=f1,
        kind_confusion=confusion,
        category_accuracy=_ratio(category_hits, category_total),
        category_total=category_total,
        category_confusion={
            c: category_confusion[c] for c in CATEGORIES if c in category_confusion
        },
        chat_false_alarm=1.0 - _ratio(confusion["chat"]["chat"], gold_chat) if gold_chat else 0.0,
        urgent_recall=_ratio(urgent_hits, urgent_total),
        urgent_precision=_ratio(urgent_true_predicted, urgent_predicted),
        urgent_total=urgent_total,
        location_exact=_ratio(location_hits, location_total),
        location_total=location_total,
        location_spurious=1.0 - _ratio(no_location - spurious, no_location) if no_location else 0.0,
        issue_case=_ratio(actions["issue"]["case"], gold_issue),
        issue_case_review=_ratio(actions["issue"]["case"] + actions["issue"]["review"], gold_issue),
        issue_total=gold_issue,
        chat_acted=_ratio(actions["chat"]["case"] + actions["chat"]["wish"], gold_chat)
        if gold_chat
        else 0.0,
        chat_review=_ratio(actions["chat"]["review"], gold_chat) if gold_chat else 0.0,
        chat_total=gold_chat,
        hypothetical_urgent=hypothetical_urgent,
        hypothetical_total=hypothetical_total,
        misses=misses,
    )


def _label(intent: Intent) -> str:
    return f"issue/{intent.category}" if intent.kind == "issue" else intent.kind


def _seen(confusion: Mapping[str, Mapping[str, int]], kind: str) -> bool:
    return bool(sum(confusion[kind].values()) or sum(row[kind] for row in confusion.values()))


def _f1(confusion: Mapping[str, Mapping[str, int]], kind: str) -> float:
    true_positive = confusion[kind][kind]
    predicted = sum(row[kind] for row in confusion.values())
    actual = sum(confusion[kind].values())
    if not predicted or not actual:
        return 0.0
    precision, recall = true_positive / predicted, true_positive / actual
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0
