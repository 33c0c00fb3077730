"""Round fifteen, commands as people type them (issue 11): blind conversations in
tests/scenarios/convo15c/.

Each test asserts what the people in the episode expect, read from the replay output only;
the expectations are written in tests/scenarios/convo15c/README.md.
"""

from __future__ import annotations

from tests.integration.replay_support import everything_said as everything
from tests.integration.replay_support import heard_by, messages_in, private_to

Out = list[dict[str, object]]
run = messages_in("convo15c")
G3 = "兰亭3号楼邻里群"
RATE_ASK = "请您评价"


def in_group(out: Out, group: str) -> list[str]:
    return [str(o["text"]) for o in out if o["group"] == group]


def test_progress_asked_lowercase_fullwidth_spaced_and_private() -> None:
    out = run("cases_progress.jsonl")
    zhang = heard_by(out, "张阿姨")
    assert "E0001" in zhang[0] and "电梯" in zhang[0]
    status = [t for t in zhang if t.startswith("诉求 E0001") and "状态：已受理" in t]
    assert len(status) == 3  # "进度 e0001？？", "请问Ｅ０００１…🙏", private "e0001呢 谢谢"
    assert any(o["to"] == "张阿姨" and "状态" in str(o["text"]) for o in out)
    li = heard_by(out, "李叔")
    assert len(li) == 1 and "状态：已受理" in li[0]  # "E 0001 到哪一步了呀"
    # "进度太慢了" is speech: no error about codes, no second case.
    assert "不是有效的编号" not in everything(out) and "E0002" not in everything(out)
    assert len(out) == 7


def test_claim_with_words_around_and_a_late_volunteer() -> None:
    out = run("cases_claim.jsonl")
    assert any("认领成功" in t and "E0001" in t for t in heard_by(out, "孙志明"))
    zhao = heard_by(out, "赵老师")
    assert any("已由 孙志明 认领" in t for t in zhao)
    li = heard_by(out, "李叔")
    assert any("已由党员 孙志明 认领" in t for t in li)
    assert "有新进展：已经联系电工了，下午三点到" in li[-1]


def _rated(out: Out) -> list[str]:
    return [t for t in heard_by(out, "李叔") if "谢谢您的评价" in t]


def test_close_with_emoji_then_very_satisfied() -> None:
    out = run("cases_rate_good.jsonl")
    li = heard_by(out, "李叔")
    assert any("已办结：灯换好了" in t and RATE_ASK in t for t in li)
    assert _rated(out) == ["谢谢您的评价（满意）！诉求 E0001 已回访结案。"]
    assert "状态：已回访" in li[-1] and "评价：满意" in li[-1]
    assert "满意吗" not in everything(out)


def test_rating_in_words_middling() -> None:
    out = run("cases_rate_middling.jsonl")
    assert _rated(out) == ["谢谢您的评价（基本满意）！诉求 E0001 已回访结案。"]
    assert "重新打开" not in everything(out)


def test_rating_in_words_bad_goes_back_to_the_handler() -> None:
    out = run("cases_rate_bad.jsonl")
    li = heard_by(out, "李叔")
    assert "重新打开" in li[-1] and "孙志明" in li[-1]
    sun = private_to(out, "孙志明")
    assert "【重新办理】" in sun[-1] and "灯还是一闪一闪的" in sun[-1]
    assert "E0002" not in everything(out)


def test_unclear_rating_gets_one_question_then_thumbs_up() -> None:
    out = run("cases_rate_unclear.jsonl")
    li = heard_by(out, "李叔")
    done = next(i for i, t in enumerate(li) if RATE_ASK in t)
    after = li[done + 1 :]
    assert len(after) == 2
    assert "是否满意" in after[0] and after[0].count("\n") == 0
    assert after[1] == "谢谢您的评价（满意）！诉求 E0001 已回访结案。"


def test_return_in_words_and_fullwidth_is_no_progress() -> None:
    out = run("cases_return.jsonl")
    returned = [t for t in in_group(out, G3) if t.startswith("已退回诉求 E0001")]
    assert len(returned) == 2
    li = heard_by(out, "李叔")
    assert sum("正在重新安排党员" in t for t in li) == 2
    assert not any("有新进展" in t for t in li)
    assert any("已由党员 赵老师 认领" in t for t in li)
    assert any("被退回（物业电工明天才有空）" in str(o["text"]) for o in out)


def test_voice_input_code_in_chinese_numerals() -> None:
    out = run("cases_voice.jsonl")
    zhang = heard_by(out, "张阿姨")
    assert any("已由党员 孙志明 认领" in t for t in zhang)
    assert any(t.startswith("诉求 E0001") and "状态：处理中" in t for t in zhang)
    assert any("已办结：维保公司换了按钮" in t for t in zhang)
    assert zhang[-1] == "谢谢您的评价（满意）！诉求 E0001 已回访结案。"


def test_two_ratings_in_one_line_with_lowercase_code() -> None:
    out = run("cases_two_ratings.jsonl")
    assert _rated(out) == [
        "谢谢您的评价（满意）！诉求 E0001 已回访结案。",
        "谢谢您的评价（基本满意）！诉求 E0002 已回访结案。",
    ]
    assert "评哪" not in everything(out)


def test_wish_kept_private_and_asked_with_a_space_in_the_code() -> None:
    out = run("wish_private.jsonl")
    wang = private_to(out, "王奶奶")
    assert any("不在群里公开" in t and t.startswith("好的") for t in wang)
    assert "W0001" in wang[-1] and "状态：待认领" in wang[-1]
    zhao = heard_by(out, "赵大爷")
    assert len(zhao) == 1 and "查不到" in zhao[0] and "旧报纸" not in zhao[0]
    assert not any("【微心愿】" in t for t in in_group(out, G3))


