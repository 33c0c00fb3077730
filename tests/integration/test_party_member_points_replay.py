"""我的积分 for a party member is one answer in plain words: his 党员积分 this month and this year
so far, then the 兑换积分 he can spend in the 积分超市, never a bare "您的积分：0 分" first. A
resident's answer is unchanged."""

from __future__ import annotations

import json
from pathlib import Path

from tests.integration.replay_support import said, to


def _write(tmp_path: Path, steps: list[dict[str, object]]) -> Path:
    path = tmp_path / "points.jsonl"
    path.write_text("".join(json.dumps(s, ensure_ascii=False) + "\n" for s in steps), "utf-8")
    return path


def _close_one(reporter: str, text: str, code: str) -> list[dict[str, object]]:
    group = "兰亭3号楼邻里群"
    return [
        {"group": group, "from": reporter, "text": text},
        {"advance": "3m"},
        {"group": group, "from": "孙志明", "text": f"认领 {code}"},
        {"advance": "1h"},
        {"group": group, "from": "孙志明", "text": f"办结 {code} 修好了"},
        {"advance": "10m"},
        {"group": group, "from": reporter, "text": "满意"},
        {"advance": "1h"},
    ]


def test_member_hears_party_points_of_month_and_year_then_what_he_can_spend(
    tmp_path: Path,
) -> None:
    steps: list[dict[str, object]] = [
        {"at": "2026-11-20T09:00:00+08:00"},
        *_close_one("李叔", "3号楼1单元门禁坏了 刷卡没反应", "E0001"),
        {"at": "2026-12-03T09:00:00+08:00"},
        *_close_one("王奶奶", "3号楼后面的路灯不亮了", "E0002"),
        {"private": True, "from": "刘建华", "text": "加分 孙志明 志愿服务 2小时 帮老人搬家"},
        {"advance": "5m"},
        {"private": True, "from": "孙志明", "text": "我的积分"},
        {"private": True, "from": "李叔", "text": "我的积分"},
    ]
    out = said(_write(tmp_path, steps))
    mine = [t for t in to(out, "private:孙志明") if t.startswith("您的积分")]
    assert len(mine) == 1
    answer = mine[0].splitlines()
    assert answer[0] == "您的积分有两种："
    # One case closed and rated 满意 a month: 5 + 2 each month; and in December the 书记's
    # 加分 for 2 hours of 志愿服务 (+4) counts in his 党员积分 too (convofix15b).
    assert answer[1] == "一、党员积分：本月（12月）11 分，今年（2026年）共 18 分"
    assert "· 办结诉求 1 × +5 = +5" in answer
    assert "· 书记/社区加分 4 × +1 = +4" in answer
    exchange = next(line for line in answer if line.startswith("二、兑换积分"))
    assert exchange.startswith("二、兑换积分（到积分超市换东西用）：")
    assert "分（本月 +" in exchange and "：0 分" not in exchange
    assert any("志愿服务" in line for line in answer)
    assert not any(line.startswith("您的积分：") for line in answer)
    resident = to(out, "private:李叔")[-1]
    assert resident.startswith("您的积分：")
    assert "党员积分" not in resident and "兑换积分" not in resident


def test_member_with_nothing_to_spend_is_told_so_in_words(tmp_path: Path) -> None:
    steps: list[dict[str, object]] = [
        {"at": "2026-12-03T09:00:00+08:00"},
        {"private": True, "from": "孙志明", "text": "我的积分"},
    ]
    answer = to(said(_write(tmp_path, steps)), "private:孙志明")[-1].splitlines()
    assert answer == [
        "您的积分有两种：",
        "一、党员积分：本月（12月）0 分，今年（2026年）共 0 分",
        "本季度累计 0 分，目前可评 暂未评星（详细的发「我的星级」）",
        "二、兑换积分（到积分超市换东西用）：还没有。参加志愿服务、社区活动都可以得。",
    ]
