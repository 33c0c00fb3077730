"""convo13: blind conversations written from the residents' side (a self-correction, a withdrawal,
everyday ratings, progress asked without a code, a suggestion and changed votes, 帮办代办 with a
photo, night-time dangers, traditional characters with full-width digits, claims and closes by the
wrong person, a non-member trying staff commands, a 70-year-old on voice input, chat that only
sounds like a problem) that already get the right answer, replayed through `linli replay`. What a
user expects of each file is in tests/scenarios/convo13/README.md; the failing ones are in
tests/scenarios/convo13_failing/ with their own README, not here."""

from __future__ import annotations

from tests.integration.replay_support import opened, said_in, to

said = said_in("convo13")


def test_resident_corrects_the_building_and_the_right_group_is_told() -> None:
    out = said("correction_wrong_building")
    group = to(out, "兰亭小区业主群")
    assert opened(group) == 1
    assert any("位置改为3号楼" in t for t in group)
    new = "本楼栋有新诉求 E0001（公共设施 · 3号楼2单元）"
    assert any(t.startswith(new) for t in to(out, "private:赵老师"))
    assert any(t.startswith("【位置更正】") for t in to(out, "private:周海燕"))
    assert group[-1].startswith("诉求 E0001 · 公共设施 · 3号楼2单元")


def test_withdrawn_report_stops_chasing_and_tells_the_leader() -> None:
    out = said("withdraw_already_fixed")
    group = to(out, "兰亭2号楼邻里群")
    assert opened(group) == 1
    assert any("不再催办" in t for t in group)
    leader = to(out, "private:王国强")
    assert any(t.startswith("【居民撤回】诉求 E0001") for t in leader)
    assert not any("【督办】" in t for _, t in out)


def test_ratings_in_everyday_words() -> None:
    out = said("ratings_everyday_words")
    assert to(out, "兰亭3号楼邻里群")[-1] == "谢谢您的评价（基本满意）！诉求 E0001 已回访结案。"
    assert to(out, "兰亭1号楼邻里群")[-1] == "谢谢您的评价（满意）！诉求 E0002 已回访结案。"
    assert "诉求 E0003 已重新打开" in to(out, "兰亭4号楼邻里群")[-1]
    assert any(t.startswith("【重新办理】") for t in to(out, "private:吴师傅"))


def test_progress_asked_a_week_later_without_a_code() -> None:
    out = said("progress_last_week_lamp")
    group = to(out, "兰亭2号楼邻里群")
    assert opened(group) == 1
    assert group[-1].startswith("诉求 E0001 · 公共设施 · 2号楼\n状态：处理中")
    assert "已报给物业 等配件" in group[-1]


def test_suggestion_and_votes_changed_twice_and_shared_household() -> None:
    out = said("suggestion_and_vote_changes")
    assert to(out, "兰亭3号楼邻里群")[0].startswith("谢谢您的好建议！已记下（S0001）")
    zhang = to(out, "private:张阿姨")
    assert zhang[0].startswith("投票成功：V0001") and zhang[1].startswith("已更新您家的投票")
    zhao = to(out, "private:赵大爷")
    assert len(zhao) == 2 and zhao[1].startswith("已更新您家的投票")
    assert to(out, "private:李婶")[0].startswith("已更新您家的投票")  # same household as 李叔
    assert not any("不同意" in t or "同意 " in t for t in zhang)  # secret ballot, not echoed


def test_helpdesk_parcel_closed_with_a_photo_and_rated() -> None:
    out = said("helpdesk_parcel_photo")
    helper = to(out, "private:郑晓东")
    assert any("已把照片记到帮办 H0001 的办理材料里" in t for t in helper)
    qian = to(out, "private:钱奶奶")
    assert any("已由帮办代办队员 郑晓东 接单" in t for t in qian)
    assert qian[-1] == "谢谢您的评价（满意）！帮办 H0001 已完成。"


def test_burst_pipe_into_home_at_night_is_urgent_and_wakes_the_leader() -> None:
    out = said("urgent_water_into_home_night")
    group = to(out, "兰亭2号楼邻里群")
    assert group[0].startswith("【紧急】已受理您反映的问题，编号 E0001")
    # The water comes from the flat above: 物业 or the neighbour shuts it, not her own valve
    # (polish15).
    assert "【安全提示】" in group[0] and "物业" in group[0]
    assert to(out, "private:王国强")[0].startswith("【紧急诉求】E0001")
    assert to(out, "private:刘建华")[0].startswith("【紧急诉求】E0001")