def test_helpdesk_typed_casually_from_request_to_rating() -> None:
    out = run("helpdesk_full.jsonl")
    zhang = private_to(out, "张阿姨")
    assert "H0001" in zhang[0] and "上门地址" in zhang[0]
    assert "已登记" in zhang[1] and "3号楼1单元101" in zhang[1]
    assert any("已由帮办代办队员 孙志明 接单" in t for t in zhang)
    assert any("有进展：已到营业厅排队了" in t for t in zhang)
    assert any("已办好" in t for t in zhang)
    assert zhang[-1] == "谢谢您的评价（满意）！帮办 H0001 已完成。"
    sun = private_to(out, "孙志明")
    assert any(t.startswith("您已接单 H0001") for t in sun)
    assert "+3 积分" in "\n".join(sun)


def test_helpdesk_listed_and_cancelled_lowercase() -> None:
    out = run("helpdesk_cancel.jsonl")
    qian = private_to(out, "钱奶奶")
    assert "H0001" in qian[0] and "代购药品" in qian[0]
    assert "H0001 代购药品 · 待接单" in qian[-2]
    assert qian[-1].startswith("帮办 H0001「代购药品」已取消")


def test_signups_with_fullwidth_digits_waitlist_and_cancel_in_words() -> None:
    out = run("activity_signup.jsonl")
    assert heard_by(out, "张阿姨")[0].startswith("报名成功：【1】健康义诊")
    assert heard_by(out, "李婶")[0].startswith("报名成功：【1】健康义诊")
    zhao = heard_by(out, "赵大爷")
    assert "候补第 1 位" in zhao[0]
    assert "已从候补转为正式报名" in zhao[1]
    assert heard_by(out, "张阿姨")[-1].startswith("已为您取消报名活动【1】")


def test_two_signups_then_cancel_one_politely() -> None:
    out = run("activity_cancel.jsonl")
    li = heard_by(out, "李婶")
    assert "【1】健康义诊" in li[0] and "【2】反诈宣传讲座" in li[0]
    assert "【1】" in li[1] and "【2】" in li[1]
    assert li[2].startswith("已为您取消报名活动【2】")
    assert "【1】" in li[3] and "【2】" not in li[3]


def test_points_asked_with_punctuation_and_politeness() -> None:
    out = run("points_ask.jsonl")
    zhang = private_to(out, "张阿姨")
    balances = [t for t in zhang if t.startswith("您的积分：14 分")]
    assert len(balances) == 2
    assert "积分超市" in zhang[-1] and "筹备" in zhang[-1]


def test_suggestions_typed_casually_and_lowercase_topic_conversion() -> None:
    out = run("suggestion.jsonl")
    assert "S0001" in heard_by(out, "赵大爷")[0]
    assert "S0002" in heard_by(out, "李叔")[0]
    zhao = private_to(out, "赵大爷")
    assert len(zhao) == 1 and "S0001" in zhao[0] and "Y0001" in zhao[0]
    assert "Y0001" in private_to(out, "刘建华")[0]


def test_opinions_with_spaces_and_fullwidth_code() -> None:
    out = run("topic_opinion.jsonl")
    assert any("【征求意见】" in t and "Y0001" in t for t in in_group(out, G3))
    zhang = private_to(out, "张阿姨")
    assert "意见已记下" in zhang[0] and "Y0001" in zhang[0]
    assert "意见已记下（Y0001）" in heard_by(out, "李叔")[0]
    assert "当前：征求意见" in zhang[-1]


def test_ballots_lowercase_fullwidth_spaced_and_changed() -> None:
    out = run("vote_ballot.jsonl")
    for person in ("张阿姨", "李叔", "赵大爷"):
        assert private_to(out, person)[0].startswith("投票成功：V0001")
    assert private_to(out, "张阿姨")[-1].startswith("已更新您家的投票")


def test_notice_confirmed_in_words() -> None:
    out = run("notice_confirm.jsonl")
    assert "B0001 预览" in private_to(out, "王敏")[0]
    assert "开始发送" in private_to(out, "王敏")[1]
    assert in_group(out, G3) == ["【幸福里社区通知】\n明天9:00-15:00停水，请提前储水"]


def test_notice_cancelled_in_words() -> None:
    out = run("notice_cancel.jsonl")
    assert "已作废通知 B0001" in private_to(out, "王敏")[-1]
    assert [o for o in out if o["group"] is not None] == []


def test_review_confirmed_lowercase_code_with_words() -> None:
    out = run("review_confirm.jsonl")
    assert [o for o in out if str(o["at"]) < "2026-11-24T18:00"] == []
    li = heard_by(out, "李叔")
    assert len(li) == 1 and "已受理" in li[0] and "E0001" in li[0]
    zhao = private_to(out, "赵老师")
    assert any("Q0001 转为诉求 E0001" in t for t in zhao)
    assert zhao[-1] == "目前没有需要您确认的消息。"


def test_review_dismissed_fullwidth_code_with_words() -> None:
    out = run("review_dismiss.jsonl")
    assert [o for o in out if o["group"] is not None] == []
    zhao = private_to(out, "赵老师")
    assert "Q0001 已标为「不是诉求」" in zhao[-2]
    assert zhao[-1] == "目前没有需要您确认的消息。"
    assert "E0001" not in everything(out)
