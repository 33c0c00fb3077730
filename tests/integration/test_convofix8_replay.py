"""convofix8: a blind tester's conversation failures, replayed through `linli replay` (the
public contract). Each scenario is one class of rule with near-miss counter-examples; the
unit tests in tests/unit/test_convofix8_rules.py hold the rules themselves."""

from __future__ import annotations

from tests.integration.replay_support import said, to


def test_one_incident_stays_one_case_and_its_handlers_report_progress() -> None:
    """Class 1: after an urgent case, "我家也是", "我们这层也有", "我们五楼也冒水了" join it
    (4 voices); "我家也没事", "我也觉得…", another group's "我家也是" do not. The holder's
    "通开了 现在好了" and a leader's "师傅已经疏通了" are progress on it: no case, no voice."""
    out = said("convo8_one_incident.jsonl")
    group = to(out, "兰亭3号楼邻里群")
    assert not any("E0002" in t for _, t in out)  # never a second case
    joined = [t for t in group if "已合并跟进" in t]
    assert [("共 2 位" in t, "共 3 位" in t, "共 4 位" in t) for t in joined] == [
        (True, False, False),
        (False, True, False),
        (False, False, True),
    ]
    assert not to(out, "兰亭4号楼邻里群")  # another group's "+1" and news about nothing there
    assert any(t.endswith("有新进展：通开了 现在好了") for t in group)
    assert any(t.endswith("有新进展：师傅已经疏通了 大家放心") for t in group)
    assert not any("真冷" in t for _, t in out)  # his small talk is no news
    status = to(out, "private:刘建华")[-1]
    assert "共 4 位居民反映" in status and "进展 通开了 现在好了" in status
    assert any(t.startswith("【进展】诉求 E0001") for t in to(out, "private:孙志明"))


def test_all_clear_in_everyday_words_stands_the_emergency_down() -> None:
    """Class 3: "出来了 人没事", "是302家炒辣椒呛的" from the reporter and a leader's "误报 已经
    处理了" stand each alarm down (off the urgent clock, the 党小组 and 书记 told); "人还没出来
    快来人" from the reporter is her emergency again, not a second one; a bystander's "原来是
    小孩按着玩的" is passed on, not obeyed; the same harmless cause after a lamp report is
    nothing."""
    out = said("convo8_all_clear.jsonl")
    assert any(
        "【居民撤回】诉求 E0001" in t and "出来了 人没事" in t for t in to(out, "private:刘建华")
    )
    assert any("【居民撤回】诉求 E0002" in t for t in to(out, "private:刘建华"))
    assert any("【解除紧急】诉求 E0003" in t for t in to(out, "private:刘建华"))
    assert to(out, "兰亭4号楼邻里群")[-1].startswith("太好了！已把您的话记到诉求 E0001")
    assert to(out, "兰亭3号楼邻里群")[-1].startswith("太好了！已把您的话记到诉求 E0002")
    assert to(out, "兰亭2号楼邻里群")[-1].startswith("收到，诉求 E0003 已解除紧急")
    first = to(out, "兰亭1号楼邻里群")
    assert first[1].startswith("已把您的补充记到诉求 E0004")
    assert first[2].startswith("收到，已转告楼栋党小组核实诉求 E0004")
    assert len(first) == 4 and "E0005（公共设施" in first[3]  # the lamp, and nothing after it
    statuses = [t for t in to(out, "private:刘建华") if t.startswith("诉求 E000")]
    assert [("· 紧急" in t) for t in statuses] == [False, False, False, True, False]
    assert "E0006" not in "\n".join(t for _, t in out)


