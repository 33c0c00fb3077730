"""convo10b: blind conversations from the staff and party side (claims in their own words, 派单,
the 2341 ladder, broadcasts, activities, wishes, 帮办代办, 议事, votes, points) that already get
the right answer, replayed through `linli replay` (the public contract). The failing ones are in
the round's report, not here."""

from __future__ import annotations

from tests.integration.replay_support import said_in, to
from tests.integration.test_replay_cli import SCENARIOS, lines, replay

CONVO = SCENARIOS / "convo10b"
said = said_in("convo10b")


def test_a_quoted_zhe_ge_wo_lai_claims_and_a_code_with_a_result_closes() -> None:
    group = to(said("e2e_quote_claim_fix_rate"), "兰亭2号楼邻里群")
    assert any("已由党员 王国强 认领" in t for t in group)
    assert any("已办结：灯泡换了，现在亮了" in t for t in group)
    assert group[-1].startswith("谢谢您的评价（满意）")


def test_a_secretary_dispatching_in_words_then_progress_close_and_huan_xing() -> None:
    out = said("e2e_secretary_dispatch_words")
    assert to(out, "private:刘建华")[0].startswith("已把诉求 E0001")
    assert any(t.startswith("【派单】刘建华") for t in to(out, "private:吴师傅"))
    group = to(out, "兰亭4号楼邻里群")
    assert any("已安排党员 吴师傅 承办" in t for t in group)
    assert any(t.endswith("有新进展：收到 明天上午过去看") for t in group)
    assert any("已办结：井盖垫好了" in t for t in group)
    assert group[-1].startswith("谢谢您的评价（基本满意）")


def test_nobody_claiming_climbs_leader_secretary_community_street() -> None:
    out = said("escalation_ladder_nobody_claims")
    assert any("升级至楼栋党小组长：赵老师" in t for t in to(out, "private:赵老师"))
    assert any("升级至小区党支部书记：刘建华" in t for t in to(out, "private:刘建华"))
    wang = to(out, "private:王敏")
    assert any("升级至社区党委" in t for t in wang)
    assert any("升级至街道/职能部门" in t for t in wang)
    assert not any("督办" in t for t in to(out, "兰亭3号楼邻里群"))
    assert any("已由党员 赵老师 认领" in t for t in to(out, "兰亭3号楼邻里群"))


def test_the_second_member_is_thanked_not_given_the_case() -> None:
    group = to(said("two_members_claim_same"), "兰亭3号楼邻里群")
    assert sum(t.startswith("认领成功") for t in group) == 1
    assert group[-1] == "诉求 E0001 已由 孙志明 认领，谢谢您的热心！"


def test_a_wrong_and_an_overlong_code_get_a_clear_answer() -> None:
    group = to(said("wrong_code_then_right"), "兰亭3号楼邻里群")
    assert "没有找到诉求 E0011，请核对编号。" in group
    assert any("不是有效的诉求编号" in t for t in group)
    assert any("已由党员 孙志明 认领" in t for t in group)


def test_wo_nong_bu_liao_tui_hui_ba_hands_back_and_the_leader_takes_it() -> None:
    out = said("member_hands_back")
    group = to(out, "兰亭3号楼邻里群")
    assert any("正在重新安排党员" in t for t in group)
    assert any(t.startswith("【重新认领】诉求 E0001") for t in to(out, "兰亭小区党员群"))
    assert any("已由党员 赵老师 认领" in t for t in group)


def test_still_leaking_reopens_to_the_same_member() -> None:
    out = said("unsatisfied_reopens_to_handler")
    assert to(out, "兰亭3号楼邻里群")[-1].startswith("很抱歉没能让您满意。诉求 E0001 已重新打开")
    assert to(out, "private:孙志明")[-1].startswith("【重新办理】")


def test_secretary_and_staff_read_the_timeline_privately() -> None:
    out = said("secretary_and_staff_ask_progress")
    for who in ("private:刘建华", "private:王敏"):
        text = to(out, who)[-1]
        assert text.startswith("诉求 E0001") and "已经报给物业电工了" in text


