"""convo11b: blind conversations from the staff and party side (claims quoting the bot's notices,
full-width codes, closing someone else's case, the 2341 ladder while a member is slow, urgent cases
at night, private status for 书记 and 网格员, broadcasts cancelled and resent, activities, votes,
议题, 帮办代办, points, confused staff input) that already get the right answer, replayed through
`linli replay` (the public contract). The failing ones are in tests/scenarios/convo11b_failing/
and in the round's report, not here."""

from __future__ import annotations

from tests.integration.replay_support import said_in, to

said = said_in("convo11b")


def test_quoting_the_private_new_case_notice_claims_then_progress_close_and_rating() -> None:
    out = said("private_notice_quoted_claim")
    assert to(out, "private:孙志明")[1].startswith("认领成功：诉求 E0001")
    group = to(out, "兰亭3号楼邻里群")
    assert any("已由党员 孙志明 认领" in t for t in group)
    assert any(t.endswith("有新进展：已经去五金店买灯管了") for t in group)
    assert any("已办结：2单元灯管换好了" in t for t in group)
    assert group[-1].startswith("谢谢您的评价（满意）")


def test_full_width_code_claims_and_closes_with_a_colon() -> None:
    group = to(said("close_fullwidth_colon"), "兰亭4号楼邻里群")
    assert any("已由党员 吴师傅 认领" in t for t in group)
    assert any("已办结：已疏通。" in t for t in group)
    assert group[-1].startswith("谢谢您的评价（基本满意）")


def test_another_member_cannot_close_a_claimed_case_but_the_handler_can() -> None:
    group = to(said("close_someone_elses_case"), "兰亭3号楼邻里群")
    assert "诉求 E0001 已由其他党员承办，如需协助请联系承办人。" in group
    assert "已办结：已经修好了，闭门器换了个新的" in group[-1]
    assert sum("已办结" in t for t in group) == 1


def test_closing_twice_or_claiming_a_closed_case_is_told_it_waits_for_a_rating() -> None:
    group = to(said("close_twice_and_claim_closed"), "兰亭1号楼邻里群")
    assert sum("已办结：井盖垫好了" in t for t in group) == 1
    assert group[-2:] == ["诉求 E0001 已办结，正在等待居民评价。"] * 2


def test_a_gas_smell_at_night_alerts_at_once_and_clears_on_close() -> None:
    out = said("night_gas_urgent")
    assert to(out, "锦绣1栋楼栋群")[0].startswith("【紧急】已受理")
    assert to(out, "private:马永红")[0].startswith("【紧急诉求】E0001")
    assert any(t.startswith("【解除紧急】诉求 E0001") for t in to(out, "锦绣家园党员群"))
    group = to(out, "锦绣1栋楼栋群")
    assert any("已由党员 马永红 认领" in t for t in group)
    assert group[-1].startswith("谢谢您的评价（满意）")


def test_a_slow_member_is_chased_leader_then_secretary_until_progress() -> None:
    out = said("slow_member_ladder")
    assert any("升级至楼栋党小组长：赵老师" in t for t in to(out, "private:赵老师"))
    assert any("升级至小区党支部书记：刘建华" in t for t in to(out, "private:刘建华"))
    assert sum(t.startswith("【提醒】您承办的诉求 E0001") for t in to(out, "private:孙志明")) == 2
    group = to(out, "兰亭3号楼邻里群")
    assert not any("督办" in t for t in group)
    assert group[-1].endswith("有新进展：不好意思刚开完会，已经联系电梯维保，明早来")


def test_secretary_and_staff_see_the_timeline_privately_other_estate_and_residents_do_not() -> None:
    out = said("secretary_grid_private_status")
    for who in ("private:刘建华", "private:王敏"):
        assert "已经打电话给保洁公司了" in to(out, who)[-1]
    for who in ("private:黄桂兰", "private:小胡"):
        assert to(out, who)[-1].startswith("查不到诉求 E0001")


def test_leader_lists_pending_member_is_asked_which_then_both_claimed() -> None:
    out = said("leader_pending_list_then_claims")
    leader = to(out, "private:周海燕")
    assert any(t.startswith("待认领的诉求：") and "E0001" in t and "E0002" in t for t in leader)
    group = to(out, "兰亭4号楼邻里群")
    assert any("有几件诉求等待认领" in t for t in group)
    assert any("E0002" in t and "已由党员 吴师傅 认领" in t for t in group)
    assert any("E0001" in t and "已由党员 周海燕 认领" in t for t in group)
    assert leader[-1].startswith("目前没有待认领的诉求")


