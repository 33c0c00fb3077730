"""convofix9b: the blind tester's (convo9) conversation failures, replayed through `linli
replay`. Each scenario is a class of rule, in other words than the tester's, with near misses;
tests/unit/test_convo9fixb_rules.py holds the word rules themselves."""

from __future__ import annotations

from tests.integration.replay_support import said, to


def test_a_reporters_follow_ups_are_about_her_case() -> None:
    """Class D: a private "我家那个漏水的事有人来看过没" / "我昨天说的那个门禁修了没有啊" is her
    case's status (never a second case, never the intro); "不对不对 我打错了，应该是4栋" moves the
    case to 4号楼 (not a withdrawal); "噢不对 …没坏" takes it back; "咋就结案了 门还是哐哐响"
    after 办结 reopens it (不满意); "怎么还是没人认领啊" chases it. "今天天气怎么样" is chat."""
    out = said("convo9fixb_followups.jsonl")
    everything = "\n".join(t for _, t in out)
    assert "E0005" not in everything  # no follow-up opened a case
    zhou = to(out, "private:老周")
    assert zhou[0].startswith("诉求 E0001 · 公共设施 · 4号楼")
    assert zhou[1].startswith("您好，我是邻里小助手")  # the weather is no status question
    chen = to(out, "private:小陈")
    assert len(chen) == 1 and chen[0].startswith("诉求 E0002 · 公共设施 · 4号楼")
    owners = to(out, "兰亭小区业主群")
    assert owners[-1] == "好的，已把诉求 E0002 的位置改为4号楼，并转告了楼栋党小组。"
    assert not any("【居民撤回】诉求 E0002" in t for _, t in out)
    assert any(
        t.startswith("本楼栋有新诉求 E0002（公共设施 · 4号楼）") for t in to(out, "private:周海燕")
    )
    assert any("【居民撤回】诉求 E0003" in t for t in to(out, "private:赵老师"))
    assert to(out, "兰亭3号楼邻里群")[-1].startswith("好的，已把您的话记到诉求 E0003")
    assert not any("【督办】诉求 E0003" in t for _, t in out)  # taken back: not chased
    one = to(out, "兰亭1号楼邻里群")
    assert one[-1].startswith("您是说诉求 E0004 还没解决吧？已按「不满意」重新打开")
    assert any(t.startswith("【重新办理】居民对诉求 E0004") for t in to(out, "private:郑晓东"))
    assert to(out, "兰亭4号楼邻里群")[-1].startswith(
        "已帮您催楼栋党小组尽快联系您。您反映的诉求 E0001"
    )


def test_a_requesters_own_words_about_her_wish_or_errand() -> None:
    """Class F: "想找个会弄手机的年轻人，帮我…" is a 微心愿 ("公开也没关系的" shows it); her
    "小郑上午都帮我弄好了…谢谢他" fulfils her one claimed wish; "收音机的事不需要了" takes hers
    back and "燃气费不用交了" cancels her 帮办 — while "不用了 谢谢" and "电视那个不用了", which
    name none of them, withdraw and cancel nothing."""
    out = said("convo9fixb_errands.jsonl")
    assert to(out, "兰亭1号楼邻里群")[0].startswith("收到您的微心愿，编号 W0001")
    assert to(out, "private:钱奶奶")[1].startswith("好的，微心愿 W0001 已在群里公开")
    assert to(out, "兰亭1号楼邻里群")[-1] == "太好了，微心愿 W0001 已实现。感谢党员 郑晓东 的帮助！"
    zhao = to(out, "private:赵大爷")
    assert [t for t in zhao if "已撤回" in t] == ["微心愿 W0002 已撤回。有需要随时再说。"]
    assert zhao[-1] == "微心愿 W0002 已撤回。有需要随时再说。"  # only after she named it
    zhang = to(out, "private:张阿姨")
    assert [t for t in zhang if "已取消" in t] == [zhang[-1]]
    assert zhang[-1] == "帮办 H0001「代缴水电燃气费」已取消。有需要随时再找我。"
    assert "E0001" not in "\n".join(t for _, t in out)  # no wish became a case


