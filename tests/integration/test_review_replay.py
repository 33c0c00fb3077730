"""The 待确认 scenarios replayed (tests/scenarios/review_*.jsonl): the daily digest to the
楼栋党小组长 and the 支部书记, conversion and dismissal by private reply, bad codes, restarts.

The classifier is the real engine with its review band stood in by `UnsureClassifier` (the
engine branch that sets action="review" lands separately); the replay contract is the one
`linli replay` prints.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.bootstrap import build
from bot.clock import VirtualClock
from bot.config import CommunityConfig
from bot.ports import Classifier
from bot.replay import Directory, parse_steps, parse_time, run_steps
from bot.settings import Settings
from bot.transports.simulator import SimulatorTransport
from tests.conftest import DEMO_CONFIG, ROOT
from tests.integration.review_support import UnsureClassifier

SCENARIOS = ROOT / "tests" / "scenarios"
Line = dict[str, object]


async def replay(
    path: Path, url: str, tmp: Path, config: CommunityConfig, classifier: Classifier
) -> list[Line]:
    with path.open(encoding="utf-8") as lines:
        steps = parse_steps(lines)
    first = steps[0]
    clock = VirtualClock(getattr(first, "to", None) or parse_time("2026-11-23T09:00:00+08:00"))
    transport = SimulatorTransport(clock=clock)
    settings = Settings(data_dir=tmp, db_url=url, config=DEMO_CONFIG)
    linli = build(
        settings,
        clock=clock,
        transport=transport,
        config=config,
        classifier=UnsureClassifier(classifier),
    )
    out = io.StringIO()
    await linli.runtime.start(sender=False)
    try:
        await run_steps(
            steps,
            clock=clock,
            transport=transport,
            directory=Directory(config, transport.bot_id),
            runtime=linli.runtime,
            out=out,
            tz=ZoneInfo(config.community.timezone),
        )
    finally:
        await linli.runtime.stop()
        linli.close()
    return [json.loads(line) for line in out.getvalue().splitlines()]


def said(out: list[Line], at: str) -> list[Line]:
    return [o for o in out if str(o["at"]).startswith(at)]


async def test_digest_and_conversion_by_reply(
    sqlite_url: str, tmp_path: Path, demo_config: CommunityConfig, classifier: Classifier
) -> None:
    out = await replay(
        SCENARIOS / "review_digest.jsonl", sqlite_url, tmp_path, demo_config, classifier
    )
    # Held messages and small talk: no reply in the group all day.
    assert said(out, "2026-11-23T09:00") == []
    assert said(out, "2026-11-23T17:59") == []
    digests = said(out, "2026-11-23T18:00")
    assert sorted(str(d["to"]) for d in digests) == ["刘建华", "赵老师"]
    zhao = next(d for d in digests if d["to"] == "赵老师")
    assert "Q0001" in str(zhao["text"]) and "Q0002" not in str(zhao["text"])
    assert "Q0002" in next(str(d["text"]) for d in digests if d["to"] == "刘建华")
    replies = said(out, "2026-11-23T18:30")
    texts = [str(o["text"]) for o in replies if o["to"] in ("赵老师", "刘建华")]
    assert "已把 Q0001 转为诉求 E0001" in texts[0]
    assert texts[1] == "Q0001 已由 赵老师 转为诉求 E0001，不用再处理。"
    assert "Q0002 不是您负责的楼栋的消息" in texts[2]  # no building: the 支部书记's
    assert texts[3] == "没有找到待确认消息 Q0009，请核对编号。"
    assert "编号应为 Q 加数字" in texts[4]
    assert texts[5] == "好的，Q0002 已标为「不是诉求」，谢谢您。"
    [ack] = [o for o in replies if o["group"] == "兰亭3号楼邻里群"]
    assert ack["mentions"] == ["张阿姨"] and "已受理您反映的问题，编号 E0001" in str(ack["text"])
    at_1850 = said(out, "2026-11-23T18:50")
    [status] = [o for o in at_1850 if o["mentions"] == ["张阿姨"]]
    assert "诉求 E0001" in str(status["text"]) and "待确认" not in str(status["text"])
    # The 2341 clock started at the conversion (18:30): the response step slips at 18:50.
    assert any("【督办】诉求 E0001" in str(o["text"]) for o in at_1850)
    assert not any("督办" in str(o["text"]) for o in out if str(o["at"]) < "2026-11-23T18:50")
    # The next evening nothing is pending: no digest at all.
    assert not [o for o in said(out, "2026-11-24T18:00") if "【待确认】" in str(o["text"])]


async def test_a_restart_does_not_send_the_digest_twice(
    sqlite_url: str, tmp_path: Path, demo_config: CommunityConfig, classifier: Classifier
) -> None:
    first = await replay(
        SCENARIOS / "review_restart_1.jsonl", sqlite_url, tmp_path, demo_config, classifier
    )
    assert [o["to"] for o in first if "【待确认】" in str(o["text"])] == ["赵老师"]
    second = await replay(
        SCENARIOS / "review_restart_2.jsonl", sqlite_url, tmp_path, demo_config, classifier
    )
    assert not [o for o in second if "【待确认】" in str(o["text"])]
