"""Round fifteen blind conversations, staff and party members' side (tests/scenarios/convo15b).

Each test replays one episode written before the bot was run and asserts what the people in it
expect (see the folder's README for the table of expectations; the ones the bot does not yet meet
are in convo15b_failing).
"""

from __future__ import annotations

from tests.integration.replay_support import everything_said, heard_by, messages_in
from tests.integration.replay_support import group_lines as in_group
from tests.integration.replay_support import private_to as to
from tests.integration.test_replay_cli import SCENARIOS

CONFIG = SCENARIOS / "convo15b" / "config.toml"
said = messages_in("convo15b")

G1, G2, G3, G4 = "兰亭1号楼邻里群", "兰亭2号楼邻里群", "兰亭3号楼邻里群", "兰亭4号楼邻里群"
PARTY = "兰亭小区党员群"
RESIDENT_GROUPS = {"兰亭小区业主群", G1, G2, G3, G4}


def texts(lines: list[dict[str, object]]) -> list[str]:
    return [str(m["text"]) for m in lines]


def test_quote_reply_claims_and_later_line_is_progress() -> None:
    out = said("01_quote_claim_handover_words.jsonl")
    group = in_group(out, G3)
    assert any("认领成功" in str(m["text"]) and m["mentions"] == ["孙志明"] for m in group)
    assert any("已由党员 孙志明 认领" in str(m["text"]) for m in group)
    progress = group[-1]
    assert "新进展：看过了 是灯泡烧了" in str(progress["text"])
    assert progress["mentions"] == ["张阿姨"]


def test_two_members_claim_in_the_same_minute() -> None:
    out = said("03_two_claim_same_minute.jsonl")
    group = in_group(out, G3)
    assert sum("认领成功" in str(m["text"]) for m in group) == 1
    assert sum("已由党员 孙志明 认领" in str(m["text"]) for m in group) == 1
    late = [m for m in group if m["mentions"] == ["赵老师"]]
    assert len(late) == 1 and "已由 孙志明 认领" in str(late[0]["text"])
    # "好的 小孙去吧 有需要喊我" is chat: nothing after the late claimer's answer.
    assert group[-1] == late[0]


def test_member_hands_back_and_leader_takes_it() -> None:
    out = said("04_claim_then_hand_back.jsonl")
    assert any(t.startswith("已退回诉求 E0001") for t in to(out, "孙志明"))
    assert any("被退回" in t and "E0001" in t for t in texts(in_group(out, PARTY)))
    zhao = to(out, "赵老师")
    assert any("被退回，待重新认领 E0001" in t for t in zhao)
    assert any(t.startswith("认领成功") for t in zhao)
    grandma = heard_by(out, "王奶奶")
    assert any("正在重新安排党员" in t for t in grandma)
    assert "已由党员 赵老师 认领" in grandma[-1]
    # The hand-back words are not passed to the resident as "progress".
    assert not any("新进展" in t for t in grandma)


def test_progress_photo_close_rating_and_timeline() -> None:
    out = said("05_progress_photo_then_close.jsonl")
    group = in_group(out, G1)
    assert any("新进展：已经买了新的闭门器" in str(m["text"]) for m in group)
    closed = next(m for m in group if "已办结" in str(m["text"]))
    assert closed["mentions"] == ["刘大爷"] and "请您评价" in str(closed["text"])
    assert "已把照片记到诉求 E0001 的办理材料里。" in to(out, "郑晓东")
    assert "谢谢您的评价（满意）" in str(group[-1]["text"])
    timeline = to(out, "刘建华")[-1]
    assert "状态：已回访" in timeline and "郑晓东 认领" in timeline and "回访 满意" in timeline


