"""convofix7: a blind tester's blocking failures, replayed through `linli replay` (the public
contract). Each scenario is one case of a rule; the unit tests hold the rule itself."""

from __future__ import annotations

from tests.integration.test_replay_cli import SCENARIOS, lines, replay


def said(path: str) -> list[tuple[str, str]]:
    out = lines(replay(SCENARIOS / path))
    return [(str(o["group"] or f"private:{o['to']}"), str(o["text"])) for o in out]


def to(out: list[tuple[str, str]], where: str) -> list[str]:
    return [text for place, text in out if place == where]


def test_a_code_before_its_command_word_closes_the_item() -> None:
    """F3: "水电费都交好了 H0001办结", "H0002 已办结了，谢谢😊", "电梯修好了 E0001已办结了👍"."""
    out = said("convo7_code_first.jsonl")
    volunteer, resident = to(out, "private:孙志明"), to(out, "private:张阿姨")
    assert any("H0001「代缴水电燃气费」：办理中" in t for t in volunteer)  # 办结了吗: asked
    assert any(t.startswith("帮办 H0001 已办结") for t in volunteer)
    assert any(t.startswith("帮办 H0002 已办结") for t in volunteer)
    assert any("（H0001）已办好：水电费都交好了" in t for t in resident)
    assert any("（H0002）已办好。" in t for t in resident)  # no stray "已" or "谢谢" as result
    assert any("没有找到帮办 H9999" in t for t in volunteer)
    group = to(out, "兰亭3号楼邻里群")
    assert any("E0001（电梯 · 3号楼）已办结：电梯修好了\n" in t for t in group)
    assert any("不是有效的诉求编号" in t for t in group)
    assert "状态：已办结" in group[-1]
