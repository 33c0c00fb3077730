"""convofix11a: the blind testers' failures, each one case of a rule, replayed through
`linli replay` (the public contract) with the variants people use. The rules themselves are
unit-tested in tests/unit/test_convofix11a_rules.py."""

from __future__ import annotations

from tests.integration.replay_support import said, to

ONE_ONLY = "投票 V0001 只能选一项，这次没有计票。"


def test_two_options_at_once_count_nothing_and_say_pick_one() -> None:
    out = said("convofix11a_several_options.jsonl")
    zhang = to(out, "private:张阿姨")
    # 投票 V0001 1 2 / 投票V0001 选1和2: refused in one line; V0001 投2 is one choice.
    assert [t.startswith(ONE_ONLY) for t in zhang] == [True, True, False]
    assert "\n" not in zhang[0] and "1. 同意  2. 反对  3. 弃权" in zhang[0]
    assert zhang[2].startswith("投票成功") and "「反对」" in zhang[2]
    # V0001 1 2 / full-width １，２ / 同意和反对: the same answer, nothing counted.
    assert all(t.startswith(ONE_ONLY) for t in to(out, "private:李叔"))
    # In the group: the usual "私聊" answer, nothing counted.
    assert to(out, "兰亭3号楼邻里群")[-1].startswith("请私聊我投票")
    wang = to(out, "private:王奶奶")  # 我选1和2 (no code) then 选第二个
    assert wang[0].startswith(ONE_ONLY) and "「反对」" in wang[1]
    zhao = to(out, "private:赵大爷")  # V0001 1 我改主意了: one choice and a remark
    assert zhao[0].startswith("投票成功") and "「同意」" in zhao[0]
    assert to(out, "private:孙志明")[0].startswith(ONE_ONLY)  # 2、3都行🙏


def test_a_choice_quoting_the_vote_post_is_a_ballot() -> None:
    out = said("convofix11a_quoted_ballot.jsonl")
    group = to(out, "兰亭3号楼邻里群")
    # 王奶奶 "1" and 赵大爷 "同意👍" under the post (the second a shortened quote): ballots, so
    # the group hears "私聊"; a bare "1" with nothing quoted is speech, and "2" under the post
    # after the close too: silence (two answers, not three).
    private_hints = [t for t in group if t.startswith("请私聊我投票")]
    assert len(private_hints) == 2
    assert "「同意」" in to(out, "private:张阿姨")[0]  # "1" quoted privately
    assert "「反对」" in to(out, "private:李叔")[0]  # "选２！"
    assert to(out, "private:李婶")[0].startswith(ONE_ONLY)  # "1和2"
    assert "「反对」" in to(out, "private:赵大爷")[0]  # "我家投反对"
    assert "不在投票 V0001 的表决名单里" in to(out, "private:小王")[0]
    sun = to(out, "private:孙志明")
    assert "没有需要评价" in sun[0]  # a bare "1" is still the rating
    assert sun[1].startswith("已受理")  # "1楼的灯坏了" quoting the post: a report
    assert to(out, "兰亭1号楼邻里群") == []  # not on the roll: "1" there is speech
    # After the close: privately the answer says so; in the group it is speech.
    assert to(out, "private:王奶奶") == ["投票 V0001 已经截止，不能再投了。结果会在群里公示。"]


def test_a_building_activity_is_that_buildings_privately_as_in_the_group() -> None:
    out = said("convofix11a_building_activity.jsonl")
    refusal = "活动【1】3号楼议事会是兰亭小区3号楼的活动，只接受兰亭小区3号楼居民报名。"
    zheng = to(out, "private:郑晓东")  # a 1号楼 member: 报名 1, 我报名, 活动
    assert zheng[0].startswith(refusal) and zheng[1].startswith(refusal)
    assert "3号楼议事会" not in zheng[2]
    assert to(out, "兰亭1号楼邻里群")[0].startswith(refusal)
    assert to(out, "兰亭小区业主群")[0].startswith(refusal)
    assert to(out, "private:孙志明")[0].startswith("报名成功")  # 3号楼, privately
    assert to(out, "兰亭3号楼邻里群")[-1].startswith("报名成功")  # 报名1！ in its group


def test_the_wish_claimer_says_it_is_done_and_the_requester_confirms() -> None:
    out = said("convofix11a_wish_done.jsonl")
    group = to(out, "兰亭3号楼邻里群")[3:]  # after the wish, its publication and the claim
    refused = "「已实现」由心愿人本人（或社区工作人员代为）确认。"
    assert group[0] == refused and group[1] == refused  # 赵老师, 李叔: no change
    assert group[2].startswith("微心愿 W0001：")  # 完成了吗: a question, its status
    assert group[3].startswith("谢谢您！微心愿 W0001 要由心愿人本人确认实现")
    asked = [t for t in to(out, "private:张阿姨") if t.startswith("党员 孙志明 说")]
    assert len(asked) == 2 and "「已实现 W0001」" in asked[0]  # group and private
    zhang = to(out, "private:张阿姨")
    assert zhang[-1].startswith("太好了，微心愿 W0001 已实现")  # her W0001 已完成，谢谢
    assert "+5 积分" in to(out, "private:孙志明")[-1]
    assert group[-1] == "微心愿 W0001 心愿人已经确认实现了，谢谢您！"


def test_cancel_reads_the_codes_letter() -> None:
    out = said("convofix11a_cancel_by_code.jsonl")
    assert to(out, "private:张阿姨")[0] == "帮办 H0002 只能由申请的居民本人取消。"
    qian = to(out, "private:钱奶奶")[-3:]
    assert qian[0].startswith("帮办 H0002「代购药品」已取消")
    assert qian[1] == "帮办 H0002 已取消，不能取消了。"
    assert qian[2].startswith("帮办 H0001「代缴水电燃气费」已取消")  # 取消h0001，儿子…🙏
    assert to(out, "private:李叔") == ["只有心愿人本人可以撤回。"]
    zhang = to(out, "private:张阿姨")
    assert "微心愿 W0001 已撤回。有需要随时再说。" in zhang
    assert zhang[-1].startswith("诉求 E0001 不能直接取消")
    liu = to(out, "private:刘建华")
    assert liu[-2] == "已作废通知 B0001，没有发送。" and liu[-1].startswith("您没有待确认的通知")
    assert to(out, "兰亭3号楼邻里群")[-1].startswith("已受理")  # 取消 in a group: silence


def test_confirm_with_a_change_request_sends_nothing() -> None:
    out = said("convofix11a_confirm_with_change.jsonl")
    liu = to(out, "private:刘建华")
    asked = "好的，通知 B0001 先不发。要改什么？"
    assert [t.startswith(asked) for t in liu[1:4]] == [True, True, True]
    assert liu[4].startswith("好的，通知 B0001 开始发送")  # 确认 辛苦了: a plain yes
    assert liu[6].startswith("好的，通知 B0002 先不发") and liu[7].startswith(
        "好的，通知 B0002 先不发"
    )
    assert not any("B0002 开始发送" in t for t in liu)
    group = to(out, "兰亭3号楼邻里群")
    assert [t for t in group if "B0002" in t or "停电" in t] == []
