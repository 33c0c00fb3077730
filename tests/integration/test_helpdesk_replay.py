"""帮办代办 replay scenarios (tests/scenarios/helpdesk_*.jsonl) through `linli replay`: what
each person is sent, from request to rating — eligible, ineligible, unclaimed and escalated."""

from __future__ import annotations

from tests.integration.test_replay_cli import SCENARIOS, lines, replay


def by_place(path: str) -> list[tuple[str, str, str]]:
    out = lines(replay(SCENARIOS / path))
    return [
        (str(o["at"])[11:16], str(o["group"] or f"private:{o['to']}"), str(o["text"])) for o in out
    ]


def test_eligible_request_to_rating() -> None:
    out = by_place("helpdesk_flow.jsonl")
    assert [p for _, p, _ in out] == [
        "兰亭3号楼邻里群",  # 收到, asked privately
        "private:张阿姨",  # address and time?
        "private:孙志明",  # offered to the 3号楼 team, nothing personal
        "private:张阿姨",  # registered
        "兰亭3号楼邻里群",  # 李叔 is not on the team
        "private:孙志明",  # taken: the details
        "private:张阿姨",  # who took it
        "兰亭3号楼邻里群",  # 吴师傅 is too late
        "private:孙志明",  # 进展 recorded
        "private:张阿姨",  # … and passed on
        "private:孙志明",  # 办结 with points
        "private:张阿姨",  # please rate
        "private:李叔",  # not his to rate
        "private:张阿姨",  # thanks
        "private:孙志明",  # the rating
        "private:孙志明",  # 我的积分
    ]
    texts = [t for _, _, t in out]
    assert "502" not in texts[0] + texts[2] + texts[4] + texts[7]
    assert "3号楼2单元502" in texts[5] and "已由 孙志明 接单" in texts[7]
    assert "+3 积分" in texts[10] and "满意 H0001" in texts[11]
    assert "邻里互助 +3" in texts[15]


def test_ineligible_and_unlisted_point_to_wishes_and_the_phone() -> None:
    out = by_place("helpdesk_ineligible.jsonl")
    private = [t for _, p, t in out if p == "private:李叔"]
    assert "高龄、独居、残疾、行动不便居民" in private[0] and "0358-8201234" in private[0]
    assert "不在帮办代办清单上" in private[1] and "心愿" in private[1]
    assert "【帮办代办清单】" in private[2] and "W0001" in private[3]
    group = [t for _, p, t in out if p == "兰亭3号楼邻里群"]
    assert all("高龄" not in t and "电视" not in t for t in group)  # why: privately only


def test_unclaimed_climbs_the_ladder_then_is_taken_and_rated() -> None:
    out = by_place("helpdesk_ladder.jsonl")
    at = {(when, place): text for when, place, text in out}
    assert "接单 H0001" in at[("09:00", "private:郑晓东")]  # the 1号楼 team first
    assert "再次派单" in at[("11:00", "private:吴师傅")]  # then the whole 小区's team
    assert ("11:00", "private:郑晓东") not in at  # told once already
    assert "楼栋党小组长" in at[("11:00", "private:陈秀英")]
    assert "支部书记" in at[("13:00", "private:刘建华")]
    assert "社区党委" in at[("15:00", "private:王敏")]
    assert "1号楼3单元201" in at[("15:00", "private:吴师傅")]
    assert "已由 吴师傅 接单" in at[("15:00", "private:郑晓东")]
    assert "基本满意" in at[("16:00", "private:吴师傅")]
    assert all(
        "201" not in t
        for (_, p), t in at.items()
        if p != "private:吴师傅" and p != "private:钱奶奶"
    )
