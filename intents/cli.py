"""Functions behind `linli classify` and `linli intents eval|train|suggest` (see bot/cli.py)."""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from intents.metrics import Classifier, CorpusError, RefResolver, evaluate, read_corpus

if TYPE_CHECKING:
    from intents.engine import IntentEngine

EXIT_USAGE = 2
ROOT = Path(__file__).resolve().parents[1]
# The team's labelled corpus the packaged model is trained on (never the test split).
TEAM_TRAINING = (
    "intents_dev.jsonl",
    "intents_train.jsonl",
    "intents_train2.jsonl",
    # Retired blind sets (round six): training material once a newer blind set replaced them.
    "intents_blind.jsonl",
    "intents_blind3.jsonl",
    # Retired in round eight, once blind6 and blind7 had replaced them.
    "intents_blind4.jsonl",
    "intents_blind5.jsonl",
    # Retired in round nine, once blind8 had replaced them (each scored for a ship decision).
    "intents_blind6.jsonl",
    "intents_blind7.jsonl",
    # Retired in round eleven, once blind10 had replaced them (each scored for a ship decision).
    "intents_blind8.jsonl",
    "intents_blind9.jsonl",
    # Retired in round thirteen, once blind11 had replaced it (scored for a ship decision).
    "intents_blind10.jsonl",
    # Retired in round fourteen, once blind12 had replaced it (scored for a ship decision).
    "intents_blind11.jsonl",
    # Retired in round fifteen, once blind13 had replaced it (scored for a ship decision).
    "intents_blind12.jsonl",
)


def default_shared_dir() -> Path:
    """../shared/data/intents beside the repository (CI keeps the shared folder there); a git
    worktree one level further down (/work/wt/<name>) finds the same folder."""
    for base in (ROOT.parent, ROOT.parent.parent):
        candidate = base / "shared" / "data" / "intents"
        if candidate.is_dir():
            return candidate
    return ROOT.parent / "shared" / "data" / "intents"


def run_classify(engine: Classifier, stdin: TextIO, stdout: TextIO) -> int:
    """One message per input line in, one JSON line out; blank lines are skipped."""
    for line in stdin:
        text = line.rstrip("\r\n")
        if not text.strip():
            continue
        record = {"text": text, **engine.classify(text).to_json()}
        stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    stdout.flush()
    return 0


def run_explain(engine: IntentEngine, texts: Sequence[str], stdout: TextIO) -> int:
    """What each stage saw for each message, as indented JSON (for lexicon work)."""
    for text in texts:
        shown = {"text": text, **engine.explain(text)}
        stdout.write(json.dumps(shown, ensure_ascii=False, indent=2) + "\n")
    return 0


def run_eval(
    engines: Classifier | Sequence[tuple[str, Classifier]],
    path: Path,
    stdout: TextIO,
    as_json: bool,
    stderr: TextIO | None = None,
    shared_dir: Path | None = None,
) -> int:
    """Score one engine (or several side by side) on a JSONL corpus, text or ref lines.

    Exit 2 for a missing file or a malformed line.
    """
    errors = stderr if stderr is not None else sys.stderr
    refs = RefResolver(shared_dir or default_shared_dir())
    try:
        with path.open(encoding="utf-8") as fh:
            records = list(read_corpus(fh, refs))
    except FileNotFoundError:
        errors.write(f"linli intents eval: no such file: {path}\n")
        return EXIT_USAGE
    except IsADirectoryError:
        errors.write(f"linli intents eval: {path} is a directory, expected a .jsonl file\n")
        return EXIT_USAGE
    except UnicodeDecodeError:
        errors.write(f"linli intents eval: {path} is not UTF-8 text\n")
        return EXIT_USAGE
    except CorpusError as exc:
        errors.write(f"linli intents eval: {path}: {exc}\n")
        return EXIT_USAGE
    named = [("", engines)] if not isinstance(engines, Sequence) else list(engines)
    payloads = {}
    for name, engine in named:
        report = evaluate(engine, records)
        if as_json:
            payload = report.to_dict()
            payload["misses"] = len(report.misses)
            payloads[name or "engine"] = payload
        else:
            if name:
                stdout.write(f"== {name}\n")
            stdout.write(report.format_text() + "\n")
    if as_json:
        body = payloads if len(named) > 1 else next(iter(payloads.values()))
        stdout.write(json.dumps(body, ensure_ascii=False, indent=2) + "\n")
    return 0


def run_train(
    out: Path,
    extra: Sequence[Path],
    stdout: TextIO,
    stderr: TextIO,
    shared_dir: Path | None = None,
    team_dir: Path | None = None,
    sources: str = "all",
) -> int:
    """Train the n-gram model on the team corpus, the shared real texts (weak labels, their
    test lines excluded) and `extra` community corrections; write the weight table to `out`."""
    try:
        from intents.train import fit, real_samples, team_samples, write
    except ImportError as exc:  # pragma: no cover - a runtime-only install
        stderr.write(f"linli intents train 需要开发依赖（scikit-learn）：{exc}\n")
        return EXIT_USAGE
    team = team_dir or ROOT / "tests" / "data"
    for path in extra:
        if not path.is_file():
            stderr.write(f"linli intents train: no such file: {path}\n")
            return EXIT_USAGE
    samples = []
    try:
        if sources in ("all", "team"):
            samples += list(team_samples(p for n in TEAM_TRAINING if (p := team / n).is_file()))
        # A community's own corrections weigh more than the team's general corpus.
        samples += list(team_samples(extra, weight=2.0))
        if sources in ("all", "real"):
            shared = shared_dir or default_shared_dir()
            if not shared.is_dir():
                stderr.write(f"linli intents train: no shared real texts at {shared}\n")
                return EXIT_USAGE
            samples += list(real_samples(shared))
    except CorpusError as exc:
        stderr.write(f"linli intents train: {exc}\n")
        return EXIT_USAGE
    if not samples:
        stderr.write("linli intents train: no training material found\n")
        return EXIT_USAGE
    kinds = Counter(s.kind for s in samples)
    model = fit(samples, meta={"sources": sources, "extra": [p.name for p in extra]})
    size = write(model, out)
    stdout.write(
        f"trained on {len(samples)} lines ({dict(kinds)}); wrote {out} ({size / 1024:.0f} KB)\n"
    )
    return 0


def run_suggest(
    engine: IntentEngine, path: Path, stdout: TextIO, stderr: TextIO, top: int = 20
) -> int:
    """Propose [intents] terms from a corrections file (corpus format): words frequent in the
    issues the engine missed, rare in the chat lines, and not yet in the lexicon."""
    from intents.suggest import suggest_terms

    try:
        with path.open(encoding="utf-8") as fh:
            records = list(read_corpus(fh))
    except FileNotFoundError:
        stderr.write(f"linli intents suggest: no such file: {path}\n")
        return EXIT_USAGE
    except (CorpusError, UnicodeDecodeError) as exc:
        stderr.write(f"linli intents suggest: {path}: {exc}\n")
        return EXIT_USAGE
    stdout.write(suggest_terms(engine, records, top))
    return 0