def test_a_building_notice_cancelled_by_quote_then_resent_reaches_one_group_once() -> None:
    out = said("broadcast_building_cancel_then_resend")
    wang = to(out, "private:王敏")
    assert "已作废通知 B0001，没有发送。" in wang
    assert wang[-1].startswith("通知 B0002（兰亭小区3号楼）已确认发送")
    notices = [t for t in to(out, "兰亭3号楼邻里群") if t.startswith("【幸福里社区通知】")]
    assert notices == ["【幸福里社区通知】\n明天上午9点到12点停水检修，请提前储水🙏"]
    assert sum(t.startswith("【幸福里社区通知】") for _, t in out) == 1


def test_a_secretary_notices_her_estate_only() -> None:
    out = said("secretary_estate_notice_confirm")
    groups = [p for p, t in out if t.startswith("【幸福里社区通知】")]
    assert sorted(groups) == sorted(
        ["锦绣家园业主群", "锦绣1栋楼栋群", "锦绣2栋楼栋群", "锦绣3栋楼栋群"]
    )
    assert to(out, "private:黄桂兰")[-1] == "您只能给锦绣家园发通知。"


def test_a_private_wish_is_hidden_from_a_neighbour_but_told_to_its_owner() -> None:
    out = said("wish_claim_then_progress_query")
    assert to(out, "兰亭1号楼邻里群")[-1].startswith("查不到微心愿 W0001")
    assert "认领党员：郑晓东" in to(out, "private:钱奶奶")[-1]


def test_activity_sign_ups_other_estate_refused_and_roster() -> None:
    out = said("activity_other_estate_signup_and_roster")
    assert sum(t.startswith("报名成功") for t in to(out, "锦绣2栋楼栋群")) == 2
    assert "只接受锦绣家园居民报名" in to(out, "兰亭3号楼邻里群")[-1]
    assert to(out, "private:黄桂兰")[-1].endswith("报名：钱阿姨、高大爷")


def test_a_cancelled_activity_is_announced_to_every_group_that_had_it() -> None:
    out = said("activity_cancelled_residents_react")
    assert to(out, "private:刘建华")[-1].startswith(
        "活动【1】已取消，已通知之前收到预告的 5 个群和报名的 2 人"
    )
    cancels = [p for p, t in out if t.startswith("【取消】") and "老师临时生病" in t]
    assert len(cancels) == len(set(cancels)) == 5


def test_sign_in_records_points_the_resident_can_see() -> None:
    out = said("activity_signin_then_points")
    assert to(out, "private:王敏")[-1] == "已签到 2 人，每人记 3 积分：小王、孙志明"
    assert "参加活动 +3" in to(out, "private:小王")[-1]


def test_a_secret_vote_in_words_is_counted_and_published_at_the_deadline() -> None:
    out = said("vote_jinxiu_private_words")
    qian = to(out, "private:钱阿姨")
    assert qian[0].startswith("投票成功：V0001") and "同意" not in qian[0]
    assert "正在投票" in qian[1]
    assert any(
        t.startswith("【表决结果预公示】V0001") and "表决通过" in t
        for t in to(out, "锦绣1栋楼栋群")
    )


def test_a_leader_runs_a_building_topic_collects_opinions_and_skips_the_meeting() -> None:
    out = said("topic_leader_collect_skip_advance")
    assert any(t.startswith("【征求意见】楼栋议题 Y0001") for t in to(out, "兰亭3号楼邻里群"))
    lead = to(out, "private:赵老师")
    assert any("共 2 条，2 人" in t and "建议在楼下装个充电棚" in t for t in lead)
    assert any("跳过「议事会」：就几户人家" in t for t in lead)
    assert lead[-1].startswith("议题 Y0001「电动车不进楼道」· 楼栋级 · 当前：表决")


def test_handing_back_with_two_cases_asks_which_then_returns_the_named_one() -> None:
    out = said("handback_with_two_cases")
    group = to(out, "兰亭3号楼邻里群")
    assert any(t.startswith("您手上有 2 件在办的诉求，是哪一件要退回") for t in group)
    assert any(t.startswith("已退回诉求 E0002") for t in group)
    assert any(t.startswith("【重新认领】诉求 E0002") for t in to(out, "兰亭小区党员群"))
    assert group[-1].endswith("有新进展：已联系物业，下午来装玻璃")


def test_secretary_cannot_dispatch_to_another_estate_then_dispatches_in_words() -> None:
    out = said("secretary_dispatch_words_cross_estate")
    liu = to(out, "private:刘建华")
    assert "罗静 不是诉求 E0001 所在小区的党员。" in liu
    assert any(t.startswith("已把诉求 E0001") and "派给 吴师傅" in t for t in liu)
    assert any(t.startswith("【派单】刘建华") for t in to(out, "private:吴师傅"))
    assert "已办结：台阶用水泥补好了" in to(out, "兰亭4号楼邻里群")[-1]