def test_a_leader_assigns_in_her_building_and_the_member_closes() -> None:
    out = said("leader_dispatches_in_building")
    assert any(t.startswith("【派单】赵老师") for t in to(out, "private:孙志明"))
    assert to(out, "兰亭3号楼邻里群")[-1].startswith("您反映的诉求 E0001")
    assert "已办结：扶手螺丝已经拧紧了" in to(out, "兰亭3号楼邻里群")[-1]


def test_a_leader_cannot_dispatch_another_buildings_case() -> None:
    out = said("leader_cannot_dispatch_other_building")
    assert "跨楼栋派单需要支部书记身份" in to(out, "private:赵老师")[-1]


def test_a_resident_cannot_dispatch_or_close() -> None:
    group = to(said("resident_cannot_dispatch_or_close"), "兰亭3号楼邻里群")
    assert group[-2:] == ["抱歉，这个操作需要楼栋党小组长身份。", "抱歉，这个操作需要党员身份。"]


def test_a_notice_to_everyone_reaches_every_residents_group_once() -> None:
    out = said("broadcast_all_confirmed")
    assert to(out, "private:王敏")[0].startswith("通知 B0001 预览")
    groups = [p for p, t in out if t.startswith("【幸福里社区通知】")]
    assert len(groups) == len(set(groups)) == 9 and "兰亭小区党员群" not in groups


def test_a_resident_cannot_broadcast() -> None:
    out = said("resident_cannot_broadcast")
    assert to(out, "private:杨姐")[0].startswith("抱歉，只有社区工作人员")


def test_sign_ups_fill_the_seats_waitlist_and_promote_on_a_polite_cancel() -> None:
    out = said("activity_create_signup_waitlist")
    group = to(out, "兰亭3号楼邻里群")
    assert any(t.startswith("近期党群阵地活动") for t in group)
    assert sum(t.startswith("报名成功") for t in group) == 2
    assert any("候补第 1 位" in t for t in group)
    assert any(t.startswith("好消息：有邻居取消了报名") for t in group)
    assert any(t.startswith("已为您取消报名活动【1】") for t in group)
    assert "已报名" in to(out, "private:王奶奶")[-1]


def test_the_day_before_reminder_reaches_the_sign_up() -> None:
    group = to(said("activity_reminder_day_before"), "兰亭1号楼邻里群")
    assert any(t.startswith("报名成功：【1】老年人义诊") for t in group)
    assert group[-1].startswith("温馨提醒：您报名的活动【1】老年人义诊明天举行")


def test_bringing_a_child_gets_one_seat_and_the_family_hint() -> None:
    group = to(said("activity_family_seat"), "兰亭2号楼邻里群")
    assert group[-1].startswith("报名成功") and "每人占一个名额" in group[-1]


def test_the_monthly_preview_goes_out_on_the_25th() -> None:
    out = said("monthly_preview_on_25th")
    previews = [p for p, t in out if t.startswith("党群阵地@你 · 12月活动预告")]
    assert len(previews) == 5 and "兰亭3号楼邻里群" in previews


def test_sign_in_earns_activity_points() -> None:
    out = said("activity_signin_points")
    assert to(out, "private:王敏")[-1].startswith("已签到 1 人")
    assert "参加活动 +3" in to(out, "private:张阿姨")[-1]


def test_a_cancelled_activity_is_corrected_in_every_group() -> None:
    out = said("activity_cancelled_by_staff")
    assert sum(t.startswith("【取消】原定11月26日") for _, t in out) == 5


def test_a_public_wish_claimed_fulfilled_and_the_member_scores() -> None:
    out = said("wish_claim_fulfil_points")
    group = to(out, "兰亭1号楼邻里群")
    assert any(t.startswith("【微心愿】W0001") for t in group)
    assert any("已实现。感谢党员 郑晓东" in t for t in group)
    zheng = to(out, "private:郑晓东")
    assert any("+5 积分" in t for t in zheng)
    assert zheng[-1].startswith("郑晓东，您本月（2026-11）的党员积分：5 分")


