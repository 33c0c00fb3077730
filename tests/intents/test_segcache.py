"""The private cache of jieba's prefix dictionary (intents/segcache.py): same words as a fresh
build, kept in a folder closed to others, and never trusted when someone else could write it."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from intents.segcache import build_tokenizer, default_cache_dir

USER = [("灯不亮", None), ("困梯", 2000)]
DOMAIN = ["路灯", "电梯困人", "黄泥水"]
TEXTS = ["路灯不亮了好几天", "电梯困人了快来", "水龙头放出来是黄泥水", "今天天气真好"]


def _files(folder: Path) -> list[Path]:
    return sorted(folder.glob("jieba-*.dict"))


def test_cached_dictionary_equals_a_fresh_build(tmp_path: Path) -> None:
    fresh = build_tokenizer(USER, DOMAIN, None)
    folder = tmp_path / "cache"
    first = build_tokenizer(USER, DOMAIN, folder)  # builds and writes
    assert len(_files(folder)) == 1
    second = build_tokenizer(USER, DOMAIN, folder)  # reads
    assert second.FREQ == fresh.FREQ and second.total == fresh.total
    for text in TEXTS:
        assert second.lcut(text, HMM=False) == first.lcut(text, HMM=False)
        assert second.lcut(text, HMM=False) == fresh.lcut(text, HMM=False)


def test_folder_and_file_are_private(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    build_tokenizer(USER, DOMAIN, folder)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    (path,) = _files(folder)
    assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0


def test_other_words_make_another_file(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    build_tokenizer(USER, DOMAIN, folder)
    tokenizer = build_tokenizer(USER, [*DOMAIN, "井盖没了"], folder)
    assert len(_files(folder)) == 2
    assert "井盖没了" in tokenizer.FREQ


def test_a_file_others_could_write_is_rebuilt_not_read(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    build_tokenizer(USER, DOMAIN, folder)
    (path,) = _files(folder)
    # Tamper: a planted word in a file someone else could have written.
    header, _, body = path.read_bytes().partition(b"\n")
    path.write_bytes(header + b"\n" + body.replace("路灯".encode(), "路口".encode(), 1))
    path.chmod(0o666)
    tokenizer = build_tokenizer(USER, DOMAIN, folder)
    assert tokenizer.FREQ == build_tokenizer(USER, DOMAIN, None).FREQ


@pytest.mark.parametrize("damage", ["truncate", "garbage", "symlink"])
def test_damaged_cache_falls_back_to_building(tmp_path: Path, damage: str) -> None:
    folder = tmp_path / "cache"
    build_tokenizer(USER, DOMAIN, folder)
    (path,) = _files(folder)
    if damage == "truncate":
        path.write_bytes(path.read_bytes()[:1000])
    elif damage == "garbage":
        path.write_bytes(b"not a cache\n\x00\x01")
    else:
        target = tmp_path / "elsewhere.dict"
        target.write_bytes(path.read_bytes())
        target.chmod(0o600)
        path.unlink()
        path.symlink_to(target)
    tokenizer = build_tokenizer(USER, DOMAIN, folder)
    fresh = build_tokenizer(USER, DOMAIN, None)
    assert tokenizer.FREQ == fresh.FREQ
    assert tokenizer.lcut("路灯不亮了", HMM=False) == fresh.lcut("路灯不亮了", HMM=False)


def test_an_unusable_folder_still_gives_a_tokenizer(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    tokenizer = build_tokenizer(USER, DOMAIN, blocker / "cache")
    assert "困梯" in tokenizer.FREQ


def test_default_folder_follows_the_data_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LINLI_DATA_DIR", str(tmp_path))
    assert default_cache_dir() == tmp_path / "cache"
    assert default_cache_dir(tmp_path / "other") == tmp_path / "other" / "cache"
    monkeypatch.delenv("LINLI_DATA_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_dir() == tmp_path / "xdg" / "linli"
    assert os.fspath(default_cache_dir()).endswith("linli")
