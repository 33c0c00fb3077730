"""convo9: blind conversations in everyday phrasing that already get the right answer, replayed
through `linli replay` (the public contract) so that they keep getting it. The failing ones are in
the round's report, not here."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.integration.replay_support import said_in, to

said = said_in("convo9", ext="")


def test_a_reporter_calling_off_a_smoke_alarm_stops_the_chase() -> None:
    """ "虚惊一场🙏" from the reporter tells everyone who was alerted; later chatter is silent."""
    out = said("false_alarm_smoke.jsonl")
    group = to(out, "兰亭4号楼邻里群")
    assert group[0].startswith("【紧急】已受理") and "119" in group[0]
    assert "不再催办" in group[1] and len(group) == 2
    for who in ("private:周海燕", "private:刘建华", "兰亭小区党员群"):
        assert any(t.startswith("【居民撤回】诉求 E0001") for t in to(out, who)), who
    assert not any("督办" in t for _, t in out)


def test_medicine_errand_in_plain_words_is_done_and_rated() -> None:
    """ "帮办 降压药吃完了…", a bare address, "H0001 药已经送到…办结",
    "收到药了 小孙人真好 满意满意"."""
    out = said("helpdesk_medicine.jsonl")
    zhang, sun = to(out, "private:张阿姨"), to(out, "private:孙志明")
    assert any("「代购药品」，编号 H0001" in t for t in zhang)
    assert any(t.startswith("好的，已登记") and "3号楼1单元101" in t for t in zhang)
    assert any("已办好：药已经送到阿姨家了" in t for t in zhang)
    assert zhang[-1].startswith("谢谢您的评价（满意）")
    assert any(t.startswith("帮办 H0001 已办结") for t in sun)
    assert any("评价：满意" in t for t in sun)


def test_a_photo_right_after_a_report_is_kept_on_the_case(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    out = said("photo_after_report.jsonl", "--db", f"sqlite:///{db}")
    group = to(out, "兰亭3号楼邻里群")
    assert group[0].startswith("已受理您反映的问题，编号 E0001（环境卫生")
    assert sum("编号 E000" in t for t in group) == 1  # the neighbour's remark opens nothing
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from case_evidence").fetchone() == (1,)


def test_everyday_chat_in_the_owners_group_gets_no_answer() -> None:
    assert said("chat_silence.jsonl") == []


def test_not_fixed_the_next_morning_reopens_the_case() -> None:
    """ "不行啊，今早起来又在滴，白换了" after 办结 is 不满意."""
    out = said("reopen_unsatisfied.jsonl")
    assert to(out, "兰亭2号楼邻里群")[-1].startswith("很抱歉没能让您满意。诉求 E0001 已重新打开")


def test_a_suggestion_with_ha_is_recorded_and_its_progress_asked_privately() -> None:
    out = said("suggestion.jsonl")
    assert to(out, "兰亭小区业主群") == [
        "谢谢您的好建议！已记下（S0001），我们会认真研究，有回音私聊告诉您。"
    ]
    assert any("S0001" in t for t in to(out, "private:小陈"))
    assert not any("编号 E000" in t for _, t in out)


def test_a_second_neighbour_agreeing_joins_the_dog_case() -> None:
    """ "同感，早上电梯角落又是一滩" joins the first report."""
    out = said("dog_lift.jsonl")
    group = to(out, "兰亭4号楼邻里群")
    assert group[0].startswith("已受理您反映的问题，编号 E0001")
    assert "已合并跟进（共 2 位居民反映）" in group[1]


def test_a_notice_confirmed_with_xing_fa_chu_qu_ba_is_sent_once() -> None:
    out = said("broadcast.jsonl")
    wang = to(out, "private:王敏")
    assert wang[0].startswith("通知 B0001 预览") and "开始发送" in wang[1]
    assert to(out, "兰亭3号楼邻里群") == [
        "【幸福里社区通知】\n明天上午9点到11点电梯年检停用，请大家错开出行，给您带来不便请谅解"
    ]


def test_a_second_member_offering_help_does_not_steal_the_case() -> None:
    out = said("double_claim.jsonl")
    group = to(out, "兰亭3号楼邻里群")
    assert sum(t.startswith("认领成功") for t in group) == 1
    assert not any("赵老师 认领" in t for t in group)
    assert "党员 孙志明 认领" in group[-1]


def test_another_estate_cannot_read_a_case_and_the_owners_group_sees_it_masked() -> None:
    out = said("cross_estate.jsonl")
    assert to(out, "锦绣家园业主群")[0].startswith("查不到诉求 E0001")
    assert to(out, "private:钱阿姨")[0].startswith("查不到诉求 E0001")
    status = to(out, "兰亭小区业主群")[0]
    assert "139****5678" in status and "13912345678" not in status and "502" not in status


def test_a_lonely_residents_light_bulb_is_a_private_wish() -> None:
    out = said("wish_lightbulb.jsonl")
    assert to(out, "兰亭1号楼邻里群")[0].startswith("收到您的微心愿，编号 W0001")
    assert to(out, "private:钱奶奶")[-1].startswith("好的，微心愿 W0001 不在群里公开")
    assert len(to(out, "兰亭1号楼邻里群")) == 1


def test_paying_electricity_in_plain_words_is_an_errand() -> None:
    out = said("helpdesk_plain.jsonl")
    qian = to(out, "private:钱奶奶")
    assert any("「代缴水电燃气费」，编号 H0001" in t for t in qian)
    assert any("地址：1号楼1单元301" in t for t in qian)
    assert any("郑晓东 接单" in t for t in qian)


def test_a_trapped_mother_is_urgent_and_ren_chu_lai_le_stands_it_down() -> None:
    out = said("lift_trapped.jsonl")
    group = to(out, "兰亭3号楼邻里群")
    assert group[0].startswith("【紧急】已受理") and "警铃" in group[0]
    assert any(t.startswith("认领成功") for t in group)
    assert any("有新进展：已经给维保打电话了" in t for t in group)
    assert "不再催办" in group[-1]


def test_how_are_my_several_cases_lists_them() -> None:
    out = said("my_cases_words.jsonl")
    mine = to(out, "private:李叔")[-1]
    assert mine.startswith("您反映过的诉求") and "E0001" in mine and "E0002" in mine


def test_a_leaders_code_and_plan_claims_the_joined_noise_case() -> None:
    """ "我家也是 头都被钻疼了" joins; "E0001 我去找装修队说一下…" claims and is relayed."""
    out = said("renovation_noise.jsonl")
    group = to(out, "兰亭2号楼邻里群")
    assert "已合并跟进（共 2 位居民反映）" in group[1]
    assert any("已由党员 王国强 认领" in t for t in group)
    assert group[-1].endswith("有新进展：我去找装修队说一下，周末十点前不准动电钻")


def test_a_flower_pot_thrown_down_is_urgent_with_the_falling_object_advice() -> None:
    out = said("falling_object.jsonl")
    group = to(out, "兰亭1号楼邻里群")
    assert len(group) == 1 and group[0].startswith("【紧急】已受理")
    assert "110" in group[0] and "避开" in group[0]
    assert any(t.startswith("【紧急诉求】E0001") for t in to(out, "兰亭小区党员群"))


def test_a_lost_child_found_stands_the_alarm_down() -> None:
    out = said("child_lost.jsonl")
    group = to(out, "锦绣家园业主群")
    assert group[0].startswith("【紧急】已受理") and "110" in group[0]
    assert "不再催办" in group[-1] and len(group) == 2
    assert any(t.startswith("【居民撤回】") for t in to(out, "锦绣家园党员群"))


def test_progress_with_a_voice_typo_and_a_colon_is_relayed() -> None:
    """ "近展E0001 …" and "E0001进展：…"."""
    out = said("progress_typo.jsonl")
    group = to(out, "兰亭3号楼邻里群")
    assert group[-2].endswith("有新进展：已经联系自来水公司了，明天上午来")
    assert group[-1].endswith("有新进展：阀门先关小了")


def test_a_long_polite_complaint_about_a_restaurants_fumes_is_one_case() -> None:
    out = said("long_complaint.jsonl")
    group = to(out, "兰亭2号楼邻里群")
    assert len(group) == 1 and group[0].startswith("已受理您反映的问题，编号 E0001")


def test_media_without_text_gets_one_hint_when_addressed_and_a_transcript_is_a_report() -> None:
    out = said("image_no_text.jsonl")
    group = to(out, "兰亭3号楼邻里群")
    assert group[0].startswith("我暂时只能看懂文字消息") and len(group) == 2
    assert to(out, "private:李婶")[0].startswith("我暂时只能看懂文字消息")
    assert group[1].startswith("已受理您反映的问题，编号 E0001（公共设施 · 3号楼1单元）")


def test_the_code_then_no_need_to_fix_stands_the_case_down() -> None:
    """ "E0001不用修了，物业自己来换好了" from the reporter."""
    out = said("reporter_withdraw_code.jsonl")
    assert "不再催办" in to(out, "兰亭2号楼邻里群")[-1]
    assert to(out, "private:王国强")[-1].startswith("【居民撤回】诉求 E0001")


def test_a_handlers_photo_and_nong_hao_le_close_and_the_resident_rates() -> None:
    out = said("photo_close.jsonl")
    group = to(out, "兰亭3号楼邻里群")
    assert any("已办结：弄好了 看图" in t for t in group)
    assert group[-1].startswith("谢谢您的评价（满意）")


def test_reporting_for_a_neighbour_masks_her_door_and_phone_in_the_group() -> None:
    out = said("report_for_neighbour.jsonl")
    group = to(out, "兰亭3号楼邻里群")
    assert group[0].startswith("已受理您反映的问题，编号 E0001（水电气暖 · 3号楼1单元***室）")
    assert not any("101" in t or "13700001234" in t for t in group)
    assert any(t.startswith("【居民补充】诉求 E0001") for t in to(out, "private:孙志明"))


def test_a_private_rating_that_names_the_thing_rates_the_case() -> None:
    """ "电梯灯那个我很满意，小孙辛苦了" in private."""
    out = said("rate_in_private.jsonl")
    assert to(out, "private:张阿姨")[-1].startswith("谢谢您的评价（满意）！诉求 E0001")


def test_a_member_writing_the_code_and_his_plan_takes_the_unclaimed_case() -> None:
    out = said("ac_drip.jsonl")
    group = to(out, "锦绣1栋楼栋群")
    assert any("已由党员 马永红 认领" in t for t in group)
    assert group[-1].endswith("有新进展：我上楼跟他家说一下 装个接水管")


def test_an_errand_for_someone_not_on_the_care_list_is_refused_privately() -> None:
    out = said("ineligible_errand.jsonl")
    assert to(out, "兰亭小区业主群")[0].startswith("抱歉，这项帮办暂时办不了")
    assert "心愿" in to(out, "private:小陈")[0]


def test_code_glued_claim_colon_progress_and_a_nudge() -> None:
    """ "E0001我接", "E0001：维保师傅半小时后到", "E0001 麻烦再催一下 师傅还没到"."""
    out = said("code_glued_claim_progress_nudge.jsonl")
    group = to(out, "兰亭3号楼邻里群")
    assert any("已由党员 孙志明 认领" in t for t in group)
    assert any(t.endswith("有新进展：维保师傅半小时后到") for t in group)
    assert group[-1].startswith("已帮您催承办党员 孙志明")
    assert to(out, "private:孙志明")[-1].startswith("【居民催办】诉求 E0001")


def test_twelve_everyday_complaints_each_open_one_ordinary_case() -> None:
    """Stray dogs, barbecue smoke, a zombie car, parcels in the rain, chickens on the roof, a pit,
    a whip at 5am, a loud ad screen, an empty gatehouse, small ads, a rotten mailbox, tree roots."""
    out = said("twelve_everyday_complaints.jsonl")
    opened = [t for _, t in out if t.startswith("已受理您反映的问题，编号 E00")]
    assert len(opened) == 12
    assert not any(t.startswith("【紧急】") for _, t in out)


def test_twelve_lines_of_group_chat_get_no_answer() -> None:
    """Good news, flowers, boxes wanted, a relayed notice, yesterday's fixed lift, praise, a
    breakfast tip, a forwarded safety list, laughter, "好的 收到", where to pay for gas."""
    assert said("twelve_chat_lines.jsonl") == []


def test_six_emergencies_in_six_groups_are_urgent_with_the_advice_for_their_danger() -> None:
    out = said("six_emergencies.jsonl")
    advice = {
        "兰亭1号楼邻里群": "120",  # an old man on the ground, not answering
        "兰亭2号楼邻里群": "119",  # an e-bike smoking in the garage
        "兰亭3号楼邻里群": "断电",  # a fallen wire sparking
        "兰亭4号楼邻里群": "120",  # grandfather can't breathe, lips purple
        "锦绣1栋楼栋群": "警铃",  # lift dropped and stuck with someone inside
        "锦绣2栋楼栋群": "120",  # someone fainted in the stairwell
    }
    for group, word in advice.items():
        first = to(out, group)[0]
        assert first.startswith("【紧急】已受理"), group
        assert word in first.split("【安全提示】")[1], group


def test_short_all_clear_words_from_reporters_stop_the_chase() -> None:
    """ "不用了 已经好了", "物业已经修好了", "又好了 不知道咋回事"."""
    out = said("short_stand_downs.jsonl")
    for group in ("兰亭1号楼邻里群", "兰亭2号楼邻里群", "兰亭4号楼邻里群"):
        said_there = to(out, group)
        assert said_there[0].startswith("已受理您反映的问题"), group
        assert "不再催办" in said_there[-1], group