def test_different_problems_are_not_folded_into_one() -> None:
    """Class 2: "1.门禁刷不开 2.楼道灯不亮" is two cases of one category, "1.电梯有异响 2.电梯按钮
    坏了" stays one; "台阶塌了一块" is not swallowed by a neighbour's held "单元门好像关不太严",
    while "垃圾房臭死了" does confirm a held "垃圾房那边好像有点味" (one case, two voices)."""
    out = said("convo8_separate_problems.jsonl")
    three = to(out, "兰亭3号楼邻里群")
    assert three[0].startswith("已受理您反映的 2 个问题")
    assert "E0001（公共设施 · 3号楼）：门禁刷不开" in three[0]
    assert "E0002（公共设施 · 3号楼）：楼道灯不亮" in three[0]
    assert to(out, "兰亭2号楼邻里群") == [
        t for t in to(out, "兰亭2号楼邻里群") if t.startswith("已受理您反映的问题，编号 E0003")
    ]
    four = to(out, "兰亭4号楼邻里群")
    assert len(four) == 1 and "编号 E0004" in four[0] and "合并" not in four[0]
    assert any("E0004（公共设施 · 4号楼）：台阶塌了一块" in t for t in to(out, "private:周海燕"))
    one = to(out, "兰亭1号楼邻里群")
    assert "E0005" in one[0] and "共 2 位居民反映" in one[1]


def test_a_thing_named_a_rating_in_words_and_the_unclaimed_list() -> None:
    """Class 4: "门禁那个呢", "水管的事呢？" answer with the case they name; "那个呢" with two open
    asks which in one line; "你呢", a neighbour's bare "那个呢" and talk ending in 呢 are silent.
    "好多了 谢谢王书记👍" is 满意; "还凑合吧 就是来得有点晚" is 基本满意 with its caveat kept;
    "满意，但是楼下的还是不亮" is asked again. 待认领 never lists what the member holds."""
    out = said("convo8_named_and_rated.jsonl")
    todo, mine = [t for t in to(out, "private:孙志明") if "待认领的诉求" in t][:2]
    assert "E0001" not in todo and "E0002" in todo and "您承办中的诉求有 1 件" in todo
    assert "您承办的诉求：\nE0001" in mine  # 我的任务 still shows both
    group = to(out, "兰亭3号楼邻里群")
    asked = [t for t in group if t.startswith(("诉求 E000", "您问的是哪一件"))]
    assert asked[0].startswith("诉求 E0001") and "门禁刷不开" in asked[0]
    assert asked[1].startswith("诉求 E0002") and "水管在漏水" in asked[1]
    assert asked[2].startswith("您问的是哪一件？") and "E0001" in asked[2] and "E0002" in asked[2]
    assert "\n" not in asked[2]
    # "你呢", 李叔's bare "那个呢" and the talk in 呢: no answer. His "门禁那个呢" names the thing
    # of a case in this group: its status, as a neighbour asking after it expects (convo14).
    assert len(asked) == 5 and asked[3].startswith("诉求 E0001")
    assert "谢谢您的评价（满意）！诉求 E0001" in "\n".join(group)
    assert "谢谢您的评价（基本满意）！诉求 E0002" in "\n".join(group)
    assert "回访 基本满意（还凑合吧 就是来得有点晚）" in asked[4]
    assert group[-1].startswith("请问您对诉求 E0003 的处理是否满意")
    assert not any("公园" in t for t in group)


def test_a_members_false_alarm_in_the_party_group_or_later_stands_it_down() -> None:
    """Class 3: a leader's "误报 已经处理了" in the 党员群 under the alert, or in the group 40
    minutes on, stands the emergency down; a bystander's is not obeyed after half an hour;
    the 书记's "误报，没事了" privately with two emergencies open asks which in one line;
    "没事了 大家早点休息" among members is talk."""
    out = said("convo8_member_stand_down.jsonl")
    party = to(out, "兰亭小区党员群")
    assert any(t.startswith("收到，诉求 E0001 已解除紧急") for t in party)
    assert to(out, "兰亭4号楼邻里群")[-1].startswith("收到，诉求 E0002 已解除紧急")
    assert not any("E0002" in t and "路人甲" in t for _, t in out)
    secretary = to(out, "private:刘建华")
    which = [t for t in secretary if t.startswith("有 2 件紧急诉求在办")]
    assert len(which) == 1 and "E0003" in which[0] and "E0004" in which[0]
    statuses = [t for t in secretary if t.startswith("诉求 E000")]
    assert [("· 紧急" in t) for t in statuses] == [False, False, True]