def test_ladder_when_nobody_acts() -> None:
    out = said("06_ladder_nobody_acts.jsonl")
    first = next(m for m in out if m["to"] == "王国强" and "督办" in str(m["text"]))
    assert str(first["at"]).startswith("2026-12-07T10:20")
    secretary = next(m for m in out if m["to"] == "刘建华" and "督办" in str(m["text"]))
    assert "支部书记：刘建华" in str(secretary["text"])
    community = next(m for m in out if m["to"] == "王敏")
    assert "社区党委" in str(community["text"])
    assert str(community["at"]) < "2026-12-07T15"
    assert any("街道/职能部门" in t for t in to(out, "王敏"))
    # 督办 stays among the staff: never in a residents' group, nothing at night.
    assert not any(m["group"] in RESIDENT_GROUPS and "督办" in str(m["text"]) for m in out)
    assert all(7 <= int(str(m["at"])[11:13]) < 22 for m in out)


def test_leader_who_claimed_is_skipped_on_the_ladder() -> None:
    out = said("07_leader_claims_then_silent.jsonl")
    first = next(m for m in out if "【督办】" in str(m["text"]))
    assert first["to"] == "刘建华" and "支部书记：刘建华" in str(first["text"])
    zhao = to(out, "赵老师")
    assert not any(t.startswith("【督办】") for t in zhao)
    assert any(t.startswith("【提醒】您承办的诉求 E0001") for t in zhao)
    assert any("社区党委" in t for t in to(out, "王敏"))


def test_secretary_duban_stays_private() -> None:
    out = said("08_secretary_duban_private.jsonl")
    sun = to(out, "孙志明")
    assert any("刘建华 催办诉求 E0001" in t and "今天下班前给个说法" in t for t in sun)
    assert "已督促承办党员 孙志明 尽快处理诉求 E0001。" in to(out, "刘建华")
    group = in_group(out, G3)
    assert not any("下班前给个说法" in str(m["text"]) for m in group)
    assert "新进展：门禁厂家师傅明天上午9点来换读卡器" in str(group[-1]["text"])
    assert group[-1]["mentions"] == ["张阿姨"]


def test_whistle_to_the_street_department() -> None:
    out = said("09_chuishao_department.jsonl", "--config", str(CONFIG))
    owners = in_group(out, "兰亭小区业主群")
    assert any("已转交神堂沟街道城管科处理" in str(m["text"]) for m in owners)
    assert any("已向神堂沟街道城管科吹哨" in t for t in to(out, "刘建华"))
    assert any(t.startswith("【吹哨】") for t in to(out, "王国强"))
    status = str(owners[-1]["text"])
    assert status.startswith("诉求 E0001") and "已转交神堂沟街道城管科处理" in status


def test_topic_opinions_summary_and_meeting() -> None:
    out = said("11_topic_collect_meeting_decide.jsonl")
    liu = to(out, "刘建华")
    assert "已立小区级议题 Y0001" in liu[0]
    consult = {m["group"] for m in out if m["group"] and "【征求意见】" in str(m["text"])}
    assert consult == RESIDENT_GROUPS
    for person in ("张阿姨", "刘大爷", "钱大姐"):
        assert any("Y0001 的意见已记下" in t for t in to(out, person)), person
    summary = next(t for t in liu if "意见汇总：" in t)
    assert "共 3 条" in summary and "留个小门" in summary and "从东门走近" in summary
    assert any("进入「议事会」" in t for t in liu)
    meeting = next(t for t in liu if t.startswith("已安排议事会"))
    assert "12月10日 19:30" in meeting and "党群服务站" in meeting


def test_topic_skips_to_a_vote_and_publicity() -> None:
    out = said("12_topic_to_vote_and_publicity.jsonl")
    liu = to(out, "刘建华")
    assert any("跳过「征求意见」：楼里已经当面问过大家了" in t for t in liu)
    assert any("跳过「议事会」：事情小不用开会" in t for t in liu)
    assert any(t.startswith("已创建投票 V0001") for t in liu)
    announce = [m for m in out if "【投票表决】V0001" in str(m["text"])]
    assert [m["group"] for m in announce] == [G3]
    confirmations = [m for m in out if m["to"] and str(m["text"]).startswith("投票成功：V0001")]
    assert {m["to"] for m in confirmations} == {"张阿姨", "李叔", "王奶奶", "赵大爷"}
    assert all("同意" not in str(m["text"]) for m in confirmations)
    result = next(m for m in out if "【表决结果预公示】V0001" in str(m["text"]))
    assert result["group"] == G3 and str(result["at"]) >= "2026-12-10T20:00"
    assert "参与表决4人" in str(result["text"]) and "同意3人" in str(result["text"])
    assert "表决通过" in str(result["text"])


