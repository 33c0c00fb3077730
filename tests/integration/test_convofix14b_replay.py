"""convofix14b: round fourteen's failing conversation-flow episodes, now in convo14/

Each test asserts what the people in the episode expect, read from the replay output only.
"""

from __future__ import annotations

from pathlib import Path

from tests.integration.test_replay_cli import lines, replay

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios" / "convo14"

Out = list[dict[str, object]]


def run(name: str) -> Out:
    return lines(replay(SCENARIOS / name))


def said(out: Out, name: str) -> list[str]:
    """What `name` sees addressed to them: private messages and group lines that @ them."""
    return [
        str(o["text"])
        for o in out
        if o["to"] == name or (o["group"] is not None and name in (o["mentions"] or []))
    ]


def everything(out: Out) -> str:
    return "\n".join(str(o["text"]) for o in out)


def test_every_first_ask_how_to_use_the_bot_gets_the_help() -> None:
    out = run("help_first_ask.jsonl")
    for name in ("王奶奶", "张大妈", "李婶", "老胡", "钱阿姨", "小美"):
        heard = said(out, name)
        assert len(heard) == 1, name
        assert "私聊我「帮助」" in heard[0] and "进度" in heard[0], name
    # A help request is not a wish: no party member is alerted.
    assert "微心愿" not in everything(out).replace("· 微心愿「心愿", "")
    assert "W0001" not in everything(out)
