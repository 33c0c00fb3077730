"""polish15: small things real users hit, each replayed through `linli replay`
(tests/scenarios/polish15/) and asserted from what the people in it read."""

from __future__ import annotations

from pathlib import Path

from tests.integration.replay_support import (
    Line,
    episode,
    everything_said,
    group_lines,
    messages,
    private_to,
)

FOLDER = Path("polish15")
GROUP3 = "兰亭3号楼邻里群"


def replayed(name: str) -> list[Line]:
    return messages(FOLDER / f"{name}.jsonl")


def to_in_group(out: list[Line], group: str, name: str) -> list[str]:
    """What the bot said in `group` to `name` (the lines that @ them)."""
    return [str(m["text"]) for m in group_lines(out, group) if name in (m["mentions"] or [])]


def test_reporter_corrects_the_category_under_its_code() -> None:
    out = replayed("category_code_first")
    zhang = to_in_group(out, GROUP3, "张阿姨")
    assert "E0001（公共设施" in zhang[0]
    assert "E0001 已改为「电梯」类" in zhang[1]
    assert "诉求 E0001 · 电梯" in zhang[2]
    # The neighbour is told who may correct it; nothing opens for her words.
    li = to_in_group(out, GROUP3, "李叔")
    assert len(li) == 1 and "反映的居民" in li[0] and "更正" in li[0]
    # "E0002不是电梯 是门禁": the thing she names, not the one she denies.
    lishen = to_in_group(out, GROUP3, "李婶")
    assert "E0002（电梯" in lishen[0] and "E0002 已改为「公共设施」类" in lishen[1]
    assert "E0003" not in everything_said(out)
    assert any("【类别更正】" in t and "改为电梯" in t for t in private_to(out, "孙志明"))


def test_a_leader_correcting_with_the_denied_label_first(tmp_path: Path) -> None:
    out = episode(
        tmp_path / "leader.jsonl",
        [
            {"at": "2026-12-03T10:00:00+08:00"},
            {"group": GROUP3, "from": "张阿姨", "text": "3号楼1单元单元门旁边那个按钮坏了"},
            {"advance": "5m"},
            {"private": True, "from": "刘建华", "text": "E0001不是公共设施 是电梯"},
            {"advance": "1m"},
            {"private": True, "from": "王奶奶", "text": "改类别 E0001 电梯"},
        ],
    )
    assert any("从「公共设施」改为「电梯」" in t for t in private_to(out, "刘建华"))
    wang = private_to(out, "王奶奶")
    assert len(wang) == 1 and "由反映的居民" in wang[0]
    assert "E0002" not in everything_said(out)


def test_the_secretary_names_the_topic() -> None:
    out = replayed("topic_title_kept")
    liu = private_to(out, "刘建华")
    assert "Y0001「电动车充电桩」" in liu[0]
    assert "Y0002「楼下装休息椅」" in liu[1]
    assert "Y0001「电动车充电桩」" in private_to(out, "李叔")[-1]
    assert "Y0002「楼下装休息椅」" in private_to(out, "赵大爷")[-1]


def test_the_wish_reads_without_the_bots_name_and_the_asking() -> None:
    out = replayed("wish_text_clean")
    for member in ("赵老师", "孙志明"):
        notice = private_to(out, member)[0]
        assert notice.startswith("【新微心愿】W0001（3号楼）：我家厨房水龙头关不严"), notice
    assert "@邻里小助手" not in everything_said(out)
    assert "我要报修" not in everything_said(out)
    assert "【新微心愿】W0002（1号楼）：谁能帮我把阳台上的旧花盆" in private_to(out, "陈秀英")[0]
    assert "我想许个心愿" not in everything_said(out)


def test_a_burst_pipe_is_told_whose_valve_to_shut() -> None:
    out = replayed("burst_pipe")
    above = to_in_group(out, GROUP3, "李婶")[0]
    assert above.startswith("【紧急】") and "物业" in above and "关上家里的总水阀" not in above
    stairwell = to_in_group(out, "兰亭2号楼邻里群", "刘大爷")[0]
    assert "物业" in stairwell and "关上家里的总水阀" not in stairwell
    own = to_in_group(out, "兰亭1号楼邻里群", "张大妈")[0]
    assert "请先关上家里的总水阀" in own


def test_same_category_words_stay_her_note_and_the_holders_words_his_news(
    tmp_path: Path,
) -> None:
    out = episode(
        tmp_path / "near.jsonl",
        [
            {"at": "2026-12-03T10:00:00+08:00"},
            {"group": GROUP3, "from": "张阿姨", "text": "3号楼1单元单元门旁边那个按钮坏了"},
            {"advance": "5m"},
            {"private": True, "from": "孙志明", "text": "认领 E0001"},
            {"advance": "5m"},
            {"group": GROUP3, "from": "张阿姨", "text": "E0001 不是门禁 是单元门"},
            {"advance": "5m"},
            {"group": GROUP3, "from": "孙志明", "text": "E0001 不是门禁 是电梯"},
        ],
    )
    zhang = to_in_group(out, GROUP3, "张阿姨")
    assert any("补充" in t and "E0001" in t for t in zhang[1:])  # both 公共设施: her 补充
    # The holder's words about his case are never answered as a neighbour's.
    assert not any("由反映的居民" in str(m["text"]) for m in out)
