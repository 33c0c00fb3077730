"""convofix14c: three convo14 conversations where a resident asks about something in words and
now gets the answer she expects (tests/scenarios/convo14/README.md): what her points buy, where
a 议题 she spoke on stands, and the result of a vote she took part in."""

from __future__ import annotations

import json
from pathlib import Path

from tests.integration.test_convo14_replay import run, said
from tests.integration.test_replay_cli import lines, replay

Out = list[dict[str, object]]


def _variant(tmp_path: Path, steps: list[dict[str, object]]) -> Out:
    path = tmp_path / "variant.jsonl"
    path.write_text("\n".join(json.dumps(s, ensure_ascii=False) for s in steps) + "\n")
    return lines(replay(path))


def test_what_points_buy_is_answered_by_the_shop() -> None:
    out = run("points_shop.jsonl")
    zhang = said(out, "张阿姨")
    asked_shop = [t for t in zhang if "积分超市" in t and "积分：" not in t]
    # "这些积分能换点啥东西不" gets what "积分超市" gets, not the generic introduction.
    assert asked_shop == ["积分超市正在筹备，敬请期待。"] * 2
    assert not any("我是邻里小助手" in t for t in zhang)


def test_other_words_for_the_shop_list_its_goods(tmp_path: Path) -> None:
    out = _variant(
        tmp_path,
        [
            {"at": "2026-11-24T10:00:00+08:00"},
            {"private": True, "from": "王敏", "text": "上架 免费理发 30积分 10份 张记理发店"},
            {"advance": "2m"},
            {"private": True, "from": "张阿姨", "text": "积分怎么用啊"},
            {"advance": "2m"},
            {"group": "兰亭3号楼邻里群", "from": "张阿姨", "text": "攒的积分有啥用"},
            {"advance": "2m"},
            {"group": "兰亭3号楼邻里群", "from": "张阿姨", "text": "积分制度不公平"},
        ],
    )
    zhang = said(out, "张阿姨")
    assert len(zhang) == 2  # the protest about the scheme is talk among neighbours
    assert all(t.startswith("【积分超市】") and "免费理发" in t for t in zhang)
