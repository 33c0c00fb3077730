"""convofix12: the convo12 conversations that failed and now get the answer a resident expects
(see tests/scenarios/convo12/README.md and the failing README they came from): everyday words
answering the bot's own questions, a 帮办 request that names its door, a "+1" with a story."""

from __future__ import annotations

from tests.integration.replay_support import opened, said_in, to

said = said_in("convo12")


def test_fixed_and_praise_after_closing_is_satisfied() -> None:
    out = said("elder_homophone_stair_lamp")
    group = to(out, "兰亭4号楼邻里群")
    assert group[-1] == "谢谢您的评价（满意）！诉求 E0001 已回访结案。"
    assert not any("您对处理结果满意吗" in t for t in group)


def test_wish_consent_in_plain_words_and_fulfilled_before_the_code() -> None:
    out = said("wish_grandma_video_call")
    group = to(out, "兰亭1号楼邻里群")
    mine = to(out, "private:钱奶奶")
    assert any(t.startswith("【微心愿】W0001") for t in group)
    assert any("W0001 已在群里公开" in t for t in mine)
    assert not any(t.startswith("您好，我是邻里小助手") for t in mine)
    assert group[-1] == "太好了，微心愿 W0001 已实现。感谢党员 郑晓东 的帮助！"
    assert any("已确认实现" in t for t in to(out, "private:郑晓东"))


def test_errand_with_its_door_goes_to_the_team_and_is_rated() -> None:
    out = said("helpdesk_electric_bill_photo")
    mine = to(out, "private:张阿姨")
    group = to(out, "兰亭3号楼邻里群")
    assert not any("请回复上门地址" in t for t in mine)
    assert any("地址：3号楼1单元101" in t for t in mine)
    assert any(t.startswith("【帮办代办】H0001") for t in to(out, "private:孙志明"))
    assert any(t.startswith("接单成功：帮办 H0001") for t in group)
    assert any(t.startswith("帮办 H0001 已办结") for t in group)
    assert any("照片记到帮办 H0001" in t for t in to(out, "private:孙志明"))
    assert mine[-1] == "谢谢您的评价（满意）！帮办 H0001 已完成。"
    assert not any("格式不对" in t for _, t in out)


def test_plus_one_with_his_own_story_joins_the_case() -> None:
    out = said("parents_slide_metoo")
    group = to(out, "兰亭小区业主群")
    assert opened(group) == 1
    assert any(t.startswith("这个问题已有居民反映，编号 E0001") for t in group)
    assert "共 2 位居民反映" in group[-1] and "又有居民反映" in group[-1]


def test_door_reader_is_an_ordinary_case_dispatched_in_words() -> None:
    out = said("secretary_dispatch_words")
    group = to(out, "兰亭1号楼邻里群")
    assert group[0].startswith("已受理您反映的问题，编号 E0001（公共设施 · 1号楼）")
    assert not any("【紧急" in t or "120" in t for _, t in out)
    assert any("已安排党员 郑晓东 承办" in t for t in group)
    assert group[-1].endswith("有新进展：我中午回来看")


# ---- the same rules on variants of our own (tests/scenarios/convofix12) ----------------

fix_said = said_in("convofix12")


def test_fixed_and_thanks_rates_but_a_question_asks() -> None:
    group = to(fix_said("rating_fixed_and_thanks"), "兰亭3号楼邻里群")
    assert "谢谢您的评价（满意）！诉求 E0001 已回访结案。" in group
    assert group[-1].startswith("不客气！诉求 E0002 已经办结，您对处理结果满意吗？")


def test_rating_before_the_errand_is_done_names_it_and_a_door_confirms_the_draft() -> None:
    out = fix_said("helpdesk_rating_before_done")
    mine = to(out, "private:张阿姨")
    assert mine[0] == "您目前没有需要评价的诉求。谢谢！"
    assert mine[2].startswith("您的帮办 H0001「代缴水电燃气费」现在是「待确认」")
    assert "地址：3号楼2单元502\n时间：明天上午" in mine[-1]
    assert any(t.startswith("【帮办代办】H0001") for t in to(out, "private:孙志明"))
    assert not any("格式不对" in t for _, t in out)
