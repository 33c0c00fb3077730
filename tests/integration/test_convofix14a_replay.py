"""Round fourteen (convofix14a): the classification and urgency failures of convo14, fixed.

Each test asserts what the people in the episode expect, read from the replay output only (see
tests/scenarios/convo14/README.md, rows noted "fixed in convofix14a").
"""

from __future__ import annotations

from tests.integration.test_convo14_replay import everything, run, said


def test_a_lost_cat_is_no_emergency() -> None:
    out = run("lost_cat.jsonl")
    text = everything(out)
    # No alarm, no 110 instruction, nothing said to the group or the owner.
    assert "紧急" not in text and "110" not in text
    assert said(out, "小王") == []
    assert [o for o in out if o["group"] is not None] == []


def test_flaking_plaster_is_a_normal_case() -> None:
    out = run("plaster_not_urgent.jsonl")
    laohu = said(out, "老胡")
    assert len(laohu) == 1 and "E0001" in laohu[0] and "公共设施" in laohu[0]
    assert "紧急" not in everything(out) and "安全提示" not in everything(out)
    assert said(out, "刘建华") == []


def test_lift_in_english_is_a_lift_case() -> None:
    out = run("pinyin_english.jsonl")
    kevin = said(out, "Kevin")
    assert "E0001（电梯 · 3号楼）" in kevin[0]
    # Progress asked twice, answered twice; the wifi chat and the pinyin question stay silent.
    assert len(kevin) == 3 and all("诉求 E0001 · 电梯" in k for k in kevin[1:])
    assert said(out, "小美") == []


def test_cantonese_is_anyone_there_chases_her_case() -> None:
    out = run("cantonese_anyone.jsonl")
    chen = said(out, "陈姨")
    assert "已帮您催" in chen[1] and "E0001" in chen[1]
    assert any("【居民催办】" in o["text"] and "有冇人理" in o["text"] for o in out)  # type: ignore[operator]
    assert "E0002" not in everything(out)
