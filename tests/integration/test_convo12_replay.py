"""convo12: blind conversations written from the residents' side (a 70-year-old on voice input,
young parents, a renter, party members answering as people type, a 楼栋党小组长, the secretary's
private-chat commands, votes with reasons, 帮办代办 with a photo, urgent dangers) that already get
the right answer, replayed through `linli replay` (the public contract) so that they keep getting
it. What a resident expects of each file is in tests/scenarios/convo12/README.md; the failing ones
are in tests/scenarios/convo12_failing/ with their own README, not here."""

from __future__ import annotations

from tests.integration.replay_support import opened, said_in, to

said = said_in("convo12")


# ---- residents reporting in their own words ----------------------------------------------


def test_voice_input_leak_is_opened_claimed_with_words_and_chased_in_words() -> None:
    out = said("elder_voice_kitchen_leak")
    group = to(out, "兰亭3号楼邻里群")
    assert group[0].startswith("已受理您反映的问题，编号 E0001（水电气暖 · 3号楼1单元）")
    assert opened(group) == 1
    assert any("已由党员 孙志明 认领" in t for t in group)
    # "我那个漏水的事咋样了有人管没有啊" gets the timeline and nudges the member
    assert group[-1].startswith("已帮您催承办党员 孙志明 尽快联系您")
    assert "二零一" not in group[-1]  # the room number is masked in the group
    assert any(t.startswith("【居民催办】诉求 E0001") for t in to(out, "private:孙志明"))


def test_renter_without_heat_at_night_is_a_case_chased_privately() -> None:
    # The tester expected 【紧急】. No heat with nobody in danger is an ordinary utilities case
    # under the labelling rules (urgent: fire, gas, trapped, shock, a person hurt …), as
    # convo11a's renter_landlord_unreachable already holds; her private chase reaches the
    # 楼栋党小组长 at once.
    out = said("renter_cold_radiator")
    group = to(out, "兰亭2号楼邻里群")
    receipt = "已受理您反映的问题，编号 E0001（水电气暖 · 2号楼2单元***室）"
    assert group[0].startswith(receipt)
    leader = to(out, "private:王国强")
    assert any(t.startswith("【居民催办】诉求 E0001") for t in leader)
    private = to(out, "private:小林")
    assert len(private) == 1 and "诉求 E0001 · 水电气暖" in private[0]


def test_progress_asked_privately_in_words_gets_the_timeline() -> None:
    out = said("progress_lift_in_words")
    group = to(out, "兰亭3号楼邻里群")
    assert group[0].startswith("已受理您反映的问题，编号 E0001（电梯 · 3号楼）")
    assert any("已由党员 赵老师 认领" in t for t in group)
    private = to(out, "private:小陈")
    assert len(private) == 1
    assert private[0].startswith("诉求 E0001 · 电梯 · 3号楼\n状态：处理中")


def test_quoted_claim_progress_and_close_in_words_then_rated_so_so() -> None:
    out = said("member_quote_claim_and_close")
    group = to(out, "兰亭3号楼邻里群")
    assert group[0].startswith("已受理您反映的问题，编号 E0001（环境卫生 · 3号楼2单元）")
    assert any(t.startswith("认领成功：诉求 E0001") for t in group)
    assert any(t.endswith("有新进展：联系了物业 下午两点来通") for t in group)
    assert any("已办结：管道通好了" in t for t in group)
    assert group[-1] == "谢谢您的评价（基本满意）！诉求 E0001 已回访结案。"


def test_broken_window_rated_unsatisfied_reopens_to_the_same_member() -> None:
    out = said("unsatisfied_reopens")
    group = to(out, "兰亭4号楼邻里群")
    assert group[-1].startswith("很抱歉没能让您满意。诉求 E0001 已重新打开")
    assert any(t.startswith("【重新办理】") for t in to(out, "private:周海燕"))


# ---- urgent dangers described naturally ------------------------------------------------


def test_gas_smell_in_the_stairwell_is_urgent_with_gas_advice() -> None:
    out = said("urgent_gas_smell")
    group = to(out, "兰亭2号楼邻里群")
    assert len(group) == 1
    assert group[0].startswith("【紧急】已受理您反映的问题，编号 E0001（消防安全 · 2号楼3单元）")
    assert "不要点火" in group[0]
    assert any(t.startswith("【紧急诉求】E0001") for t in to(out, "private:王国强"))
    assert any(t.startswith("【紧急诉求】E0001") for t in to(out, "private:刘建华"))


