"""The photo scenario replayed through `linli replay` (with the optional "file" field):
before, after and without a report, a quote, a fake JPEG, a handler after 办结, a voice note."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import create_engine, text

from storage.blobs import FileBlobStore
from tests.conftest import DEMO_CONFIG, ROOT
from tests.evidence_files import has_gps
from tests.integration.test_replay_cli import SCENARIOS

Line = dict[str, object]


def run(conversation: Path, data: Path) -> subprocess.CompletedProcess[str]:
    db = f"sqlite:///{data / 'replay.db'}"
    command = [sys.executable, "-m", "bot.cli", "replay", str(conversation)]
    return subprocess.run(
        [*command, "--config", str(DEMO_CONFIG), "--db", db],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        env={**os.environ, "LINLI_DATA_DIR": str(data)},
    )


def test_photos_before_after_and_without_a_report(tmp_path: Path) -> None:
    result = run(SCENARIOS / "evidence_photos.jsonl", tmp_path)
    assert result.returncode == 0, result.stderr
    out: list[Line] = [json.loads(line) for line in result.stdout.splitlines()]
    said = [(o["group"] or f"private:{o['to']}", str(o["text"])) for o in out]
    residents = [s for s in said if s[0] in ("兰亭3号楼邻里群", "兰亭4号楼邻里群")]
    # The photos themselves never got an answer in a group, except the fake JPEG (addressed).
    assert [t for g, t in residents if "照片" in t or "文件" in t] == [
        "这个文件打不开，没有保存。请直接发照片，或用文字说明情况。"
    ]
    assert ("private:孙志明", "已把照片记到诉求 E0001 的办理材料里。") in said
    [hint] = [t for g, t in said if g == "private:李大爷"]
    assert "语音" in hint and "文字" in hint

    engine = create_engine(f"sqlite:///{tmp_path / 'replay.db'}")
    with engine.connect() as conn:
        rows = conn.execute(
            text("SELECT message_id, case_id, mime FROM case_evidence ORDER BY id")
        ).all()
        jpeg = conn.execute(
            text("SELECT sha256 FROM case_evidence WHERE mime = 'image/jpeg'")
        ).scalar_one()
    engine.dispose()
    assert [(m, c) for m, c, _ in rows] == [
        ("replay-1", 1),  # sent 2 minutes before the report: adopted by it
        ("replay-5", 1),  # a minute after: attached
        ("replay-6", None),  # another resident, no report: kept, waiting, silent
        ("replay-10", None),  # 20 minutes later, no quote: not this case's any more
        ("replay-11", 1),  # quoting the bot's message about E0001
        ("replay-14", 1),  # the handler, right after 办结
        ("replay-15", None),  # the voice note in private
    ]
    stored = FileBlobStore(tmp_path / "media").get(jpeg)
    assert stored is not None and not has_gps(stored)


def test_a_file_line_must_name_an_existing_file_of_a_media_message(tmp_path: Path) -> None:
    missing = tmp_path / "missing.jsonl"
    missing.write_text(
        '{"group": "兰亭3号楼邻里群", "from": "张阿姨", "type": "image", "file": "nope.jpg"}\n',
        encoding="utf-8",
    )
    result = run(missing, tmp_path)
    assert result.returncode != 0 and "找不到文件 nope.jpg" in result.stderr
    on_text = tmp_path / "text.jsonl"
    (tmp_path / "a.png").write_bytes(b"\x89PNG")
    on_text.write_text(
        '{"group": "兰亭3号楼邻里群", "from": "张阿姨", "text": "hi", "file": "a.png"}\n',
        encoding="utf-8",
    )
    result = run(on_text, tmp_path)
    assert result.returncode != 0 and '"file" 只用于' in result.stderr
