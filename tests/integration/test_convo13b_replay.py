"""convo13b: blind conversations written from the staff and party-member side (a 党小组长's
cross-building dispatch refused then redone with a full-width code, a cancelled broadcast, the
2341 ladder climbing to 街道/部门 for a case nobody inside can fix, a case reported just before the
22:00 quiet hours, a case over the 元旦 holiday and weekend, a rating after a reopen, commands with
stray punctuation/emoji/full-width codes, a resident answering the bot's question two hours late)
that already get the right answer, replayed through `linli replay`. What a user expects of each
file is in tests/scenarios/convo13b/README.md; the failing ones are in
tests/scenarios/convo13b_failing/ with their own README, not here."""

from __future__ import annotations

from tests.integration.replay_support import timed_in, to

said = timed_in("convo13b")


def hour(at: str) -> int:
    return int(at[11:13])


def test_leader_cross_building_dispatch_refused_then_full_width_code_works() -> None:
    out = said("leader_cross_building_dispatch")
    leader = to(out, "private:赵老师")
    assert any("跨楼栋派单需要支部书记身份" in t for t in leader)
    assert leader[-1].startswith("已把诉求 E0001（环境卫生 · 3号楼）派给 孙志明")
    assert to(out, "private:孙志明")[-1].startswith("【派单】赵老师 把诉求 E0001")
    assert not any(t.startswith("【派单】") for t in to(out, "private:吴师傅"))
    told = "您反映的诉求 E0001（环境卫生 · 3号楼）已安排党员 孙志明 承办"
    assert to(out, "兰亭3号楼邻里群")[-1].startswith(told)


def test_broadcast_cancelled_sends_nothing() -> None:
    out = said("broadcast_cancelled")
    staff = to(out, "private:刘建华")
    assert staff[0].startswith("通知 B0001 预览")
    assert staff[1] == "已作废通知 B0001，没有发送。"
    assert "已作废" in staff[2]
    assert all(place.startswith("private:") for _, place, _ in out)


def test_ladder_climbs_to_department_and_never_tells_the_owners_group() -> None:
    out = said("whistle_department_ladder")
    group = to(out, "兰亭小区业主群")
    # A road caved in outside the gate: urgent or not is the engine's call (engine13 says not);
    # the ladder is what this conversation is about.
    assert len(group) == 1 and "已受理您反映的问题，编号 E0001" in group[0]
    staff = to(out, "private:王敏")
    assert any("已升级至社区党委：王敏" in t for t in staff)
    assert any("已升级至街道/职能部门" in t and "直接联系相关部门" in t for t in staff)
    assert sum("已升级至社区党委" in t for t in to(out, "兰亭小区党员群")) == 1


def test_case_before_quiet_hours_waits_until_morning_each_level_once() -> None:
    out = said("sla_overnight_quiet_hours")
    for at, _, text in out[1:]:
        if "督办" in text:
            assert 7 <= hour(at) < 22, (at, text)
    party = [t for t in to(out, "兰亭小区党员群") if t.startswith("【督办】")]
    assert sum("已升级至楼栋党小组长" in t for t in party) == 1
    assert sum("已升级至小区党支部书记" in t for t in party) == 1
    assert sum("已升级至社区党委" in t for t in party) == 1
    assert len(to(out, "兰亭2号楼邻里群")) == 1  # the receipt only: no 督办 to residents


def test_holiday_and_weekend_push_the_one_working_day_step_to_monday() -> None:
    out = said("sla_holiday_weekend")
    staff = [(at, t) for at, place, t in out if place == "private:王敏"]
    solution = [(at, t) for at, t in staff if "给出解决方案时限已过" in t]
    assert len(solution) == 1
    assert solution[0][0].startswith("2027-01-04")  # 元旦 Fri + weekend skipped
    assert not any(at[:10] in ("2027-01-01", "2027-01-02", "2027-01-03") for at, _, _ in out)


def test_rating_after_reopen_closes_the_case() -> None:
    out = said("rating_after_reopen")
    group = to(out, "兰亭4号楼邻里群")
    assert any("诉求 E0001 已重新打开" in t for t in group)
    assert any(t.startswith("【重新办理】") for t in to(out, "private:吴师傅"))
    assert sum("已办结" in t for t in group) == 2
    assert group[-1] == "谢谢您的评价（满意）！诉求 E0001 已回访结案。"