def test_a_private_wish_stays_private_and_its_status_is_told() -> None:
    out = said("wish_natural_words_private")
    assert len(to(out, "兰亭3号楼邻里群")) == 1
    zhang = to(out, "private:张阿姨")
    assert any(t.startswith("好的，微心愿 W0001 不在群里公开") for t in zhang)
    assert "认领党员：孙志明" in zhang[-1]


def test_the_wish_board_lists_the_public_wish() -> None:
    group = to(said("wish_board"), "兰亭1号楼邻里群")
    assert group[-1].startswith("【心愿墙】") and "W0001" in group[-1]


def test_an_electricity_errand_is_done_scored_and_rated() -> None:
    out = said("helpdesk_electric_bill_with_proof")
    zhang, sun = to(out, "private:张阿姨"), to(out, "private:孙志明")
    assert any("编号 H0001" in t for t in zhang)
    assert any("有进展：已到营业厅排队了" in t for t in zhang)
    assert zhang[-1].startswith("谢谢您的评价（满意）")
    assert any("邻里互助」+3 积分" in t for t in sun)
    assert "邻里互助 +3" in sun[-1]


def test_an_unregistered_resident_is_told_why_and_where_to_go() -> None:
    text = to(said("helpdesk_not_registered"), "private:李叔")[0]
    assert text.startswith("抱歉，「代办社保认证」") and "0358-8200000" in text


def test_any_resident_may_ask_for_a_parcel() -> None:
    out = said("helpdesk_parcel_any_resident")
    assert any("「代取快递」，编号 H0001" in t for t in to(out, "private:小何"))
    assert any("吴师傅 接单" in t for t in to(out, "private:小何"))


def test_an_unclaimed_medicine_errand_climbs_its_own_ladder() -> None:
    out = said("helpdesk_unclaimed_escalates")
    assert any("升级至楼栋党小组长" in t for t in to(out, "private:陈秀英"))
    assert any("升级至小区党支部书记" in t for t in to(out, "private:刘建华"))
    assert any("升级至社区党委" in t for t in to(out, "private:王敏"))
    assert any(t.startswith("【帮办代办·再次派单】") for t in to(out, "private:吴师傅"))


def test_the_second_team_member_is_told_who_took_the_errand() -> None:
    out = said("helpdesk_two_take_same")
    assert to(out, "private:郑晓东")[-1] == "帮办 H0001 已由 孙志明 接单，谢谢您的热心！"


def test_cancel_with_a_reason_cancels_the_errand() -> None:
    out = said("helpdesk_resident_cancels")
    assert to(out, "private:钱奶奶")[-1].startswith("帮办 H0001「代缴水电燃气费」已取消")


def test_a_handlers_photo_is_counted_on_the_errand() -> None:
    out = said("helpdesk_progress_query_count_photos")
    assert "办理材料：照片、语音或视频 1 个" in to(out, "private:钱奶奶")[-1]


def test_a_private_photo_then_banjie_is_proof_of_work() -> None:
    out = said("helpdesk_private_photo_proof")
    assert "办理材料：照片、语音或视频 1 个" in to(out, "private:张阿姨")[-1]


def test_a_topic_collects_opinions_from_residents_in_words() -> None:
    out = said("topic_collect_opinions")
    assert sum(t.startswith("【征求意见】小区议题 Y0001") for _, t in out) == 5
    summary = to(out, "private:刘建华")[-1]
    assert summary.startswith("议题 Y0001「电动车不进楼道」意见汇总：共 2 条，2 人")


def test_a_resident_cannot_push_a_topic_but_can_read_it() -> None:
    zhao = to(said("topic_resident_cannot_advance"), "private:赵大爷")
    assert zhao[0] == "抱歉，这个操作需要党员身份。" and zhao[1].startswith("议题 Y0001")


def test_the_meeting_is_reminded_the_evening_before() -> None:
    out = said("topic_meeting_reminder")
    assert sum(t.startswith("温馨提醒：明天有议事会") for _, t in out) == 5


def test_two_suggestions_are_numbered() -> None:
    group = to(said("suggestion_bench"), "兰亭小区业主群")
    assert "（S0001）" in group[0] and "（S0002）" in group[1]


