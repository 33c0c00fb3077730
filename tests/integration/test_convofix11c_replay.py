"""convofix11c: convo11b's staff-side blind failures, replayed through `linli replay`: progress
words read as 办结, claims quoting the bot's notices, words in front of a handler's command, a
wrong code, a cancelled activity in 我的报名. tests/unit/test_convofix11c_rules.py holds the
word rules."""

from __future__ import annotations

from tests.integration.replay_support import said_in, to

said = said_in("convofix11c")


def test_bought_but_not_yet_fitted_is_news_and_the_later_words_close() -> None:
    out = said("progress_bought_closes")
    group = to(out, "兰亭3号楼邻里群")
    assert any(t.endswith("有新进展：灯管买好了 下午换") for t in group)
    closes = [t for t in group if "已办结：" in t]
    assert len(closes) == 1 and "已办结：2单元灯管换好了" in closes[0]
    assert "诉求 E0001 已办结，正在等待居民评价。" not in group
    assert any(t.startswith("已记录，并告知了反映的居民") for t in to(out, "private:孙志明"))


def test_talked_to_the_neighbour_is_news_and_the_group_status_is_masked() -> None:
    out = said("progress_query_group_masked")
    group = to(out, "兰亭3号楼邻里群")
    assert not any("已办结" in t for t in group)
    assert any(t.endswith("有新进展：已经和***沟通了，晚上接根管子") for t in group)
    status = group[-1]
    assert "状态：处理中" in status and "13812345678" not in status and "502" not in status
    private = to(out, "private:孙志明")[-1]
    assert "状态：处理中" in private and "已经和502沟通了" in private


def test_a_named_case_closes_and_a_plan_for_tomorrow_is_news() -> None:
    group = to(said("claim_two_at_once_then_plain_close"), "兰亭2号楼邻里群")
    assert any(t.startswith("您手上有 2 件在办的诉求，是哪一件要办结") for t in group)
    assert any("诉求 E0001（公共设施 · 2号楼）已办结：修好了，换了读卡器" in t for t in group)
    assert group[-1].endswith("诉求 E0002（公共设施 · 2号楼）有新进展：灯泡明天买了再换")
    assert not any("E0002（公共设施 · 2号楼）已办结" in t for t in group)


def test_the_dispatched_member_quoting_the_paidan_answers_it_with_news() -> None:
    out = said("dispatched_member_quotes_paidan")
    assert to(out, "private:刘建华")[0] == "罗静 不是诉求 E0001 所在小区的党员。"
    assert to(out, "private:刘建华")[1].startswith("已把诉求 E0001（公共设施 · 4号楼）派给 吴师傅")
    group = to(out, "兰亭4号楼邻里群")
    assert any(t.endswith("有新进展：下午去看看") for t in group)
    assert not any(t.startswith("您好！常用") for t in to(out, "private:吴师傅"))
    assert "已办结：台阶用水泥补好了，这两天先别踩" in group[-1]
    # his news answered the resident: no 回复居民 escalation
    assert not any("还没有回复居民" in t for t in to(out, "private:周海燕"))


def test_a_link_word_before_the_dispatch_and_another_estate_member() -> None:
    out = said("secretary_dispatch_words_cross_estate")
    secretary = to(out, "private:刘建华")
    assert secretary[0] == "罗静 不是诉求 E0001 所在小区的党员。"
    assert secretary[1].startswith("已把诉求 E0001（公共设施 · 4号楼）派给 吴师傅")
    assert not any(t.startswith("没看明白") for t in secretary)
    assert any(t.startswith("【派单】刘建华 把诉求 E0001") for t in to(out, "private:吴师傅"))
    group = to(out, "兰亭4号楼邻里群")
    assert "诉求 E0001 之前无人认领，已记在您名下（办结即认领）。" not in group
    assert "已办结：台阶用水泥补好了" in group[-1]


def test_two_members_quote_the_receipt_first_one_claims_second_is_told() -> None:
    out = said("two_members_race_quote")
    group = to(out, "兰亭3号楼邻里群")
    assert any("已由党员 孙志明 认领" in t for t in group)
    assert "诉求 E0001 已由 孙志明 认领，谢谢您的热心！" in group
    assert not any("已由党员 赵老师 认领" in t for t in group)
    assert "诉求 E0001 已由其他党员承办，如需协助请联系承办人。" in group
    assert not any("有新进展：已经跟住户沟通了" in t for t in group)
    assert to(out, "private:刘建华")[-1].startswith("已把诉求 E0001（消防安全 · 3号楼）派给 赵老师")
    assert to(out, "private:孙志明")[-1] == "诉求 E0001 已由 刘建华 改派给 赵老师，谢谢您的付出。"
    assert group[-1] == "您反映的诉求 E0001（消防安全 · 3号楼）已安排党员 赵老师 承办。"


def test_fulfilled_amid_thanks_then_a_late_claim_is_told_it_came_true() -> None:
    out = said("wish_quote_claim_fulfil")
    group = to(out, "兰亭3号楼邻里群")
    assert "认领成功：微心愿 W0001，详情已私信您。谢谢！" in group
    assert "太好了，微心愿 W0001 已实现。感谢党员 孙志明 的帮助！" in group
    assert to(out, "private:孙志明")[-1].startswith("您认领的微心愿 W0001 已确认实现")
    assert group[-1] == "微心愿 W0001 已经实现了，谢谢您的热心！"


def test_a_wrong_code_is_named_and_the_corrected_news_goes_through() -> None:
    group = to(said("wrong_code_progress"), "锦绣3栋楼栋群")
    assert "没有找到诉求 E0010，请核对编号。" in group
    assert group[-1].endswith("诉求 E0001（公共设施 · 3号楼）有新进展：已经报物业了，电工下午来")
    assert not any(t.startswith("您还没有反映过问题") for t in group)


def test_errand_news_on_the_way_then_proof_photo_then_close() -> None:
    out = said("helpdesk_medicine_photo_proof")
    volunteer = to(out, "private:郑晓东")
    resident = to(out, "private:钱奶奶")
    assert "您的帮办 H0001 有进展：药拿到了 正在送过去" in resident
    assert any(t.startswith("收到您的照片，已保存。接着发「办结 H0001 结果」") for t in volunteer)
    assert any(t.startswith("帮办 H0001 已办结（1.5小时，1人次）") for t in volunteer)
    assert "帮办 H0001 已经办结了。" not in volunteer
    assert any("已办好：药已交到奶奶手上" in t for t in resident)
    assert resident[-1].endswith("办理材料：照片、语音或视频 1 个")


def test_my_signups_shows_an_activity_staff_cancelled_as_cancelled() -> None:
    out = said("activity_cancelled_residents_react")
    mine = to(out, "private:李婶")[-1]
    assert mine.startswith("您报名的活动：")
    assert "【1】插花体验课" in mine and "活动已取消（老师临时生病，改期另行通知）" in mine
    assert "已报名" not in mine.splitlines()[1]
