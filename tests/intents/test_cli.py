from __future__ import annotations

import io
import json
from pathlib import Path

from intents.cli import run_classify, run_eval, run_explain, run_suggest, run_train
from intents.engine import IntentEngine

FIELDS = {
    "action",
    "text",
    "kind",
    "category",
    "confidence",
    "urgent",
    "building",
    "unit",
    "room",
    "terms",
}


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


def _corpus_line(text: str, kind: str, category: str | None = None) -> str:
    return json.dumps(
        {"text": text, "kind": kind, "category": category, "alt": [], "urgent": False},
        ensure_ascii=False,
    )


def test_eval_resolves_ref_lines_against_the_shared_folder(
    tmp_path: Path, engine: IntentEngine
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "posts.jsonl").write_text(
        json.dumps({"text": "小区停水", "content_head": "已经三天没有水了"}, ensure_ascii=False)
        + "\n"
        + json.dumps({"text": "今天天气真好"}, ensure_ascii=False)
        + "\n",
        encoding="utf-8",
    )
    refs = [
        {"ref": "posts.jsonl:1", "field": "title+content_head", "kind": "issue"},
        {"ref": "posts.jsonl:2", "field": "text", "kind": "chat"},
    ]
    path = _write(tmp_path, [json.dumps(r) for r in refs])
    stdout, stderr = io.StringIO(), io.StringIO()
    lexicon = IntentEngine.from_files(mode="lexicon")
    engines = [("lexicon", lexicon), ("combined", engine)]
    assert run_eval(engines, path, stdout, True, stderr, shared_dir=shared) == 0
    report = json.loads(stdout.getvalue())
    assert set(report) == {"lexicon", "combined"}
    assert report["lexicon"]["total"] == 2 and report["lexicon"]["issue_case"] == 1.0
    assert report["lexicon"]["chat_acted"] == 0.0

    missing = _write(tmp_path, [json.dumps({"ref": "posts.jsonl:9", "kind": "chat"})])
    assert run_eval(engine, missing, io.StringIO(), False, stderr, shared_dir=shared) == 2
    assert "no such line" in stderr.getvalue()


def test_train_with_community_corrections(tmp_path: Path) -> None:
    team = tmp_path / "team"
    team.mkdir()
    lines = [
        _corpus_line("电梯坏了", "issue", "elevator"),
        _corpus_line("楼道灯不亮", "issue", "facilities"),
        _corpus_line("大家早上好", "chat"),
        _corpus_line("想请人帮我买菜", "wish"),
    ]
    (team / "intents_dev.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    extra = tmp_path / "fixes.jsonl"
    extra.write_text(
        "\n".join(
            [_corpus_line("旋转门咔咔响", "issue", "facilities"), _corpus_line("吃了吗", "chat")]
        )
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "community.json"
    stdout, stderr = io.StringIO(), io.StringIO()
    code = run_train(
        out, [extra], stdout, stderr, team_dir=team, sources="team", shared_dir=tmp_path
    )
    assert code == 0, stderr.getvalue()
    assert "trained on 6 lines" in stdout.getvalue()
    community = IntentEngine.from_files(model_path=out)
    assert community.model is not None and community.model.meta["extra"] == ["fixes.jsonl"]
    assert run_train(out, [tmp_path / "nope.jsonl"], stdout, stderr, team_dir=team) == 2


def test_suggest_proposes_missed_words_as_toml(tmp_path: Path) -> None:
    import tomllib

    engine = IntentEngine.from_files(mode="lexicon")
    corrections = [
        _corpus_line("旋转门咔哒咔哒卡人", "issue", "facilities"),
        _corpus_line("东门旋转门咔哒咔哒", "issue", "facilities"),
        _corpus_line("旋转门又咔哒咔哒了", "issue", "facilities"),
        _corpus_line("旋转门好看", "chat"),
    ]
    path = _write(tmp_path, corrections)
    stdout = io.StringIO()
    assert run_suggest(engine, path, stdout, io.StringIO()) == 0
    proposed = tomllib.loads(stdout.getvalue())
    terms = proposed["intents"]["issue"]["facilities"]["terms"]
    assert "咔哒咔哒" in terms
    assert "旋转门" not in terms  # it also appears in chat
    assert run_suggest(engine, tmp_path / "none.jsonl", io.StringIO(), io.StringIO()) == 2


def test_explain_prints_each_stage(engine: IntentEngine) -> None:
    stdout = io.StringIO()
    assert run_explain(engine, ["万一着火了怎么办"], stdout) == 0
    shown = json.loads(stdout.getvalue())
    assert shown["text"] == "万一着火了怎么办"
    assert shown["decision"]["action"] == "none"
    assert "着火@2:hypothetical" in shown["terms"]