def test_an_urgent_spark_nobody_claims_climbs_fast_and_never_reaches_residents() -> None:
    out = said("urgent_day_ladder_nobody")
    assert any(t.startswith("【紧急督办】") for t in to(out, "private:王国强"))
    assert any("升级至小区党支部书记：刘建华" in t for t in to(out, "private:刘建华"))
    group = to(out, "兰亭2号楼邻里群")
    assert not any("督办" in t for t in group)
    assert group[-1].endswith("有新进展：已经拉闸断电了，电工在路上")


def test_unsatisfied_reopens_to_the_same_member_and_the_second_fix_is_rated() -> None:
    out = said("reporter_says_not_fixed_after_close")
    assert any(t.startswith("【重新办理】") for t in to(out, "private:高大爷"))
    group = to(out, "锦绣2栋楼栋群")
    assert any(t.startswith("很抱歉没能让您满意。诉求 E0001 已重新打开") for t in group)
    assert group[-1].startswith("谢谢您的评价（满意）")


def test_staff_adds_points_unknown_name_refused_member_cannot_add_own() -> None:
    out = said("points_add_and_star")
    wang = to(out, "private:王敏")
    assert wang[0].startswith("已为 孙志明 记「志愿服务」2小时 +4 分")
    assert wang[1].startswith("没有找到「不存在的人」")
    sun = to(out, "private:孙志明")
    assert sun[0].startswith("【积分加分】")
    assert sun[-1] == "抱歉，这个操作需要楼栋党小组长身份。"


def test_a_late_night_report_waits_for_morning_and_a_quoted_claim_is_reported_back() -> None:
    out = said("night_nonurgent_claimed_quote_morning")
    first_notice = [t for t in to(out, "private:郑晓东") if t.startswith("本楼栋有新诉求")]
    assert len(first_notice) == 1
    group = to(out, "兰亭1号楼邻里群")
    assert any("已由党员 郑晓东 认领" in t for t in group)
    assert group[-1].startswith("诉求 E0001") and "郑晓东 认领" in group[-1]


def test_a_member_who_reported_and_fixed_it_is_not_asked_to_rate() -> None:
    group = to(said("member_self_report_self_close"), "锦绣3栋楼栋群")
    assert group[-1] == "诉求 E0001 已办结。这件是您自己反映、自己办理的，不用回访评价。"


def test_a_member_of_the_other_estate_cannot_claim() -> None:
    out = said("member_other_estate_claim")
    assert to(out, "private:孙志明") == ["诉求 E0001 不在您所在的小区，请由该小区的党员处理。"]
    assert any("已由党员 林文斌 认领" in t for t in to(out, "锦绣2栋楼栋群"))


def test_staff_wrong_codes_get_clear_answers_and_small_talk_is_silent() -> None:
    out = said("staff_confused_inputs")
    assert to(out, "private:王敏") == [
        "没有找到诉求 E0005，请核对编号。",
        "您没有待确认的通知（预览 24 小时内有效）。",
        "没有找到这条通知。",
    ]
    assert to(out, "private:刘建华") == [
        "没有找到活动【7】，请核对编号。",
        "没有找到议题 Y0003，请核对编号（例如 Y0001）。",
    ]


def test_jiao_gei_wo_on_a_quote_claims_and_a_grudging_rating_is_basic() -> None:
    out = said("quote_claim_notice_then_rate_words")
    group = to(out, "兰亭2号楼邻里群")
    assert any("已由党员 王国强 认领" in t for t in group)
    assert any(t.endswith("有新进展：物业拿抽水泵过来了") for t in group)
    assert group[-1].startswith("谢谢您的评价（基本满意）")


def test_an_ineligible_errand_points_to_a_wish_and_the_wish_is_taken() -> None:
    out = said("helpdesk_not_eligible_then_wish")
    assert "心愿" in to(out, "private:周姐")[0]
    assert any(t.startswith("【新微心愿】W0001") for t in to(out, "private:王国强"))


def test_a_scheduled_notice_waits_then_goes_to_all_nine_groups() -> None:
    out = said("staff_schedule_broadcast_then_progress")
    wang = to(out, "private:王敏")
    assert "将在 12月2日 08:00 发到 9 个群" in wang[1]
    assert "已发 0，待发 9" in wang[2]
    sent = [p for p, t in out if t.startswith("【幸福里社区通知】")]
    assert len(sent) == len(set(sent)) == 9


def test_a_leader_answers_numbers_that_do_not_exist_then_converts_by_code() -> None:
    out = said("leader_review_digest_reply_numbers")
    lead = to(out, "private:赵老师")
    assert lead[0].startswith("【待确认】") and "Q0001" in lead[0]
    assert any(t.startswith("没找到这个编号。") for t in lead)
    assert lead[-1].startswith("已把 Q0001 转为诉求 E0001")
    assert to(out, "兰亭3号楼邻里群")[-1].startswith("已受理您反映的问题，编号 E0001")
