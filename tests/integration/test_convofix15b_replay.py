"""Round fifteen staff-side conversations fixed in convofix15b (tests/scenarios/convo15b).

Each test replays a conversation that used to fail and asserts what the people in it expected
(see the folder's README, rows marked "fixed in convofix15b")."""

from __future__ import annotations

from tests.integration.replay_support import everything_said, heard_by, messages_in
from tests.integration.replay_support import group_lines as in_group
from tests.integration.replay_support import private_to as to

said = messages_in("convo15b")

G3, G4 = "兰亭3号楼邻里群", "兰亭4号楼邻里群"
PARTY = "兰亭小区党员群"


def texts(lines: list[dict[str, object]]) -> list[str]:
    return [str(m["text"]) for m in lines]


def test_urgent_case_closed_at_night_by_its_handler() -> None:
    out = said("28_urgent_at_night.jsonl")
    group = in_group(out, G3)
    receipt = str(group[0]["text"])
    assert receipt.startswith("【紧急】已受理") and "不要扒门" in receipt
    for person in ("赵老师", "刘建华"):
        assert any(t.startswith("【紧急诉求】E0001") for t in to(out, person))
    assert any(t.startswith("【紧急诉求】E0001") for t in texts(in_group(out, PARTY)))
    assert any("已由党员 孙志明 认领" in t for t in heard_by(out, "赵大爷"))
    # "人出来了 没事 维保说明天来检查 E0001 办结" closes it: 赵大爷 is told and asked to rate.
    closed = heard_by(out, "赵大爷")[-1]
    assert "E0001" in closed and "已办结：人出来了 没事 维保说明天来检查" in closed
    assert "请您评价" in closed
    assert "核实后请发「办结 E0001" not in everything_said(out)
