"""Round fifteen staff-side conversations fixed in convofix15b (tests/scenarios/convo15b).

Each test replays a conversation that used to fail and asserts what the people in it expected
(see the folder's README, rows marked "fixed in convofix15b")."""

from __future__ import annotations

import json
from pathlib import Path

from tests.integration.replay_support import episode, everything_said, heard_by, messages_in
from tests.integration.replay_support import group_lines as in_group
from tests.integration.replay_support import private_to as to
from tests.integration.test_replay_cli import SCENARIOS

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


def test_holders_look_without_a_code_is_progress() -> None:
    out = said("02_member_says_ill_go_look.jsonl")
    group = in_group(out, G4)
    assert any("已由党员 吴师傅 认领" in t for t in heard_by(out, "刘大妈"))
    # "看了 松了两块砖 下午拿水泥补一下" reaches 刘大妈 as progress on E0001; no second case.
    assert "新进展：看了 松了两块砖 下午拿水泥补一下" in heard_by(out, "刘大妈")[-1]
    assert "E0001" in heard_by(out, "刘大妈")[-1]
    assert "E0002" not in everything_said(out)
    assert any(
        m["mentions"] == ["吴师傅"] and "已记为诉求 E0001 的进展" in str(m["text"]) for m in group
    )


def test_look_words_from_a_member_not_holding_the_case_are_no_progress(tmp_path: Path) -> None:
    out = episode(
        tmp_path / "not_holder.jsonl",
        [
            {"at": "2026-12-07T10:00:00+08:00"},
            {"group": G4, "from": "刘大妈", "text": "4号楼门口那个台阶砖松了 刚才差点崴脚"},
            {"advance": "6m"},
            {"group": G4, "from": "吴师傅", "text": "我去看看"},
            {"advance": "20m"},
            {"group": G4, "from": "周海燕", "text": "看了 松了两块砖 下午拿水泥补一下"},
        ],
    )
    assert not any("新进展" in t for t in heard_by(out, "刘大妈"))


def test_members_done_with_what_he_did_asks_the_requester() -> None:
    out = said("23_wish_claimed_fulfilled.jsonl")
    at_1730 = [m for m in out if str(m["at"]).startswith("2026-12-08T17:30")]
    # "W0001 搞定了 换了新绳子": 王奶奶 is asked privately to confirm; he is told so.
    asked = [str(m["text"]) for m in at_1730 if m["to"] == "王奶奶"]
    assert len(asked) == 1 and "请回复「已实现 W0001」" in asked[0]
    assert any(
        m["mentions"] == ["孙志明"] and "已私信请心愿人确认" in str(m["text"]) for m in at_1730
    )
    # Her 已实现 then marks it fulfilled and credits him.
    assert any("已确认实现" in t and "+5" in t for t in to(out, "孙志明"))
    assert "微心愿 W0001 已实现" in to(out, "王奶奶")[-1]


def test_sick_leader_hands_back_and_the_secretary_reassigns() -> None:
    out = said("10_leader_sick_secretary_reassigns.jsonl")
    # "… E0001 麻烦找人接一下" from its holder (the 组长 herself) is a hand-back: 刘建华 is
    # told privately at once, and nothing of her illness reaches 刘大妈 as "progress".
    assert any(t.startswith("已退回诉求 E0001") for t in to(out, "周海燕"))
    told = [t for t in to(out, "刘建华") if t.startswith("【退回】")]
    assert len(told) == 1 and "周海燕" in told[0] and "派单 E0001" in told[0]
    grandma = heard_by(out, "刘大妈")
    assert not any("住院" in t or "找人接" in t for t in grandma)
    assert any("正在重新安排党员" in t for t in grandma)
    # 刘建华's 改派 gives it to 吴师傅: he, 周海燕 and 刘大妈 are told; his progress reaches her.
    assert any(t.startswith("【派单】刘建华") for t in to(out, "吴师傅"))
    assert any("改派给 吴师傅" in t for t in to(out, "周海燕"))
    assert any("已安排党员 吴师傅 承办" in t for t in grandma)
    assert "新进展：量好尺寸了 下午玻璃店来装" in grandma[-1]


