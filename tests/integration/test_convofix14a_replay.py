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


def test_the_gate_broken_again_is_linked_to_last_months_repair() -> None:
    out = run("fixed_then_broken.jsonl")
    liu = said(out, "刘大爷")
    # A new case, in the same unit as the one fixed last month.
    assert "E0002（公共设施 · 2号楼1单元）" in liu[-1]
    # The handler who picks it up reads that the repair of E0001 did not hold.
    notice = [t for t in said(out, "王国强") if "E0002" in t]
    assert notice and "此前 E0001 已于11月2日办结（换了读卡器 已经能刷了），这次又坏了" in notice[0]


def test_a_dripping_ceiling_is_one_normal_case_with_the_landlords_fact() -> None:
    out = run("renter_landlord_leak.jsonl")
    text = everything(out)
    assert "紧急" not in text and "安全提示" not in text
    assert said(out, "刘建华") == []
    assert "E0002" not in text
    # The landlord's report joins E0001 and her words (the leak is 301's) are on its timeline.
    wang = said(out, "王奶奶")
    # convofix14b's owner rule answers first: the owner of the room joins the case on it
    assert "E0001" in wang[0] and ("已合并跟进" in wang[0] or "您家的问题" in wang[0])
    # (room numbers are masked in the group: "楼上***卫生间的管子漏")
    assert "居民补充" in wang[-1] and "卫生间的管子漏" in wang[-1]
