"""A message the engine is unsure of, naming the very thing an open case in this building is
about minutes later, is one more voice on that case (convo13 three_neighbours_one_lift): the
group hears "已合并跟进", nobody is woken, nothing waits on the 待确认 list. A held message about
something else, or in another building, is still held."""

from __future__ import annotations

import json
from pathlib import Path

from tests.integration.replay_support import said
from tests.integration.test_replay_cli import SCENARIOS


def test_third_neighbour_unsure_words_join_the_lift_case_without_alarm() -> None:
    out = said(SCENARIOS / "convo13" / "three_neighbours_one_lift.jsonl")
    group = [t for place, t in out if place == "兰亭1号楼邻里群"]
    assert group[0].startswith("已受理您反映的问题，编号 E0001（电梯 · 1号楼）")
    assert "共 2 位居民反映" in group[1]
    assert "共 3 位居民反映" in group[2]
    assert not any("紧急" in t for _, t in out)  # they walked up: nobody is in the lift
    assert not any("E0002" in t for _, t in out)


def write(tmp_path: Path, second: str, group: str = "兰亭1号楼邻里群") -> Path:
    steps = [
        {"at": "2026-12-02T09:00:00+08:00"},
        {"group": "兰亭1号楼邻里群", "from": "李姐", "text": "1号楼电梯又坏了 卡在三楼不动"},
        {"advance": "5m"},
        {"group": group, "from": "小美", "text": second},
        {"advance": "1m"},
    ]
    path = tmp_path / "held.jsonl"
    path.write_text("".join(json.dumps(s, ensure_ascii=False) + "\n" for s in steps), "utf-8")
    return path


def test_unsure_words_about_the_same_lift_join_it(tmp_path: Path) -> None:
    out = said(write(tmp_path, "我老公刚说电梯不走了 抱着娃爬了8楼😩"))
    assert any("共 2 位居民反映" in t for place, t in out if place == "兰亭1号楼邻里群")


def test_unsure_words_in_another_building_are_not_joined(tmp_path: Path) -> None:
    out = said(write(tmp_path, "我老公刚说电梯不走了 抱着娃爬了8楼😩", group="兰亭2号楼邻里群"))
    assert not any("共 2 位居民反映" in t for _, t in out)
    assert not any(place == "兰亭2号楼邻里群" and "E0001" in t for place, t in out)
