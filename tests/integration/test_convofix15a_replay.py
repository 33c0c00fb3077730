"""convofix15a: convo15 conversations that now go as the resident expected
(tests/scenarios/convo15/README.md, rows marked "fixed in convofix15a")."""

from __future__ import annotations

from tests.integration.replay_support import RECEIPT, group_lines, heard_by, messages_in, private_to
from tests.integration.replay_support import everything_said as everything

Out = list[dict[str, object]]
run = messages_in("convo15")
L3 = "兰亭3号楼邻里群"


def test_asking_in_the_group_whether_a_topic_was_decided() -> None:
    out = run("topic_decided_ask.jsonl")
    answers = [str(m["text"]) for m in group_lines(out, L3) if "王奶奶" in (m["mentions"] or [])]
    # In the group, where she asked: where Y0001 stands, as 「议题 Y0001」 shows it.
    assert len(answers) == 1
    assert answers[0].startswith("议题 Y0001「楼道杂物清理」") and "当前：议事会" in answers[0]
    # Privately, full-width and short codes get the same status.
    wang = private_to(out, "王奶奶")
    assert len(wang) == 2 and all(t.startswith("议题 Y0001「楼道杂物清理」") for t in wang)
    # No sanitation case, and no party member is told of one.
    assert RECEIPT not in everything(out) and "新诉求" not in everything(out)
    assert not any("E0001" in t for t in heard_by(out, "孙志明"))
