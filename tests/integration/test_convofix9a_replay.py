"""convofix9a: a blind tester's (convo9) conversation failures, replayed through `linli replay`
(the public contract). Each scenario is one class of rule with near-miss counter-examples; the
unit tests in tests/unit/test_convofix9a_rules.py hold the rules themselves."""

from __future__ import annotations

from tests.integration.replay_support import said, to


def test_code_bearing_lines_mean_what_they_say() -> None:
    """Class C: "台阶补好了，E0001办结，两天内别踩边上" closes with the words around the command
    word; "查一下E0002 谢谢🙏", "E 0 0 0 2 有人接了吗", "進度Ｅ０００２" ask its status; staff's
    "E0002现在谁在管" is a question, never relayed; "E0002 查过了 …" stays news; "E0002我弄不了
    麻烦换个人" gives the case back."""
    out = said("convo9fix_code_lines.jsonl")
    group = to(out, "兰亭3号楼邻里群")
    closed = "E0001（公共设施 · 3号楼1单元）已办结：台阶补好了，两天内别踩边上"
    assert any(closed in t for t in group)
    assert not any("有新进展：办结" in t for t in group)
    statuses = [t for t in group if t.startswith("诉求 E0002 · 公共设施")]
    assert len(statuses) == 3
    assert to(out, "private:王敏")[0].startswith("诉求 E0002 · 公共设施")
    assert not any("谁在管" in t for _, t in out)
    assert any(t.endswith("有新进展：查过了 是线路老化") for t in group)
    assert "已退回诉求 E0002，我们会重新安排党员。谢谢您！" in group
    assert not any("有新进展：我弄不了" in t or "有新进展：不好意思" in t for t in group)
    assert any("【重新认领】诉求 E0002" in t for t in to(out, "兰亭小区党员群"))


# The 党小组 notice, on time or (after the clock jumped) late with its age (sched11).
NOTICES = ("本楼栋有新诉求", "本楼栋有诉求待认领")


def test_lists_and_records_asked_for_in_words() -> None:
    """Class G: a secretary's "今天还有哪些诉求没人接" is the 待认领 list, never a case; a
    member's "现在有没有没人接的单", "我手上还有几件没办完", "我这个月星级咋样" and a
    resident's "我现在积分有多少了", "积分都能换点啥呀", "我都报了啥活动", "这个月有啥活动没有"
    are answered at once (not "请发「我的积分」"); "这个小助手咋用啊" in a group gets the help;
    "活动室的灯坏了" is still a report."""
    out = said("convo9fix_asking_in_words.jsonl")
    secretary = [t for t in to(out, "private:刘建华") if not t.startswith("【")]
    assert len(secretary) == 1 and secretary[0].startswith("待认领的诉求：")
    member = [t for t in to(out, "private:孙志明") if not t.startswith(NOTICES)]
    assert member[0].startswith("待认领的诉求：") and member[1].startswith("待认领的诉求：")
    assert "党员积分" in member[2]
    resident = to(out, "private:张阿姨")
    assert resident[0].startswith("您的积分：")
    assert resident[1].startswith("积分超市")
    assert resident[2].startswith("您还没有报名活动")
    assert "活动" in resident[3] and "我的积分" not in "".join(resident)
    two = to(out, "兰亭2号楼邻里群")
    assert two[0].startswith("您好，我是邻里小助手")
    assert "编号 E0002" in two[1]
    assert not any("E0003" in t for _, t in out)


def test_claims_and_assignments_in_everyday_words() -> None:
    """Class B: "井盖的事我来跟" claims the day-old 井盖 case and "垃圾那个我去叫保洁" the 垃圾
    one although three are open (the thing named picks it); "我来跟大家说一下…" claims nothing;
    "@孙志明 E0002你跟一下" dispatches to 孙志明, never claims for the sender or relays "你跟一下";
    a wish quoted with "王奶奶这个心愿我来" is claimed; "吴师傅 你去处理一下E0004" is a 派单."""
    out = said("convo9fix_claims_in_words.jsonl")
    group = to(out, "兰亭3号楼邻里群")
    assert "您反映的诉求 E0001（公共设施 · 3号楼）已由党员 赵老师 认领，会尽快和您联系。" in group
    assert "您反映的诉求 E0003（环境卫生 · 3号楼）已由党员 孙志明 认领，会尽快和您联系。" in group
    assert not any("E0002（公共设施 · 3号楼）已由党员" in t for t in group)
    assert "已把诉求 E0002（公共设施 · 3号楼）派给 孙志明，并通知了居民。" in group
    assert not any("你跟一下" in t for _, t in out)
    assert not any("等待认领" in t for t in group)
    assert "认领成功：微心愿 W0001，详情已私信您。谢谢！" in group
    assert (
        to(out, "private:刘建华")[-1] == "已把诉求 E0004（绿化 · 4号楼）派给 吴师傅，并通知了居民。"
    )
