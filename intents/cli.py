"""Functions behind `linli classify` and `linli intents eval` (wired in bot/cli.py)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TextIO

from intents.metrics import Classifier, CorpusError, evaluate, read_corpus

EXIT_USAGE = 2


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


def run_eval(
    engine: Classifier, path: Path, stdout: TextIO, as_json: bool, stderr: TextIO | None = None
) -> int:
    """Score `engine` on a JSONL corpus; exit 2 for a missing file or a malformed line."""
    errors = stderr if stderr is not None else sys.stderr
    try:
        with path.open(encoding="utf-8") as fh:
            records = list(read_corpus(fh))
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
    report = evaluate(engine, records)
    if as_json:
        payload = report.to_dict()
        payload["misses"] = len(report.misses)
        stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    else:
        stdout.write(report.format_text() + "\n")
    return 0
