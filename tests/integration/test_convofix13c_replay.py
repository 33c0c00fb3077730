"""convofix13c: five convo13b staff-side conversations that failed and now get the answer a
party member or 组长 expects (tests/scenarios/convo13b/README.md): a second claim of a 微心愿
is told who has it, "这个我跟不了了" gives back the one case held, 【待确认】 answered by list
position in words, "我手上有几个单子" lists what he holds, "我有多少积分" shows 党员积分."""

from __future__ import annotations

import json
from pathlib import Path

from tests.integration import replay_support
from tests.integration.replay_support import Said, timed_in, to

said = timed_in("convo13b")


def _replay_lines(tmp_path: Path, steps: list[dict[str, object]]) -> Said:
    path = tmp_path / "variant.jsonl"
    path.write_text("\n".join(json.dumps(s, ensure_ascii=False) for s in steps) + "\n")
    return replay_support.said(path)


def test_second_claim_of_a_wish_is_told_who_has_it() -> None:
    out = said("wish_double_claim")
    group = to(out, "兰亭1号楼邻里群")
    assert any(t.startswith("认领成功：微心愿 W0001") for t in group)
    assert group[-1] == "微心愿 W0001 已由 郑晓东 认领，谢谢您的热心！"
    assert not any(t.startswith("您已认领微心愿") for t in to(out, "private:陈秀英"))


def test_second_claim_in_other_words_is_answered_too(tmp_path: Path) -> None:
    steps: list[dict[str, object]] = [
        {"at": "2026-12-03T10:00:00+08:00"},
        {
            "group": "兰亭1号楼邻里群",
            "from": "钱奶奶",
            "text": "心愿 厨房灯泡坏了 想请人帮忙换一下",
        },
        {"advance": "5m"},
        {"group": "兰亭1号楼邻里群", "from": "郑晓东", "text": "认领 W0001"},
    ]
    for text in ("W0001 我下午去", "W0001我去帮她换", "我来 W0001"):
        steps.append({"group": "兰亭1号楼邻里群", "from": "陈秀英", "text": text})
    steps.append({"private": True, "from": "陈秀英", "text": "认领W0001 我下午去"})
    out = _replay_lines(tmp_path, steps)
    told = [t for _, t in out if t == "微心愿 W0001 已由 郑晓东 认领，谢谢您的热心！"]
    assert len(told) == 4


def test_member_who_cannot_follow_up_gives_the_case_back() -> None:
    out = said("member_unclaims")
    group = to(out, "兰亭3号楼邻里群")
    assert "已退回诉求 E0001，我们会重新安排党员。谢谢您！" in group
    assert any("正在重新安排党员承办" in t for t in group)
    assert any(t.startswith("【重新认领】诉求 E0001") for t in to(out, "兰亭小区党员群"))


def test_leader_answers_the_pending_list_by_position_in_words() -> None:
    out = said("leader_pending_in_words")
    leader = to(out, "private:赵老师")
    assert not any(t.startswith("没看懂这句") for t in leader)
    assert any(t.startswith("已把 Q0002 转为诉求 E0001") for t in leader)
    assert any("Q0003 已标为「不是诉求」" in t for t in leader)
    assert any(t.startswith("已把 Q0001 转为诉求 E0002") for t in leader)


def test_member_asks_how_many_cases_he_holds() -> None:
    out = said("member_how_many_cases")
    last = to(out, "private:孙志明")[-1]
    assert last.startswith("您承办的诉求：")
    assert "E0001" in last and "E0002" in last
    assert "常用：" not in last


def test_party_member_points_show_his_party_points() -> None:
    out = said("points_after_closing")
    mine = to(out, "private:孙志明")
    asked = mine[-2]
    assert "还没有积分记录" not in asked
    assert "党员积分：本月（12月）14 分，今年（2026年）共 14 分" in asked
    assert "办结诉求 2 × +5 = +10" in asked


def test_holdings_list_wishes_and_a_resident_keeps_the_plain_points(tmp_path: Path) -> None:
    steps: list[dict[str, object]] = [
        {"at": "2026-12-03T10:00:00+08:00"},
        {
            "group": "兰亭1号楼邻里群",
            "from": "钱奶奶",
            "text": "心愿 厨房灯泡坏了 想请人帮忙换一下",
        },
        {"advance": "5m"},
        {"group": "兰亭1号楼邻里群", "from": "郑晓东", "text": "认领 W0001"},
        {"private": True, "from": "郑晓东", "text": "我手上有几个单子"},
        {"private": True, "from": "钱奶奶", "text": "我有多少积分"},
        {"private": True, "from": "钱奶奶", "text": "我接了哪些"},
    ]
    out = _replay_lines(tmp_path, steps)
    member = [t for place, t in out if place == "private:郑晓东"]
    assert "您认领的微心愿：" in member[-1] and "W0001" in member[-1]
    resident = [t for place, t in out if place == "private:钱奶奶"]
    points = next(t for t in resident if t.startswith("您的积分："))
    assert "党员积分" not in points
    # A resident is never refused "我接了哪些" (需要党员身份): her 帮办 record answers it.
    assert resident[-1].startswith("您还没有帮办代办记录")
