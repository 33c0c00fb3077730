from __future__ import annotations

import io
import json
from pathlib import Path

from intents.cli import run_classify, run_eval
from intents.engine import IntentEngine

FIELDS = {
    "action","text", "kind", "category", "confidence", "urgent", "building", "unit", "room", "terms"}


def test_classify_one_json_line_per_message(engine: IntentEngine) -> None:
    stdin = io.StringIO("3号楼2单元电梯困人了\n\n   \n大家早上好\n[捂脸]\n")
    stdout = io.StringIO()
    assert run_classify(engine, stdin, stdout) == 0
    lines = stdout.getvalue().splitlines()
    assert len(lines) == 3
    first, second, third = (json.loads(line) for line in lines)
    assert set(first) == FIELDS
    assert first["text"] == "3号楼2单元电梯困人了"
    assert (first["kind"], first["category"], first["urgent"]) == ("issue", "elevator", True)
    assert (first["building"], first["unit"], first["room"]) == ("3", "2", None)
    assert second["kind"] == third["kind"] == "chat"
    assert "电梯" in lines[0], "ensure_ascii=False keeps Chinese readable"


def _write(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


GOOD = [
    json.dumps(
        {
            "text": "3号楼电梯困人了",
            "kind": "issue",
            "category": "elevator",
            "alt": [],
            "urgent": True,
            "building": "3",
            "unit": None,
            "room": None,
        },
        ensure_ascii=False,
    ),
    json.dumps(
        {
            "text": "大家早上好",
            "kind": "chat",
            "category": None,
            "alt": [],
            "urgent": False,
            "building": None,
            "unit": None,
            "room": None,
        },
        ensure_ascii=False,
    ),
]


def test_eval_text_and_json(engine: IntentEngine, tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD)
    out = io.StringIO()
    assert run_eval(engine, path, out, as_json=False) == 0
    text = out.getvalue()
    assert "kind macro-F1" in text and "kind confusion" in text
    out = io.StringIO()
    assert run_eval(engine, path, out, as_json=True) == 0
    payload = json.loads(out.getvalue())
    assert payload["kind_macro_f1"] == 1.0
    assert payload["kind_confusion"]["issue"]["issue"] == 1


def test_eval_missing_file(engine: IntentEngine, tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    assert run_eval(engine, tmp_path / "nope.jsonl", out, False, stderr=err) == 2
    assert "no such file" in err.getvalue()
    assert out.getvalue() == ""


def test_eval_malformed_line_names_it(engine: IntentEngine, tmp_path: Path) -> None:
    for bad in ("{not json", json.dumps({"text": "x", "kind": "rant"}), "[1, 2]"):
        err = io.StringIO()
        path = _write(tmp_path, [*GOOD, bad])
        assert run_eval(engine, path, io.StringIO(), False, stderr=err) == 2
        assert "line 3" in err.getvalue()
