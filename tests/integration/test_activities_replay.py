"""The 党群阵地@你 replay scenarios, through `linli replay` (the public contract)."""

from __future__ import annotations

from collections import Counter

from tests.integration.test_replay_cli import SCENARIOS, lines, replay

LANTING = {"兰亭小区业主群", *(f"兰亭{n}号楼邻里群" for n in range(1, 5))}
JINXIU = {"锦绣家园业主群", *(f"锦绣{n}栋楼栋群" for n in range(1, 4))}


def where(o: dict[str, object]) -> str:
    return str(o["group"] or f"private:{o['to']}")


def test_monthly_preview_and_a_correction() -> None:
    out = lines(replay(SCENARIOS / "activities_preview.jsonl"))
    created = [o for o in out if o["to"] == "王敏" and str(o["text"]).startswith("已创建活动")]
    assert len(created) == 2 and "11月25日" in str(created[0]["text"])
    previews = [o for o in out if str(o["text"]).startswith("党群阵地@你 · 12月活动预告")]
    assert Counter(where(o) for o in previews) == Counter(LANTING | JINXIU)  # once each
    assert all(o["at"] == "2026-11-25T09:00:00+08:00" and o["mentions"] == [] for o in previews)
    lanting = next(o for o in previews if o["group"] == "兰亭3号楼邻里群")
    assert "【1】12月5日（周六）9:00-11:00" in str(lanting["text"])
    assert "【2】12月12日（周六）14:30-16:00" in str(lanting["text"])
    jinxiu = next(o for o in previews if o["group"] == "锦绣2栋楼栋群")
    assert "【1】" not in str(jinxiu["text"])  # 兰亭's own activity is not announced there
    corrections = [o for o in out if str(o["text"]).startswith("【更正】活动【2】")]
    assert {where(o) for o in corrections} == LANTING | JINXIU  # the groups that were told
    assert "地点改到邻里中心" in str(corrections[0]["text"])


def test_sign_up_to_capacity_and_the_waiting_list() -> None:
    out = lines(replay(SCENARIOS / "activities_signup.jsonl"))
    texts = [(where(o), o["mentions"], str(o["text"])) for o in out]
    assert texts[1][1] == ["张阿姨"] and "报名成功" in texts[1][2]
    assert texts[2][1] == ["李叔"] and "报名成功" in texts[2][2]
    assert texts[3][1] == ["王奶奶"] and "候补第 1 位" in texts[3][2]
    assert texts[4][1] == ["赵大爷"] and "名额和候补都满了" in texts[4][2]
    assert texts[5][1] == ["王奶奶"] and "候补转为正式报名" in texts[5][2]
    assert texts[6][1] == ["张阿姨"] and "已为您取消报名" in texts[6][2]
    assert texts[7][0] == "private:王奶奶" and "已报名" in texts[7][2]
    assert texts[8][0] == "private:刘建华" and "已报名 2/2，候补 0" in texts[8][2]


def test_reminders_the_day_before_and_attendance() -> None:
    out = lines(replay(SCENARIOS / "activities_reminder.jsonl"))
    reminders = [o for o in out if str(o["text"]).startswith("温馨提醒")]
    assert {o["at"] for o in reminders} == {"2026-12-04T18:00:00+08:00"}
    by_place = {where(o): sorted(o["mentions"]) for o in reminders}  # type: ignore[arg-type]
    assert by_place == {
        "兰亭3号楼邻里群": ["张阿姨", "李叔"],
        "兰亭1号楼邻里群": ["陈秀英"],
        "private:王奶奶": [],
    }
    assert "已签到 2 人，每人记 2 积分" in str(out[-1]["text"])