def test_objections_after_the_vote_are_acknowledged() -> None:
    out = said("14_vote_disputed_objection.jsonl")
    assert any("【表决结果预公示】V0001" in t for t in texts(in_group(out, G3)))
    li = to(out, "李叔")
    assert li == [
        "已收到您对投票 V0001 的异议（第 1 号），社区会核实处理并答复您。",
        "已收到您对投票 V0001 的异议（第 2 号），社区会核实处理并答复您。",
    ]


def test_vote_cannot_end_early() -> None:
    out = said("15_vote_early_end_request.jsonl")
    answer = to(out, "刘建华")[-1]
    assert "不能提前结束" in answer and "12月12日 20:00" in answer
    assert not any(t.startswith("投票成功") for t in to(out, "刘建华"))


def test_helpdesk_errand_with_photo_rating_and_points() -> None:
    out = said("16_helpdesk_medicine_full.jsonl")
    zhang = to(out, "张阿姨")
    assert "编号 H0001" in zhang[0] and "请回复上门地址" in zhang[0]
    sun = to(out, "孙志明")
    offer = next(t for t in sun if t.startswith("【帮办代办】H0001"))
    assert "1单元101" not in offer
    taken = next(t for t in sun if t.startswith("您已接单 H0001"))
    assert "3号楼1单元101" in taken
    assert any("由帮办代办队员 孙志明 接单" in t for t in zhang)
    assert "已把照片记到帮办 H0001 的办理材料里。" in sun
    assert any("已办好" in t and "请评价" in t for t in zhang)
    assert "谢谢您的评价（满意）" in zhang[-1]
    assert "邻里互助 +3" in sun[-1] and "H0001" in sun[-1]


def test_helpdesk_unclaimed_climbs_the_ladder() -> None:
    out = said("17_helpdesk_nobody_takes.jsonl")
    chases = [(m["to"], str(m["at"])) for m in out if "【帮办代办督办】" in str(m["text"])]
    assert [who for who, _ in chases] == ["陈秀英", "刘建华", "王敏"]
    assert chases[0][1] >= "2026-12-07T13:00" and chases[1][1] >= "2026-12-07T17:00"
    for m in out:
        if "督办" in str(m["text"]) or "再次派单" in str(m["text"]):
            assert "302" not in str(m["text"])


def test_broadcast_to_everyone() -> None:
    out = said("18_broadcast_all_estates.jsonl")
    preview = to(out, "王敏")[0]
    assert "共 9 个群" in preview and "党员群" not in preview
    sent = {m["group"] for m in out if m["group"] and "管网检修停水" in str(m["text"])}
    assert len(sent) == 9 and not any("党员群" in str(g) for g in sent)
    assert "已发 9，待发 0，失败 0" in to(out, "王敏")[-1]


def test_monthly_activity_preview_and_signup() -> None:
    out = said("20_monthly_activity_preview.jsonl")
    previews = [m for m in out if "党群阵地@你 · 12月活动预告" in str(m["text"])]
    assert {m["group"] for m in previews} == RESIDENT_GROUPS
    assert all(str(m["at"]).startswith("2026-11-25T09") for m in previews)
    assert all("冬季义诊" in str(m["text"]) and "反诈宣传讲座" in str(m["text"]) for m in previews)
    signup = in_group(out, G3)[-1]
    assert str(signup["text"]).startswith("报名成功：【1】") and signup["mentions"] == ["张阿姨"]


