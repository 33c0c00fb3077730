"""The broadcast replay scenario: refusal, bad target, preview, confirm, progress, schedule."""

from __future__ import annotations

from tests.integration.test_replay_cli import SCENARIOS, lines, replay

LANTING = {"兰亭小区业主群", *(f"兰亭{n}号楼邻里群" for n in range(1, 5))}
NOTICE = "【幸福里社区通知】\n明天（11月24日）9:00-15:00停水，请大家提前储水。"


def test_broadcast_scenario() -> None:
    out = lines(replay(SCENARIOS / "broadcast_notice.jsonl"))
    refused, unknown, preview, ack, *rest = out
    assert refused["to"] == "张阿姨" and "只有社区工作人员和支部书记" in str(refused["text"])
    assert "没有找到「兰亭9号楼」" in str(unknown["text"])
    assert preview["to"] == "王敏" and "共 5 个群" in str(preview["text"])
    assert NOTICE in str(preview["text"])  # the preview shows the text exactly as sent
    assert "B0001" in str(ack["text"])
    posts = [o for o in rest if o["text"] == NOTICE]
    assert sorted(str(o["group"]) for o in posts) == sorted(LANTING)  # each group once
    progress = next(o for o in rest if "已发 5，待发 0，失败 0" in str(o["text"]))
    assert progress["to"] == "王敏"
    scheduled = [o for o in rest if "电梯年检" in str(o["text"]) and o["group"]]
    assert [(o["group"], o["at"]) for o in scheduled] == [
        ("兰亭3号楼邻里群", "2026-11-24T08:00:00+08:00")
    ]
