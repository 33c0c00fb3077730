"""convo10a: blind conversations (elderly voice-to-text, working parents, renters, a grumpy
neighbour, a 楼长, party members answering as people do) that already get the right answer,
replayed through `linli replay` (the public contract) so that they keep getting it. The
failing ones are in the round's report (/work/reports/convo10a.md), not here."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.integration.replay_support import opened, said_in, to

said = said_in("convo10a")


# ---- chat that must get no answer -------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "chat_morning",
        "chat_forwarded",
        "chat_elsewhere",
        "chat_hypothetical",
        "chat_grumpy",
        "chat_praise",
        "chat_questions",
        "photo_only_silent",
    ],
)
def test_chat_gets_no_answer(name: str) -> None:
    assert said(name) == []


# ---- everyday reports --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "group", "head"),
    [
        (
            "elder_voice_stair_light",
            "兰亭3号楼邻里群",
            "已受理您反映的问题，编号 E0001（公共设施 · 3号楼1单元）",
        ),
        ("streetlight_owners", "兰亭小区业主群", "已受理您反映的问题，编号 E0001（公共设施）"),
        ("garbage_smell", "锦绣2栋楼栋群", "已受理您反映的问题，编号 E0001（环境卫生 · 2号楼）"),
        (
            "renter_heating",
            "锦绣3栋楼栋群",
            "已受理您反映的问题，编号 E0001（水电气暖 · 3号楼2单元）",
        ),
        ("grumpy_fire_lane", "兰亭小区业主群", "已受理您反映的问题，编号 E0001（停车 · 4号楼）"),
        (
            "renovation_noise_night",
            "锦绣1栋楼栋群",
            "已受理您反映的问题，编号 E0001（噪音扰民 · 1号楼）",
        ),
        (
            "traditional_fullwidth",
            "兰亭3号楼邻里群",
            "已受理您反映的问题，编号 E0001（电梯 · 3号楼）",
        ),
        ("irony_dog_mess", "兰亭4号楼邻里群", "已受理您反映的问题，编号 E0001（宠物 · 4号楼）"),
    ],
)
def test_a_plain_report_opens_one_case(name: str, group: str, head: str) -> None:
    out = said(name)
    assert to(out, group)[0].startswith(head)
    assert opened([t for _, t in out]) == 1
    assert not any("紧急" in t for _, t in out)


def test_a_louzhang_reporting_for_an_old_neighbour_has_the_room_masked() -> None:
    group = to(said("louzhang_for_neighbour"), "兰亭4号楼邻里群")
    assert group[0].startswith("已受理您反映的问题，编号 E0001（水电气暖 · 4号楼***室）")
    assert "502" not in group[0]


def test_a_photo_then_words_opens_a_case_with_the_photo(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    out = said("photo_then_text", "--db", f"sqlite:///{db}")
    group = to(out, "兰亭1号楼邻里群")
    assert len(group) == 1 and group[0].startswith(
        "已受理您反映的问题，编号 E0001（公共设施 · 1号楼）"
    )
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from case_evidence").fetchone() == (1,)


def test_a_numbered_list_is_three_cases() -> None:
    text = to(said("numbered_list"), "兰亭2号楼邻里群")[0]
    assert text.startswith("已受理您反映的 3 个问题")
    assert "E0001（电梯" in text and "E0002（公共设施" in text and "E0003（环境卫生" in text


def test_a_polite_leak_report_is_claimed_progressed_closed_and_rated() -> None:
    group = to(said("polite_roof_leak"), "兰亭2号楼邻里群")
    assert group[0].startswith("已受理您反映的问题，编号 E0001（水电气暖 · 2号楼）")
    assert any("已由党员 王国强 认领" in t for t in group)
    assert any(t.endswith("有新进展：已联系防水师傅，明天上午过来") for t in group)
    assert any("已办结：楼顶防水层补好了" in t for t in group)
    assert group[-1] == "谢谢您的评价（满意）！诉求 E0001 已回访结案。"


# ---- emergencies -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "group", "party", "tip"),
    [
        ("lift_trapped_kid", "兰亭2号楼邻里群", "兰亭小区党员群", "按电梯里的警铃"),
        ("smoke_stairwell", "兰亭4号楼邻里群", "兰亭小区党员群", "拨打119"),
        ("child_missing", "锦绣家园业主群", "锦绣家园党员群", "拨打110"),
        ("electric_shock", "兰亭3号楼邻里群", "兰亭小区党员群", "拉下电闸断电"),
        ("gas_smell", "锦绣1栋楼栋群", "锦绣家园党员群", "燃气公司"),
        ("fall_stairs", "兰亭1号楼邻里群", "兰亭小区党员群", "拨打120"),
        ("pipe_burst_urgent_no_word", "兰亭2号楼邻里群", "兰亭小区党员群", "总水阀"),
    ],
)
def test_an_emergency_in_plain_words_is_urgent_with_the_right_tip(
    name: str, group: str, party: str, tip: str
) -> None:
    out = said(name)
    first = to(out, group)[0]
    assert first.startswith("【紧急】已受理您反映的问题，编号 E0001")
    assert tip in first.split("【安全提示】")[1]
    assert any(t.startswith("【紧急诉求】E0001") for t in to(out, party))
    assert opened([t for _, t in out]) == 1


def test_the_night_smoke_report_wakes_the_building_leader() -> None:
    out = said("smoke_stairwell")
    assert any(t.startswith("【紧急诉求】E0001") for t in to(out, "private:周海燕"))
    assert any(t.startswith("【紧急诉求】E0001") for t in to(out, "private:刘建华"))


def test_called_120_is_acknowledged_and_kept_on_the_case() -> None:
    out = said("fall_stairs")
    group = to(out, "兰亭1号楼邻里群")
    assert group[1].startswith("收到，您已经联系了120") and "拨打120" not in group[1]
    assert "【居民补充】诉求 E0001（其他 · 1号楼2单元）：打了120了" in to(out, "private:陈秀英")
    assert opened(group) == 1


def test_a_found_child_stands_the_alarm_down() -> None:
    out = said("child_missing")
    assert to(out, "锦绣家园业主群")[-1].startswith("太好了！已把您的话记到诉求 E0001")
    assert any(t.startswith("【居民撤回】诉求 E0001") for t in to(out, "private:黄桂兰"))


def test_burning_paper_false_alarm_tells_everyone_alerted() -> None:
    out = said("false_alarm_burning_paper")
    assert "不再催办" in to(out, "兰亭3号楼邻里群")[-1]
    for who in ("private:赵老师", "private:孙志明", "private:刘建华", "兰亭小区党员群"):
        assert any(t.startswith("【居民撤回】诉求 E0001") for t in to(out, who)), who


def test_a_passer_by_saying_fine_does_not_stand_a_lift_rescue_down() -> None:
    out = said("neighbour_says_fine")
    assert any("仍按紧急处理" in t for t in to(out, "private:陈秀英"))
    assert to(out, "兰亭1号楼邻里群")[-1].startswith("收到，已转告楼栋党小组核实诉求 E0001")


def test_fire_and_a_trapped_lift_are_two_urgent_cases() -> None:
    group = to(said("two_emergencies"), "兰亭4号楼邻里群")
    assert group[0].startswith("【紧急】已受理您反映的问题，编号 E0001（消防安全")
    assert group[1].startswith("【紧急】已受理您反映的问题，编号 E0002（电梯")


def test_falling_facade_tiles_are_dispatched_by_the_secretary_in_words() -> None:
    out = said("dispatch_by_secretary")
    assert any(
        t.startswith("已把诉求 E0001（公共设施 · 3号楼）派给 孙志明")
        for t in to(out, "private:刘建华")
    )
    assert any(t.startswith("【派单】刘建华 把诉求 E0001") for t in to(out, "private:孙志明"))
    assert "已安排党员 孙志明 承办" in to(out, "兰亭3号楼邻里群")[1]


# ---- follow-ups, claims, ratings -------------------------------------------------------


def test_asking_two_days_later_in_words_gets_the_status_and_chases() -> None:
    out = said("follow_up_days_later")
    group = to(out, "兰亭3号楼邻里群")
    assert opened(group) == 1
    assert group[1].startswith("已帮您催楼栋党小组尽快联系您。您反映的诉求 E0001 现在的情况")
    assert any(t.startswith("【居民催办】诉求 E0001") for t in to(out, "private:赵老师"))


def test_asking_privately_whether_anyone_is_on_it_chases_the_member() -> None:
    out = said("progress_words_private")
    assert to(out, "private:高大妈")[0].startswith("已帮您催承办党员 林文斌 尽快联系您")
    assert any(t.startswith("【居民催办】诉求 E0001") for t in to(out, "private:林文斌"))


def test_my_cases_in_private_lists_the_case() -> None:
    mine = to(said("my_cases_private"), "private:钱先生")
    assert mine[0].startswith("您反映过的诉求：\nE0001 公共设施 · 2号楼 · 已受理")


def test_a_member_claims_without_a_code_and_closes_in_words() -> None:
    group = to(said("member_no_code_claim"), "兰亭3号楼邻里群")
    assert any("已由党员 孙志明 认领" in t for t in group)
    assert any(t.endswith("有新进展：下午去清") for t in group)
    assert "已办结：清理好了 杂物都搬走了" in group[-1]


def test_a_resident_typing_claim_is_politely_refused() -> None:
    group = to(said("non_member_claim"), "兰亭3号楼邻里群")
    assert group[-1].startswith("谢谢您的热心！认领诉求需要党员身份")
    assert not any(t.startswith("认领成功") for t in group)


@pytest.mark.parametrize(
    ("name", "group", "last"),
    [
        ("rating_so_so", "兰亭4号楼邻里群", "谢谢您的评价（基本满意）！诉求 E0001 已回访结案。"),
        ("rating_thumb", "兰亭1号楼邻里群", "谢谢您的评价（满意）！诉求 E0001 已回访结案。"),
        (
            "rating_thanks_then_ask",
            "兰亭3号楼邻里群",
            "谢谢您的评价（满意）！诉求 E0001 已回访结案。",
        ),
    ],
)
def test_a_rating_in_words(name: str, group: str, last: str) -> None:
    assert to(said(name), group)[-1] == last


def test_thanks_alone_asks_whether_satisfied() -> None:
    group = to(said("rating_thanks_then_ask"), "兰亭3号楼邻里群")
    assert group[-2].startswith("不客气！诉求 E0001 已经办结，您对处理结果满意吗？")


def test_too_bad_still_smells_reopens_to_the_same_member() -> None:
    out = said("rating_bad_reopen")
    assert to(out, "锦绣3栋楼栋群")[-1].startswith("很抱歉没能让您满意。诉求 E0001 已重新打开")
    assert to(out, "private:罗静")[-1].startswith("【重新办理】")


def test_broken_again_days_later_is_a_new_case_told_to_the_old_member() -> None:
    out = said("reopen_broke_again")
    assert to(out, "兰亭2号楼邻里群")[-1].startswith("已记为新诉求 E0002（与 E0001 是同一处）")
    assert to(out, "private:王国强")[-1].startswith("【又坏了】您办结的诉求 E0001")


def test_a_mistaken_outage_report_is_withdrawn() -> None:
    out = said("withdraw_mistake")
    assert "不再催办" in to(out, "兰亭4号楼邻里群")[-1]
    assert any(t.startswith("【居民撤回】诉求 E0001") for t in to(out, "private:周海燕"))


# ---- SLA ladder ----------------------------------------------------------------------------


def test_an_unclaimed_manhole_climbs_the_whole_ladder() -> None:
    out = said("sla_ladder_unclaimed")
    esc = [t for _, t in out if t.startswith("【督办】")]
    for level in (
        "楼栋党小组长：何春梅",
        "小区党支部书记：黄桂兰",
        "社区党委：王敏",
        "街道/职能部门",
    ):
        assert any(level in t for t in esc), level
    assert not any("督办" in t for t in to(out, "锦绣3栋楼栋群"))


def test_a_late_evening_report_waits_for_the_morning() -> None:
    out = said("night_report_quiet")
    private = [t for p, t in out if p.startswith("private:")]
    assert private and all("督办" not in t for t in private)
    assert len(to(out, "private:林文斌")) == 1


# ---- wishes and errands -----------------------------------------------------------------


def test_an_old_ladys_light_bulb_in_plain_words_is_a_wish_made_public_and_fulfilled() -> None:
    out = said("wish_plain_words")
    group = to(out, "兰亭1号楼邻里群")
    assert group[0].startswith("收到您的微心愿，编号 W0001")
    assert group[1].startswith("【微心愿】W0001")
    assert group[-1] == "太好了，微心愿 W0001 已实现。感谢党员 郑晓东 的帮助！"
    assert "+5 积分" in to(out, "private:郑晓东")[-1]


def test_a_wish_kept_private_on_request() -> None:
    out = said("wish_word")
    assert to(out, "private:老马头")[-1].startswith("好的，微心愿 W0001 不在群里公开")
    assert len(to(out, "锦绣1栋楼栋群")) == 1


def test_an_unclaimed_wish_is_pushed_again_and_reported() -> None:
    out = said("wish_unclaimed_ladder")
    assert any(t.startswith("【微心愿再次征集】W0001") for t in to(out, "private:林文斌"))
    assert to(out, "private:黄桂兰")[-1].startswith("【微心愿无人认领】W0001")


def test_asking_after_a_wish_in_words() -> None:
    group = to(said("wish_progress"), "兰亭4号楼邻里群")
    assert group[-1].startswith("微心愿 W0001") and "待认领" in group[-1]


def test_paying_electricity_for_an_old_lady_end_to_end() -> None:
    out = said("helpdesk_electricity")
    zhang = to(out, "private:张阿姨")
    assert any("「代缴水电燃气费」，编号 H0001" in t for t in zhang)
    assert any("地址：三号楼一单元101" in t for t in zhang)
    assert zhang[-1] == "谢谢您的评价（满意）！帮办 H0001 已完成。"
    # the address goes only to the one who took the errand
    assert "三号楼一单元101" not in to(out, "private:孙志明")[0]


def test_a_haircut_asked_privately_in_plain_words_is_an_errand() -> None:
    assert to(said("helpdesk_haircut_plain"), "private:钱奶奶")[0].startswith(
        "您要办「上门理发」，编号 H0001"
    )


def test_a_working_parents_parcel_errand_is_open_to_anyone() -> None:
    out = said("helpdesk_parcel_anyone")
    assert any("「代取快递」，编号 H0001" in t for t in to(out, "private:加班的小白"))
    assert to(out, "private:加班的小白")[-1].startswith("好的，已登记：代取快递（H0001）")


def test_an_errand_not_for_this_resident_is_explained_privately() -> None:
    out = said("helpdesk_ineligible")
    assert to(out, "兰亭2号楼邻里群") == ["抱歉，这项帮办暂时办不了，原因和其他办法我私信告诉您。"]
    assert "心愿" in to(out, "private:小年轻小季")[0]


def test_an_unclaimed_errand_climbs_to_the_community() -> None:
    out = said("helpdesk_unclaimed_ladder")
    assert to(out, "private:陈秀英")[-1].startswith("【帮办代办督办】H0001")
    assert to(out, "private:刘建华")[-1].startswith("【帮办代办督办】H0001")
    assert to(out, "private:王敏")[-1].startswith("【帮办代办督办】H0001")


def test_an_errand_called_off_in_words() -> None:
    zhang = to(said("helpdesk_cancel_words"), "private:张阿姨")
    assert zhang[-1] == "帮办 H0001「陪同就医」已取消。有需要随时再找我。"


# ---- activities, votes, 议事, points, help -------------------------------------------------


def test_monthly_preview_then_sign_up_in_words() -> None:
    out = said("activity_preview_signup")
    for group in ("兰亭小区业主群", "兰亭1号楼邻里群", "兰亭3号楼邻里群"):
        assert to(out, group)[0].startswith("党群阵地@你 · 12月活动预告")
    l3 = to(out, "兰亭3号楼邻里群")
    assert l3[1].startswith("近期党群阵地活动")
    assert l3[2].startswith("报名成功：【1】冬季义诊")
    assert to(out, "private:张阿姨")[-1].startswith("您报名的活动：\n【1】冬季义诊")


def test_capacity_waitlist_and_withdrawal_in_words() -> None:
    group = to(said("activity_capacity_words"), "兰亭2号楼邻里群")
    assert sum(t.startswith("报名成功") for t in group) == 2
    assert any(t.startswith("名额已满，已为您登记候补") for t in group)
    assert any(t.startswith("好消息：有邻居取消了报名") for t in group)
    assert group[-1].startswith("已为您取消报名活动【1】")


def test_me_and_my_wife_asks_for_one_line_each_and_where_is_answered() -> None:
    """The activity is written 对象：全部: an activity at 兰亭's 党群服务站 is otherwise for 兰亭's
    residents only, and this family lives in 锦绣 (round ten: every path refuses them then)."""
    group = to(said("activity_family"), "锦绣1栋楼栋群")
    assert group[0].startswith("报名成功") and "同去的家人请用自己的微信" in group[0]
    assert "地点：党群服务站" in group[1]


def test_the_day_before_reminder() -> None:
    group = to(said("activity_reminder"), "兰亭1号楼邻里群")
    assert group[-1].startswith("温馨提醒：您报名的活动【1】冬季义诊明天举行")


def test_votes_in_words_privately_and_a_group_vote_is_redirected() -> None:
    out = said("vote_words")
    assert to(out, "private:张阿姨")[0].startswith("投票成功：V0001")
    assert to(out, "private:李婶")[0].startswith("投票成功：V0001")
    assert to(out, "兰亭3号楼邻里群")[-1].startswith("请私聊我投票，群里发的不算")
    assert "正在投票" in to(out, "private:李婶")[-1]


def test_a_couple_change_their_household_vote_and_the_count_is_published() -> None:
    out = said("vote_count_close")
    assert to(out, "private:李婶")[-1].startswith("已更新您家的投票")
    result = to(out, "兰亭3号楼邻里群")[-1]
    assert result.startswith("【表决结果预公示】V0001")
    assert "参与表决4人" in result and "同意4人" in result and "表决通过" in result


def test_two_suggestions_in_words() -> None:
    out = said("suggestion_words")
    assert to(out, "兰亭小区业主群")[0].startswith("谢谢您的好建议！已记下（S0001）")
    assert to(out, "兰亭3号楼邻里群")[0].startswith("谢谢您的好建议！已记下（S0002）")


def test_opinions_on_a_topic_in_private_and_in_the_group() -> None:
    out = said("yiti_opinion")
    assert to(out, "兰亭小区业主群")[0].startswith("【征求意见】小区议题 Y0001")
    assert to(out, "private:张阿姨")[0].startswith("谢谢！您对议题 Y0001 的意见已记下")
    assert to(out, "兰亭2号楼邻里群")[-1].startswith("谢谢！意见已记下（Y0001）")
    assert "当前：征求意见" in to(out, "private:李阿姨")[0]


def test_points_asked_in_the_group_are_answered_privately() -> None:
    out = said("points_group_question")
    assert to(out, "private:张阿姨")[-1].startswith("您的积分：14 分")
    assert to(out, "兰亭3号楼邻里群") == ["积分已私信告诉您。"]


def test_a_member_asks_for_stars() -> None:
    assert to(said("points_member_star"), "private:孙志明")[0].startswith(
        "孙志明，您本月（2026-11）的党员积分"
    )


def test_how_to_report_is_answered_in_one_line() -> None:
    assert to(said("how_to_report_exact"), "兰亭小区业主群")[0].startswith(
        "直接在群里说哪里出了问题就行"
    )


def test_a_voice_note_at_the_bot_gets_a_hint() -> None:
    out = said("voice_at_bot")
    assert to(out, "兰亭3号楼邻里群")[0].startswith("我暂时只能看懂文字消息")
    assert to(out, "private:王奶奶")[0].startswith("我暂时只能看懂文字消息")