def test_a_secret_ballot_by_household_and_the_result_posted() -> None:
    out = said("vote_run_by_staff")
    assert to(out, "private:王敏")[0].startswith("已创建投票 V0001")
    assert to(out, "兰亭3号楼邻里群")[1].startswith("请私聊我投票")
    assert to(out, "private:李婶")[0].startswith("已更新您家的投票")
    assert to(out, "兰亭3号楼邻里群")[-1].startswith("【表决结果预公示】V0001")
    assert "参与表决3人" in to(out, "兰亭3号楼邻里群")[-1]


def test_points_added_by_staff_are_seen_by_the_resident() -> None:
    out = said("points_staff_add_and_query")
    assert to(out, "private:张阿姨")[-1].startswith("您的积分：14 分")


def test_a_resident_cannot_add_points() -> None:
    assert to(said("points_resident_cannot_add"), "private:小王")[0].startswith("抱歉")


def test_the_leaders_evening_digest_and_shi_q0001_open_a_case() -> None:
    out = said("review_digest_leader_converts")
    assert to(out, "private:赵老师")[0].startswith("【待确认】有 1 条消息")
    assert to(out, "兰亭3号楼邻里群")[0].startswith("已受理您反映的问题，编号 E0001")


def test_party_group_logistics_and_greetings_get_no_answer() -> None:
    assert said("party_group_chatter_silent") == []


def test_command_words_glued_to_chat_stay_chat() -> None:
    assert said("member_chat_not_command") == []


def test_dai_ren_ling_lists_both_new_cases() -> None:
    text = to(said("leader_pending_list"), "private:赵老师")[-1]
    assert text.startswith("待认领的诉求") and "E0001" in text and "E0002" in text


def test_another_estates_secretary_cannot_dispatch() -> None:
    out = said("secretary_other_estate_refused")
    assert to(out, "private:黄桂兰")[-1].startswith("诉求 E0001 不在您所在的小区")


def test_xiu_hao_le_without_a_code_closes_the_only_case() -> None:
    group = to(said("close_without_code_single_case"), "兰亭4号楼邻里群")
    assert "已办结：修好了 换了块玻璃" in group[-1]


def test_nong_hao_le_with_two_cases_asks_which() -> None:
    group = to(said("close_without_code_two_cases_asks"), "兰亭4号楼邻里群")
    assert group[-1].startswith("您手上有 2 件在办的诉求")


def test_tai_jie_zhe_ge_wo_lai_claims_the_only_new_case() -> None:
    group = to(said("unquoted_i_will_go_single_new"), "兰亭1号楼邻里群")
    assert any("已由党员 郑晓东 认领" in t for t in group)
    assert group[-1].endswith("有新进展：中午去看看")


def test_wo_bao_de_na_ge_answers_with_the_timeline() -> None:
    group = to(said("reporter_asks_after_claim"), "兰亭2号楼邻里群")
    assert group[-1].startswith("诉求 E0001") and "王国强 认领" in group[-1]


def test_you_ren_guan_ma_answers_and_nudges() -> None:
    out = said("reporter_asks_nobody_handles")
    assert to(out, "兰亭2号楼邻里群")[-1].startswith("已帮您催楼栋党小组")
    assert to(out, "private:王国强")[-1].startswith("【居民催办】诉求 E0001")
    assert sum("编号 E000" in t for t in to(out, "兰亭2号楼邻里群")) == 1


def test_a_members_own_case_closed_by_himself_is_not_rated() -> None:
    group = to(said("self_report_self_close_no_rating"), "兰亭3号楼邻里群")
    assert "不用回访评价" in group[-1]


def test_banjie_with_a_colon_relays_cleanly_and_ting_man_yi_rates() -> None:
    group = to(said("close_colon_rated_in_words"), "锦绣3栋楼栋群")
    assert any("已办结：已更换3个声控灯" in t for t in group)
    assert group[-1].startswith("谢谢您的评价（满意）")


