"""Round fifteen, residents' side: blind conversations in tests/scenarios/convo15/.

Each test asserts what the people in the episode expect to see (or not see), read from the
replay output only; the expectations are written in tests/scenarios/convo15/README.md. The
conversations the bot gets wrong are in tests/scenarios/convo15_failing/ with their README.
"""

from __future__ import annotations

from tests.integration.replay_support import RECEIPT, group_lines, heard_by, messages_in, private_to
from tests.integration.replay_support import everything_said as everything

Out = list[dict[str, object]]
run = messages_in("convo15")
L3 = "兰亭3号楼邻里群"


def in_group(out: Out, group: str) -> list[str]:
    return [str(m["text"]) for m in group_lines(out, group)]


def test_suggestion_becomes_a_topic_and_the_proposer_can_ask_after_it() -> None:
    out = run("suggestion_followup.jsonl")
    li = heard_by(out, "李叔")
    assert "S0001" in li[0] and "谢谢" in li[0]
    assert "Y0001" in li[1] and "S0001" in li[1]
    # "后来有下文没有" two days later: where Y0001 stands, no new suggestion, no case.
    assert "Y0001" in li[2] and "当前" in li[2]
    assert "S0002" not in everything(out) and RECEIPT not in everything(out)
    assert heard_by(out, "小陈") == [] and heard_by(out, "赵大爷") == []


def test_opinions_in_plain_words_reach_the_topic() -> None:
    out = run("topic_opinion_words.jsonl")
    assert "Y0001 的意见已记下" in private_to(out, "张阿姨")[0]
    assert "Y0001 的意见已记下" in private_to(out, "赵大爷")[0]
    assert any("Y0001" in t for t in heard_by(out, "李婶"))
    summary = private_to(out, "赵老师")[-1]
    assert "共 3 条" in summary
    assert "三天时间自己搬走" in summary and "自行车没地方放" in summary
    assert RECEIPT not in everything(out)


def test_voting_in_words_asks_once_and_counts_after_yes() -> None:
    out = run("vote_words_agree.jsonl")
    assert "投「同意」吗" in private_to(out, "张阿姨")[0]
    li = private_to(out, "李叔")
    assert "投「同意」吗" in li[0] and "投票成功" in li[1]
    zhao = heard_by(out, "赵大爷")
    assert len(zhao) == 1 and "私聊" in zhao[0] and "不算" in zhao[0]


def test_against_with_a_reason_then_changing_to_agree() -> None:
    out = run("vote_against_reason.jsonl")
    zhao = private_to(out, "赵大爷")
    # The question names the vote's own option, 不同意 (README; convofix15c).
    assert "V0001" in zhao[0] and "投「不同意」" in zhao[0]
    assert "投票成功" in zhao[1] and "V0001" in zhao[1]
    assert RECEIPT not in everything(out)


def test_changed_vote_and_the_result_asked_in_words() -> None:
    out = run("vote_change_and_result.jsonl")
    wang = private_to(out, "王奶奶")
    assert "投票成功" in wang[0]
    assert "已更新您家的投票" in wang[1]
    posted = in_group(out, L3)
    assert any("【表决结果预公示】V0001" in t and "参与表决4人" in t for t in posted)
    assert "【表决结果预公示】V0001" in wang[-1] and "表决未通过" in wang[-1]


def test_eligible_elderly_medicine_errand_asked_in_the_group() -> None:
    out = run("helpdesk_medicine_group.jsonl")
    qian = private_to(out, "钱奶奶")
    assert "代购药品" in qian[0] and "H0001" in qian[0]
    assert any("郑晓东 接单" in t for t in qian)
    assert any("已办好" in t for t in qian)
    assert "谢谢您的评价（满意）" in qian[-1]
    assert "紧急" not in everything(out) and RECEIPT not in everything(out)
    assert "评价：满意" in private_to(out, "郑晓东")[-1]


def test_errand_not_on_the_list_becomes_a_wish_and_the_list_is_shown() -> None:
    out = run("helpdesk_id_card.jsonl")
    zhang = private_to(out, "张阿姨")
    assert "W0001" in zhang[0]
    assert "帮办代办清单" in zhang[1] and "0358-8201234" in zhang[1]
    assert RECEIPT not in everything(out)


def test_cancelling_an_activity_promotes_the_waitlist() -> None:
    out = run("activity_cancel_waitlist.jsonl")
    zhao = heard_by(out, "赵大爷")
    assert "候补第 1 位" in zhao[0]
    assert "转为正式报名" in zhao[1]
    assert len(zhao) == 2  # "那我是不是能去了": nothing more needed
    assert "已为您取消报名" in heard_by(out, "张阿姨")[-1]


