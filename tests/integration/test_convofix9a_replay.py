"""convofix9a: a blind tester's (convo9) conversation failures, replayed through `linli replay`
(the public contract). Each scenario is one class of rule with near-miss counter-examples; the
unit tests in tests/unit/test_convofix9a_rules.py hold the rules themselves."""

from __future__ import annotations

from tests.integration.test_replay_cli import SCENARIOS, lines, replay


def said(path: str) -> list[tuple[str, str]]:
    out = lines(replay(SCENARIOS / path))
    return [(str(o["group"] or f"private:{o['to']}"), str(o["text"])) for o in out]


def to(out: list[tuple[str, str]], where: str) -> list[str]:
    return [text for place, text in out if place == where]


def test_code_bearing_lines_mean_what_they_say() -> None:
    """Class C: "台阶补好了，E0001办结，两天内别踩边上" closes with the words around the command
    word; "查一下E0002 谢谢🙏", "E 0 0 0 2 有人接了吗", "進度Ｅ０００２" ask its status; staff's
    "E0002现在谁在管" is a question, never relayed; "E0002 查过了 …" stays news; "E0002我弄不了
    麻烦换个人" gives the case back."""
    out = said("convo9fix_code_lines.jsonl")
    group = to(out, "兰亭3号楼邻里群")
    closed = "E0001（公共设施 · 3号楼1单元）已办结：台阶补好了，两天内别踩边上"
    assert any(closed in t for t in group)
    assert not any("有新进展：办结" in t for t in group)
    statuses = [t for t in group if t.startswith("诉求 E0002 · 公共设施")]
    assert len(statuses) == 3
    assert to(out, "private:王敏")[0].startswith("诉求 E0002 · 公共设施")
    assert not any("谁在管" in t for _, t in out)
    assert any(t.endswith("有新进展：查过了 是线路老化") for t in group)
    assert "已退回诉求 E0002，我们会重新安排党员。谢谢您！" in group
    assert not any("有新进展：我弄不了" in t or "有新进展：不好意思" in t for t in group)
    assert any("【重新认领】诉求 E0002" in t for t in to(out, "兰亭小区党员群"))