def test_wrong_deduction_is_corrected() -> None:
    out = said("22_points_wrong_deduction_corrected.jsonl")
    wangmin = to(out, "王敏")
    assert any(t.startswith("【积分疑问】李叔") for t in wangmin)
    assert any("冲正记录 #3" in t for t in wangmin)
    li = to(out, "李叔")
    assert any(t.startswith("【积分更正】") and "#2" in t for t in li)
    assert li[-1].startswith("您的积分：10 分") and "更正 #2" in li[-1]
    assert any(t.startswith("【积分扣分】") for t in to(out, "赵大爷"))


def test_member_commands_with_full_width_lowercase_and_space() -> None:
    out = said("24_member_commands_typed_badly.jsonl")
    group = in_group(out, G3)
    assert any("认领成功" in str(m["text"]) and m["mentions"] == ["孙志明"] for m in group)
    assert any("新进展：已经约了焊工 明天来" in str(m["text"]) for m in group)
    closed = group[-1]
    assert "已办结：扶手焊好了 很结实" in str(closed["text"]) and closed["mentions"] == ["李叔"]


def test_staff_and_secretary_ask_for_the_weeks_figures() -> None:
    out = said("25_staff_asks_statistics.jsonl")
    for person in ("王敏", "刘建华"):
        summary = to(out, person)[-1]
        assert "新诉求 3 件，已办结 1 件，在办 2 件" in summary, person
        assert "满意率 100%" in summary and "E0002" in summary and "E0003" in summary
    assert to(out, "刘建华")[-1].startswith("兰亭小区 本周")


def test_staff_commands_without_spaces_and_lowercase() -> None:
    out = said("26_staff_commands_typed_badly.jsonl")
    assert any("派给 孙志明" in t for t in to(out, "刘建华"))
    assert any(t.startswith("【派单】刘建华") for t in to(out, "孙志明"))
    assert any("已安排党员 孙志明 承办" in t for t in heard_by(out, "张阿姨"))
    assert any("刘建华 催办诉求 E0001" in t for t in to(out, "孙志明"))
    assert not any("消防检查快来了" in t for t in texts(in_group(out, G3)))
    assert to(out, "王敏")[-1].startswith("全社区 本月")


def test_member_away_hands_back_and_leader_takes_over() -> None:
    out = said("27_member_away_asks_someone_take_over.jsonl")
    li = heard_by(out, "李叔")
    assert any("正在重新安排党员" in t for t in li)
    assert any("已由党员 赵老师 认领" in t for t in li)
    assert "新进展" in li[-1] and "今天把接水管接上" in li[-1]
    assert not any("出差" in t for t in li)


def test_night_report_waits_for_the_morning() -> None:
    out = said("29_night_case_morning_notice.jsonl")
    assert str(out[0]["at"]).startswith("2026-12-07T22:40") and out[0]["mentions"] == ["刘大妈"]
    rest = out[1:]
    assert all(str(m["at"]) >= "2026-12-08T07:30" for m in rest)
    notice = to(out, "周海燕")[0]
    assert "夜间 22:00–07:30 不打扰，今早补发" in notice
    first = next(m for m in rest if "督办" in str(m["text"]))
    assert str(first["at"]) >= "2026-12-08T07:50"
    assert "系统中断" not in everything_said(out)


def test_unclaimed_wish_is_pushed_again_then_reported() -> None:
    out = said("30_wish_nobody_claims.jsonl")
    again = [m for m in out if "三天还没有人认领" in str(m["text"])]
    assert {m["to"] for m in again} == {"陈秀英", "郑晓东"}
    assert all(str(m["at"]).startswith("2026-12-10") for m in again)
    report = [m for m in out if m["to"] == "刘建华"]
    assert len(report) == 1 and "7 天仍无人认领" in str(report[0]["text"])
    assert str(report[0]["at"]).startswith("2026-12-14")