def test_report_on_behalf_of_a_neighbour() -> None:
    out = run("report_for_neighbour.jsonl")
    li = heard_by(out, "李婶")
    assert RECEIPT in li[0] and "E0001" in li[0] and "3号楼" in li[0]
    assert any("孙志明 认领" in t for t in li)
    assert "谢谢您的评价（满意）" in li[-1]
    assert "E0002" not in everything(out)


def test_voice_then_words_then_photo() -> None:
    out = run("photo_voice_report.jsonl")
    zhou = heard_by(out, "老周")
    assert str(out[0]["at"]).startswith("2026-11-24T20:11")  # the voice note alone: silence
    assert RECEIPT in zhou[0] and "E0001" in zhou[0] and "2号楼" in zhou[0]
    assert len(zhou) == 2 and "状态" in zhou[1]  # the photo got no reply


def test_small_hours_normal_waits_for_morning_emergency_does_not() -> None:
    out = run("small_hours.jsonl")
    assert RECEIPT in heard_by(out, "夜班小杨")[0]
    lamp = [m for m in out if m["to"] == "周海燕" and "E0001" in str(m["text"])]
    assert lamp and all(str(m["at"]).startswith("2026-11-25T07:30") for m in lamp)
    assert "今早补发" in str(lamp[0]["text"])
    alarm = [m for m in out if "【紧急诉求】E0002" in str(m["text"])]
    assert {m["to"] or m["group"] for m in alarm} >= {"周海燕", "刘建华", "兰亭小区党员群"}
    assert all(str(m["at"]).startswith("2026-11-25T03:10") for m in alarm)
    assert heard_by(out, "刘姐")[0].startswith("【紧急】")


def test_wrong_building_named_then_corrected() -> None:
    out = run("wrong_building.jsonl")
    sun = heard_by(out, "孙阿姨")
    assert "3号楼" in sun[0]
    assert "改为4号楼" in sun[1]
    assert "4号楼" in sun[2] and "状态" in sun[2]
    assert any("E0001" in t for t in private_to(out, "周海燕"))
    assert "E0002" not in everything(out)


def test_problem_comes_back_after_it_was_fixed() -> None:
    out = run("recurring.jsonl")
    liu = heard_by(out, "刘大爷")
    assert "E0002" in liu[-1] and "E0001" in liu[-1]
    assert "【又坏了】" in private_to(out, "郑晓东")[-1]


def test_three_neighbours_one_bin_problem() -> None:
    out = run("duplicate_reporters.jsonl")
    assert "E0001" in heard_by(out, "张阿姨")[0]
    assert "已有居民反映" in heard_by(out, "李婶")[0]
    zhao = heard_by(out, "赵大爷")
    assert "已有居民反映" in zhao[0] and "共 3 位居民反映" in zhao[-1]
    assert "E0002" not in everything(out)


def test_unhappy_resident_reopens_and_is_answered_next_day() -> None:
    out = run("unhappy_reopen.jsonl")
    hu = heard_by(out, "老胡")
    reopened = next(t for t in hu if "重新打开" in t)
    assert "吴师傅" in reopened
    assert any("照样漏" in t for t in private_to(out, "吴师傅"))
    assert "催" in hu[-1] and "E0001" in hu[-1]
    assert "E0002" not in everything(out)


def test_id_number_and_phone_posted_in_the_group_are_masked() -> None:
    out = run("privacy_id.jsonl")
    group = "\n".join(in_group(out, L3))
    assert "E0001" in group and "水电气暖" in group
    assert "110101195003071234" not in everything(out)
    assert "13912345678" not in group and "139****5678" in group
    assert heard_by(out, "李婶") == []


def test_figures_of_speech_with_danger_words_stay_silent() -> None:
    assert run("jokes_danger.jsonl") == []


def test_forwarded_rumours_stay_silent() -> None:
    assert run("rumour_forward.jsonl") == []


def test_progress_asked_in_every_wrong_way() -> None:
    out = run("progress_typed_wrong.jsonl")
    li = heard_by(out, "李叔")
    assert RECEIPT in li[0]
    assert len(li) == 7
    assert all("诉求 E0001" in t and "状态" in t for t in li[1:6])
    assert "您反映过的诉求" in li[6] and "E0001" in li[6]