def test_commands_with_stray_punctuation_emoji_and_full_width_codes() -> None:
    out = said("stray_punct_fullwidth")
    group = to(out, "兰亭3号楼邻里群")
    assert any(t.startswith("认领成功：诉求 E0001") for t in group)
    assert any(t.endswith("有新进展：已经买了灯泡，下午装") for t in group)
    assert any("已办结：灯换好了" in t for t in group)
    assert group[-1].startswith("诉求 E0001 · 公共设施 · 3号楼2单元\n状态：已办结")


def test_resident_answers_the_bots_question_two_hours_late() -> None:
    out = said("late_answer_two_hours")
    group = to(out, "兰亭2号楼邻里群")
    assert "您对处理结果满意吗" in group[-2]
    assert group[-1] == "谢谢您的评价（满意）！诉求 E0001 已回访结案。"


def test_broadcast_typo_corrected_gets_a_new_preview_and_only_it_is_sent() -> None:
    # convofix13b #1: "写错了 通知 …" is a new 「通知」 replacing the pending draft.
    out = said("broadcast_typo_corrected")
    staff = to(out, "private:刘建华")
    assert staff[0].startswith("通知 B0001 预览") and "9:00-5:00" in staff[0]
    assert staff[1].startswith("通知 B0002 预览") and "9:00-15:00" in staff[1]
    assert "B0001 已作废" in staff[1]
    assert staff[2].startswith("好的，通知 B0002 开始发送")
    group = to(out, "兰亭3号楼邻里群")
    assert group == ["【幸福里社区通知】\n明天9:00-15:00停水 请提前储水"]


def test_secretary_redispatches_an_assigned_case_to_another_member() -> None:
    # convofix13b #3: "E0001 换个人跟 派给赵老师吧 老孙出差了" is a 派单, not a 退回.
    out = said("secretary_dispatch_redispatch")
    staff = to(out, "private:刘建华")
    assert staff[0].startswith("已把诉求 E0001（公共设施 · 3号楼2单元）派给 孙志明")
    assert staff[1].startswith("已把诉求 E0001（公共设施 · 3号楼2单元）派给 赵老师")
    assert not any("已退回" in t for t in staff)
    assert any(t.startswith("【派单】刘建华 把诉求 E0001") for t in to(out, "private:赵老师"))
    assert "诉求 E0001 已由 刘建华 改派给 赵老师，谢谢您的付出。" in to(out, "private:孙志明")
    assert not any(t.startswith("【重新认领】") for t in to(out, "兰亭小区党员群"))
    assert to(out, "兰亭3号楼邻里群")[-1].endswith("已安排党员 赵老师 承办。")


def test_organiser_asking_to_close_a_vote_early_gets_one_clear_line() -> None:
    # convofix13b #6: never read as his ballot; a vote runs to its published 截止.
    out = said("vote_closed_early")
    staff = to(out, "private:刘建华")
    assert staff[1] == (
        "投票 V0001「3号楼楼道粉刷」不能提前结束：按发布的截止时间 12月10日 20:00 自动计票，"
        "并在群里预公示结果；截止前各户还可以改票。"
    )
    assert not any("这个选项" in t for t in staff)
    assert staff[2].startswith("投票 V0001 3号楼楼道粉刷：正在投票")


def test_overnight_normal_case_held_for_the_night_is_not_called_an_outage() -> None:
    # convofix13b #9: the quiet hours are a rule, not a 系统中断.
    out = said("leader_overnight_urgent_vs_normal")
    leader = [(at, t) for at, place, t in out if place == "private:陈秀英"]
    assert leader[0][0].startswith("2026-12-05T22:40") and leader[0][1].startswith(
        "【紧急诉求】E0002"
    )
    morning = [t for at, t in leader if t.startswith("本楼栋有新诉求 E0001")]
    assert len(morning) == 1
    assert "（12月5日 22:30 受理；夜间 22:00–07:30 不打扰，今早补发）" in morning[0]
    assert not any("系统中断" in t for _, _, t in out)
    night = [
        at for at, _, t in out if "E0001" in t and "2026-12-05T22:30" < at[:16] < "2026-12-06T07:30"
    ]
    assert not night  # nothing about the speed bump between the receipt and the morning