def test_questions_about_another_building_and_tips_that_fit() -> None:
    """Class H (not the engine's part): "3号楼是不是停水了？我们1号楼还有水" opens nothing; once
    3号楼 reported it, "三栋是不是停水了啊？我们这边正常" hears that case's code in one line. A
    leak from an empty flat upstairs gets the leak tip, never the missing-person one (a child
    who does not come home still does); a fall beside a fire is one 【安全提示】 header. "有人联系
    上楼上的了吗" from the reporter is her case's status."""
    out = said("convo9fixb_elsewhere_and_tips.jsonl")
    owners = to(out, "兰亭小区业主群")
    assert owners == ["3号楼停水的事已有居民反映（E0001），正在跟进。"]
    assert to(out, "兰亭3号楼邻里群")[0].startswith(
        "已受理您反映的问题，编号 E0001（水电气暖 · 3号楼）"
    )
    leak = to(out, "兰亭1号楼邻里群")
    assert "先把漏水处下面的电器和东西挪开" in leak[0] and "走失" not in leak[0]
    assert "走失" in to(out, "兰亭2号楼邻里群")[0]
    assert all(t.count("【安全提示】") <= 1 for _, t in out)
    fall = to(out, "兰亭4号楼邻里群")[0]
    assert "拨打119" in fall and "拨打120" in fall
    assert leak[-1].startswith("诉求 E0002 · 水电气暖 · 1号楼")


def test_one_outage_in_two_groups_and_two_problems_in_one_message() -> None:
    """Class D: "4号楼停电了，整栋楼都黑了" in the building group and "4号楼全黑了 是停电了吗"
    in the 业主群 two minutes later are one case (two voices); "还有一楼信报箱的门掉了" after a
    lamp is a second case, not a 补充; "楼道灯不亮，门口垃圾也三天没人收了" is two cases. A
    neighbour's "楼道灯也不亮了" after "2号楼停水了" is no outage: its own case."""
    out = said("convo9fixb_one_or_two.jsonl")
    assert to(out, "兰亭小区业主群")[0].startswith(
        "这个问题已有居民反映，编号 E0001（水电气暖 · 4号楼），已合并跟进（共 2 位居民反映）"
    )
    three = to(out, "兰亭3号楼邻里群")
    assert three[1].startswith("已受理您反映的问题，编号 E0003（公共设施 · 3号楼）")
    assert not any("补充" in t for t in three)
    one = to(out, "兰亭1号楼邻里群")[0]
    assert one.startswith("已受理您反映的 2 个问题") and "E0005（环境卫生 · 1号楼）" in one
    assert to(out, "兰亭2号楼邻里群")[-1].startswith("已受理您反映的问题，编号 E0007（公共设施")


def test_a_private_address_after_a_private_report_is_her_door() -> None:
    """Class D: "3号楼1单元102" a minute after her private report is that case's door (the
    党小组 told), not "没看明白"; another resident's bare "3-1-101" with no such case is still
    asked what the matter is; her "下水道那个有人管吗" a day later chases the case."""
    out = said("convo9fixb_private_address.jsonl")
    li = to(out, "private:李叔")
    assert (
        li[1]
        == "好的，已把门牌「3号楼1单元102室」记到诉求 E0001，党员上门时会用到（不会在群里公开）。"
    )
    assert any(
        t.startswith("【补充】诉求 E0001（水电气暖 · 3号楼1单元102室）")
        for t in to(out, "private:赵老师")
    )
    assert to(out, "private:张阿姨")[0].startswith("没看明白您要反映什么问题")
    assert li[-1].startswith("已帮您催楼栋党小组尽快联系您。您反映的诉求 E0001")
    assert "E0002" not in "\n".join(t for _, t in out)