def test_neighbour_fallen_behind_a_locked_door_is_urgent_with_120_advice() -> None:
    out = said("urgent_neighbour_fallen")
    group = to(out, "兰亭1号楼邻里群")
    assert group[0].startswith("【紧急】已受理您反映的问题，编号 E0001")
    assert "拨打120" in group[0]
    assert "102" not in group[0]  # the room is masked in the group
    assert any(t.startswith("【紧急诉求】E0001") for t in to(out, "private:陈秀英"))


# ---- 楼栋党小组长 and secretary ------------------------------------------------------------


def test_leader_confirms_a_held_message_and_a_lowercase_claim_works() -> None:
    # Held because the writer doubts it (好像 … 不知道是不是); since engine13 the first wording
    # (…老人扶着不放心) is a case at once (see test_worried_handrail_report_is_a_case_…).
    out = said("leader_confirms_review_claim_lowercase")
    leader = to(out, "private:赵老师")
    assert leader[0].startswith("【待确认】有 1 条消息")
    assert any(t.startswith("已把 Q0001 转为诉求 E0001") for t in leader)
    group = to(out, "兰亭3号楼邻里群")
    assert opened(group) == 1
    assert any(t.startswith("认领成功：诉求 E0001") for t in group)
    assert any("已由党员 孙志明 认领" in t for t in group)


def test_secretary_water_notice_is_previewed_then_sent_to_building_3_only() -> None:
    out = said("secretary_water_notice")
    secretary = to(out, "private:刘建华")
    assert secretary[0].startswith("通知 B0001 预览")
    assert secretary[1].startswith("好的，通知 B0001 开始发送")
    sent = [(place, t) for place, t in out if not place.startswith("private:")]
    assert len(sent) == 1 and sent[0][0] == "兰亭3号楼邻里群"
    assert "3号楼停水检修管道" in sent[0][1]


# ---- activities, votes, 说事, 帮办代办 ----------------------------------------------------


def test_activity_is_announced_and_signups_with_extra_words_are_taken() -> None:
    out = said("activity_antifraud_signup")
    assert to(out, "private:王敏")[0].startswith("已创建活动：\n【1】")
    owners = to(out, "兰亭小区业主群")
    assert owners[0].startswith("党群阵地@你 · 新增活动")
    assert owners[1].startswith("近期党群阵地活动：")
    signed = [t for t in owners if t.startswith("报名成功：【1】反诈宣传讲座")]
    assert len(signed) == 2
    assert "同去的家人请用自己的微信" in signed[0]  # "我和老伴都去" is told how


def test_votes_sent_privately_with_reasons_are_all_counted() -> None:
    out = said("vote_charging_reasons")
    assert to(out, "private:刘建华")[0].startswith("已创建投票 V0001")
    assert to(out, "兰亭3号楼邻里群")[0].startswith("【投票表决】V0001")
    for who in ("张阿姨", "李叔", "赵大爷"):
        assert to(out, f"private:{who}")[0].startswith("投票成功：V0001")


def test_suggestion_is_recorded() -> None:
    out = said("suggestion_parcel_locker")
    assert out == [("兰亭小区业主群", out[0][1])]
    assert out[0][1].startswith("谢谢您的好建议！已记下（S0001）")


def test_medicine_errand_is_taken_closed_with_a_photo_and_rated() -> None:
    out = said("helpdesk_medicine_confirmed_photo")
    assert any(t.startswith("接单成功：帮办 H0001") for t in to(out, "兰亭3号楼邻里群"))
    member = to(out, "private:孙志明")
    assert "已把照片记到帮办 H0001 的办理材料里。" in member
    assert member[-1] == "居民对帮办 H0001「代购药品」的评价：满意。"
    assert to(out, "private:张阿姨")[-1] == "谢谢您的评价（满意）！帮办 H0001 已完成。"


# ---- fixed in round thirteen (engine13; rules in tests/intents/test_rules13.py) ----------


def test_small_talk_with_problem_words_stays_silent() -> None:
    # Five lines of chat in the owners' group, among them "漏气的不是暖气是我😭" (a figure
    # for the writer, the heating named only to be denied): no reply, no case, nothing held.
    assert said("chat_must_stay_silent") == []


def test_worried_handrail_report_is_a_case_the_member_claims() -> None:
    # "老人扶着不放心" is worry about a hazard there now, not reassurance that it is settled.
    out = said("leader_pending_and_claim_typo")
    group = to(out, "兰亭3号楼邻里群")
    assert group[0].startswith("已受理您反映的问题，编号 E0001（公共设施 · 3号楼1单元）")
    assert opened(group) == 1
    assert to(out, "private:赵老师")[-1].startswith(
        "待认领的诉求：\nE0001（公共设施 · 3号楼1单元）"
    )
    assert any(t.startswith("认领成功：诉求 E0001") for t in group)
    assert any("已由党员 孙志明 认领" in t for t in group)
