"""convofix10c: a blind tester's (convo10a/b) conversation failures, replayed through
`linli replay` (the public contract). Each scenario is one class of rule with near misses that
must not change; tests/unit/test_convofix10c_rules.py holds the rules themselves."""

from __future__ import annotations

from tests.integration.replay_support import said, to


def test_bare_me_too_confirms_a_held_neighbour() -> None:
    """Class 1: "水压怎么这么小" held, then a neighbour's "我家也是" 3 minutes later opens one
    case with both voices, and "+1 四楼也一样" is the third; near misses stay silent: "我家也是
    这么想的" (an opinion), "我们家也这样" with nothing held in that group, or 40 minutes on."""
    out = said("convofix10c_metoo_held.jsonl")
    four = to(out, "兰亭4号楼邻里群")
    assert four[0].startswith("已受理您反映的问题，编号 E0001（水电气暖 · 4号楼）")
    assert "共 2 位居民反映" in four[1] and "共 3 位居民反映" in four[2]
    for group in ("兰亭1号楼邻里群", "兰亭2号楼邻里群", "兰亭3号楼邻里群"):
        assert to(out, group) == []
    assert not any("E0002" in t for _, t in out)


def test_ratings_name_the_thing_for_several_cases() -> None:
    """Class 2: with 单元门 and 门口的减速带 both waiting, "门那个满意 减速带那个一般" rates
    each (门 is in both texts, but 减速带 takes its own); a bare "满意" asks once, listing each
    case with its words; "减速带一般，单元门满意" then rates each."""
    out = said("convofix10c_rating_by_thing.jsonl")
    four = to(out, "兰亭4号楼邻里群")
    assert "谢谢您的评价（满意）！诉求 E0001 已回访结案。" in four
    assert "谢谢您的评价（基本满意）！诉求 E0002 已回访结案。" in four
    one = to(out, "兰亭1号楼邻里群")
    asked = [t for t in one if t.startswith("您有 2 件诉求等待评价")]
    assert len(asked) == 1 and "E0003 1号楼单元门关不上了" in asked[0]
    assert "谢谢您的评价（满意）！诉求 E0003 已回访结案。" in one
    assert "谢谢您的评价（基本满意）！诉求 E0004 已回访结案。" in one


def test_answers_to_the_preview_with_a_few_words() -> None:
    """Class 3: "算了 取消 时间还没定" drops the previewed notice; "好的 但是时间我再想想" and
    "时间还没定" send nothing (the preview waits); "好的确认 辛苦了" sends it."""
    out = said("convofix10c_answers_with_words.jsonl")
    private = to(out, "private:刘建华")
    assert "已作废通知 B0001，没有发送。" in private
    waiting = [t for t in private if t.startswith("没看懂这句。您的通知 B0002 还在预览")]
    assert len(waiting) == 2
    assert any(t.startswith("好的，通知 B0002 开始发送") for t in private)
    assert to(out, "兰亭小区业主群") == ["【幸福里社区通知】\n本周日上午消防检查，请各户配合"]


def test_how_to_report_in_natural_phrasing() -> None:
    """Class 4: "请问这个群怎么报修啊", "请问家里东西坏了在群里怎么报修啊？", "群里有人知道怎么报修
    吗" get the 怎么报修 answer; "上次报修的师傅人挺好的" and "这个群怎么这么吵" stay silent;
    "物业怎么报修都不来人" is a complaint, not a how-to question."""
    out = said("convofix10c_how_to_report.jsonl")
    how = "直接在群里说哪里出了问题就行"
    for group in ("兰亭小区业主群", "兰亭2号楼邻里群", "兰亭3号楼邻里群"):
        assert len(to(out, group)) == 1 and to(out, group)[0].startswith(how)
    one = to(out, "兰亭1号楼邻里群")
    assert len(one) == 1 and not one[0].startswith(how)


def test_points_questions_answered_directly() -> None:
    """Class 5: privately "我有多少分" gets her points (not a pointer to 「我的积分」), and
    "积分超市能换什么" the 积分超市 answer (nothing listed in the demo: a clear line); in a group
    "我儿子考了多少分还没出来" and "积分超市的东西真不错" stay chat."""
    out = said("convofix10c_points_asked.jsonl")
    mine = to(out, "private:张阿姨")
    assert mine[1].startswith("您的积分：14 分")
    assert mine[2] == "积分超市正在筹备，敬请期待。"
    assert not any("请发「我的积分」" in t for t in mine)
    assert to(out, "兰亭2号楼邻里群") == []


def test_thrown_from_above_in_plain_words_gets_its_tip() -> None:
    """Class 7: "有人从楼上扔了个酒瓶下来 …差点砸到我家孩子" and "楼上有人往外抛东西" get the
    高空抛物 tip of README's safety table, not the generic one; a lost cat gets no such tip.
    (The category, 邻里纠纷/其他, is the intent engine's: engine10's.)"""
    out = said("convofix10c_thrown_from_above.jsonl")
    tip = "【安全提示】请先让楼下的人避开、看好孩子"
    for group in ("兰亭3号楼邻里群", "兰亭2号楼邻里群"):
        first = to(out, group)[0]
        assert first.startswith("【紧急】") and tip in first
        assert "有人受伤请拨打120" not in first
    assert not any("安全提示" in t for t in to(out, "兰亭1号楼邻里群"))


def test_vote_scope_by_building_for_staff_of_several_estates() -> None:
    """Class 6: 王敏 covers both 小区. README's "范围：3号楼" asks which, naming 兰亭3号楼 and
    锦绣3号楼 (both have one); "范围：4号楼" (only 兰亭 has it) creates the vote; "9号楼" (no
    such building) says so; "兰亭3号楼" creates it."""
    out = to(said("convofix10c_vote_scope_staff.jsonl"), "private:王敏")
    assert (
        out[0] == "「3号楼」在几个小区都有，请在「范围」写明是哪个：「兰亭3号楼」、「锦绣3号楼」。"
    )
    assert out[1].startswith("已创建投票 V0001：4号楼楼下加装休息椅")
    assert out[2].startswith("没有找到「9号楼」")
    assert out[3].startswith("已创建投票 V0002：3号楼楼下加装休息椅")