def test_after_escalation_the_secretary_assigns_in_words() -> None:
    out = said("leader_gets_escalation_then_secretary_dispatches")
    assert any(t.startswith("【派单】刘建华") for t in to(out, "private:郑晓东"))
    assert to(out, "兰亭1号楼邻里群")[-1].endswith("有新进展：下午清")


def test_the_monthly_points_publicity_masks_names() -> None:
    out = said("points_publicity_first_of_month")
    text = to(out, "兰亭小区业主群")[0]
    assert text.startswith("【积分公示】2026年11月 · 兰亭小区")
    assert "李*" in text and "李叔" not in text


def test_help_twice_in_ten_minutes_points_up() -> None:
    group = to(said("help_in_group_twice"), "兰亭2号楼邻里群")
    assert group[0].startswith("您好，我是邻里小助手") and group[1].startswith("用法刚刚发在群里了")


def test_an_unknown_code_and_a_wish_code_get_a_clear_answer() -> None:
    sun = to(said("staff_private_unknown_text"), "private:孙志明")
    assert sun == ["没有找到诉求 E0009，请核对编号。", "请带上诉求编号，例如「办结 E0001 内容」。"]


def test_five_stars_is_satisfied() -> None:
    assert to(said("five_stars_rating"), "兰亭4号楼邻里群")[-1].startswith("谢谢您的评价（满意）")


def test_an_ambiguous_building_in_a_notice_is_asked() -> None:
    out = said("broadcast_ambiguous_building_asks")
    assert "兰亭3号楼、锦绣3号楼" in to(out, "private:王敏")[0]


def test_a_scheduled_notice_goes_out_at_eight_next_morning() -> None:
    out = lines(replay(CONVO / "broadcast_scheduled_next_morning.jsonl"))
    sent = [o for o in out if o["group"] == "兰亭3号楼邻里群"]
    assert len(sent) == 1 and str(sent[0]["at"]).startswith("2026-11-24T08:00")


def test_a_secretary_mentioning_a_member_with_jiao_gei_ni_le_dispatches() -> None:
    out = said("secretary_assigns_with_mention_in_party_group")
    assert any(t.startswith("【派单】黄桂兰") for t in to(out, "private:高大爷"))
    assert any("已办结：已经找人疏通了" in t for t in to(out, "锦绣2栋楼栋群"))


def test_trapped_claimed_then_ren_chu_lai_le_banjie_closes() -> None:
    group = to(said("trapped_claimed_then_out_and_close"), "锦绣2栋楼栋群")
    assert group[0].startswith("【紧急】已受理")
    assert "已办结：人出来了 没事 维保也到了" in group[-1]


def test_shou_dao_wo_ma_shang_qu_quoting_the_full_receipt_claims() -> None:
    group = to(said("quote_full_text_claim"), "锦绣2栋楼栋群")
    assert any("已由党员 林文斌 认领" in t for t in group)


def test_a_private_report_naming_the_estate_is_a_case() -> None:
    yang = to(said("private_report_with_estate"), "private:杨姐")
    assert yang[0].startswith("已受理您反映的问题，编号 E0001") and "E0001" in yang[1]


def test_a_night_report_waits_for_0730_then_climbs() -> None:
    out = lines(replay(CONVO / "night_report_waits_till_morning.jsonl"))
    staff = [o for o in out if o["group"] != "兰亭1号楼邻里群"]
    assert staff and all(str(o["at"]) >= "2026-11-24T07:30" for o in staff)
    assert any(str(o["text"]).startswith("本楼栋有新诉求") for o in staff)
    assert any("【督办】" in str(o["text"]) for o in staff)


def test_jin_tian_qu_bu_liao_with_the_code_is_progress_not_a_hand_back() -> None:
    group = to(said("cant_go_today_with_code"), "兰亭1号楼邻里群")
    assert group[-1].endswith("有新进展：今天去不了 单位加班 明天上午一定过去")


def test_suan_le_qu_xiao_voids_the_notice() -> None:
    out = said("broadcast_cancel_plain")
    assert to(out, "private:刘建华")[-1] == "已作废通知 B0001，没有发送。"
    assert not any(t.startswith("【幸福里社区通知】") for _, t in out)