def test_sparking_box_at_one_am_is_urgent_with_power_off_advice() -> None:
    out = said("urgent_sparks_night")
    group = to(out, "兰亭4号楼邻里群")
    assert group[0].startswith("【紧急】已受理您反映的问题，编号 E0001")
    assert "断电" in group[0]
    assert to(out, "private:周海燕")[0].startswith("【紧急诉求】E0001")


def test_missing_child_is_urgent_and_found_is_passed_on() -> None:
    out = said("urgent_child_missing")
    group = to(out, "兰亭小区业主群")
    assert group[0].startswith("【紧急】已受理您反映的问题，编号 E0001")
    assert "110" in group[0]
    assert "不再催办" in group[-1]
    assert any(t.startswith("【居民撤回】诉求 E0001") for t in to(out, "兰亭小区党员群"))


def test_traditional_characters_and_full_width_digits() -> None:
    out = said("traditional_fullwidth")
    group = to(out, "兰亭3号楼邻里群")
    assert group[0].startswith("已受理您反映的问题，编号 E0001（电梯 · 3号楼2单元）")
    assert group[-1].startswith("诉求 E0001 · 电梯 · 3号楼2单元\n状态：已受理")


def test_second_claim_is_told_who_has_it() -> None:
    out = said("claim_already_claimed")
    group = to(out, "兰亭3号楼邻里群")
    assert group[-1] == "诉求 E0001 已由 孙志明 认领，谢谢您的热心！"
    assert sum(t.startswith("认领成功") for t in group) == 1


def test_member_cannot_close_someone_elses_case() -> None:
    out = said("member_closes_others_case")
    assert to(out, "兰亭小区业主群") == ["诉求 E0001 已由其他党员承办，如需协助请联系承办人。"]
    assert not any("已办结" in t for _, t in out)


def test_non_member_gets_polite_refusals_for_staff_commands() -> None:
    out = said("nonmember_staff_commands")
    private = to(out, "private:老李头")
    assert len(private) == 3 and all(t.startswith("抱歉") for t in private)
    assert to(out, "兰亭3号楼邻里群")[-1] == "抱歉，这个操作需要党员身份。"
    assert not any("已办结" in t or "已派" in t for _, t in out)


def test_voice_input_homophones_open_and_chase_the_case() -> None:
    out = said("elder_voice_homophones")
    group = to(out, "兰亭3号楼邻里群")
    assert group[0].startswith("已受理您反映的问题，编号 E0001（水电气暖 · 3号楼1单元）")
    assert opened(group) == 1
    assert group[-1].startswith("已帮您催承办党员 孙志明 尽快联系您")
    assert any(t.startswith("【居民催办】诉求 E0001") for t in to(out, "private:孙志明"))


def test_chat_that_only_sounds_like_a_problem_stays_silent() -> None:
    assert said("chat_sounds_like_problem") == []


# ---- convofix13: fixed from convo13_failing --------------------------------------------------


def test_net_slang_praise_answers_the_rating_request() -> None:
    out = said("netizen_slang_emoji")
    group = to(out, "兰亭4号楼邻里群")
    assert group[-1] == "谢谢您的评价（满意）！诉求 E0001 已回访结案。"


def test_two_faults_joined_by_haiyou_are_two_cases() -> None:
    out = said("two_problems_one_message")
    group = to(out, "兰亭4号楼邻里群")
    assert group[0].startswith("已受理您反映的 2 个问题，分别跟进：")
    assert "E0001（公共设施 · 4号楼）：4号楼楼道灯不亮了" in group[0]
    assert "E0002（公共设施 · 4号楼）：单元门的门禁也坏了" in group[0]
    mine = to(out, "private:钱大姐")[-1]
    assert "E0001" in mine and "E0002" in mine


def test_signup_by_title_words_and_head_count_after_the_preview() -> None:
    out = said("activity_preview_signup_points")
    group = to(out, "兰亭3号楼邻里群")
    signed = [t for t in group if t.startswith("报名成功：【1】迎新春写春联")]
    assert len(signed) == 1 and "每人占一个名额" in signed[0]
    assert "参加活动【1】迎新春写春联" in to(out, "private:张阿姨")[-1]


def test_resident_asking_for_another_helper_is_answered_and_routed() -> None:
    out = said("helpdesk_change_helper")
    resident = to(out, "private:张阿姨")[-1]
    assert resident.startswith("好的，您想换一位队员来办帮办 H0001（代购药品）")
    assert "楼栋党小组长 赵老师" in resident and "取消帮办 H0001" in resident
    helper = to(out, "private:孙志明")[-1]
    assert "居民希望换一位队员" in helper and "「退回 H0001 居民希望换人」" in helper
    leader = to(out, "private:赵老师")
    assert any(t.startswith("【帮办换人】H0001 代购药品") for t in leader)
    assert not any("3号楼1单元101" in t for t in leader)  # no address to the leader