def test_member_hand_back_is_left_to_the_buildings_leader() -> None:
    out = said("04_claim_then_hand_back.jsonl")
    # Another 组长 (赵老师) arranges it: the 书记 is not told privately of every 退回.
    assert not any(t.startswith("【退回】") for t in to(out, "刘建华"))


def test_organiser_gets_turnout_and_a_reminder_in_the_group() -> None:
    out = said("13_vote_staff_asks_count_and_reminds.jsonl")
    wang = to(out, "王敏")
    # "V0001 现在投了几户了": how many households voted of how many, never a ballot prompt.
    asked = next(t for t in wang if "正在投票" in t)
    assert "已有 2 户投票，共 6 户" in asked
    assert not any("没有「" in t and "这个选项" in t for t in wang)
    # "提醒一下3号楼还没投票的 V0001 明晚8点截止": a reminder in 兰亭3号楼邻里群, naming nobody.
    reminders = [str(m["text"]) for m in in_group(out, G3) if "【投票提醒】V0001" in str(m["text"])]
    assert len(reminders) == 1 and "投票 V0001 1" in reminders[0]
    assert any("已在 兰亭3号楼邻里群 发了投票 V0001 的提醒" in t for t in wang)
    assert not any(
        "【投票提醒】" in str(m["text"]) for m in out if m["group"] not in (G3,) and m["to"] is None
    )


def test_a_resident_gets_no_turnout_and_posts_no_reminder(tmp_path: Path) -> None:
    steps = [
        json.loads(line)
        for line in (SCENARIOS / "convo15b" / "13_vote_staff_asks_count_and_reminds.jsonl")
        .read_text()
        .splitlines()[:5]
    ]
    steps += [
        {"private": True, "from": "李叔", "text": "V0001 现在投了几户了"},
        {"private": True, "from": "李叔", "text": "提醒一下还没投票的 V0001"},
    ]
    out = episode(tmp_path / "resident.jsonl", steps)
    li = to(out, "李叔")
    assert li and not any("已有" in t and "户投票" in t for t in li)
    assert not any("【投票提醒】" in str(m["text"]) for m in out)


def test_scheduled_notice_cancelled_in_words_is_never_sent() -> None:
    out = said("19_scheduled_wrong_building_corrected.jsonl")
    # "搞错了 年检的是3号楼 取消 B0001": B0001 is withdrawn, and only B0002 goes out at 08:00.
    assert any(t.startswith("已撤回") for t in to(out, "王敏"))
    assert not any("没看明白" in t for t in to(out, "王敏"))
    assert not in_group(out, "兰亭2号楼邻里群")
    sent = in_group(out, G3)
    assert len(sent) == 1 and "电梯年检" in str(sent[0]["text"])
    assert str(sent[0]["at"]).startswith("2026-12-08T08:0")


def test_secretarys_award_counts_in_the_members_stars() -> None:
    out = said("21_points_award_member_asks.jsonl")
    liu = to(out, "刘建华")
    assert any("已为 孙志明 记「志愿服务」3小时 +6 分" in t for t in liu)
    # "化解矛盾纠纷": the item it most likely means is named, nothing booked on a guess.
    assert any("没有「化解矛盾纠纷」这个积分项目。是「调解矛盾纠纷」吗？" in t for t in liu)
    sun = to(out, "孙志明")
    balance = next(t for t in sun if t.startswith("您的积分有两种"))
    assert "党员积分：本月（12月）6 分" in balance
    assert "本月（2026-12）的党员积分：6 分" in sun[-1] and "暂未评星" not in sun[-1]


def test_a_corrected_award_leaves_the_stars(tmp_path: Path) -> None:
    out = episode(
        tmp_path / "corrected.jsonl",
        [
            {"at": "2026-12-07T10:00:00+08:00"},
            {"private": True, "from": "刘建华", "text": "加分 @孙志明 志愿服务 3小时"},
            {"advance": "5m"},
            {"private": True, "from": "刘建华", "text": "更正 #2 记错了人"},
            {"advance": "5m"},
            {"private": True, "from": "孙志明", "text": "我的星级"},
        ],
    )
    assert "本月（2026-12）的党员积分：0 分" in to(out, "孙志明")[-1]
