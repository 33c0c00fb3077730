"""convofix10b: the blind tester's (convo10) case and errand failures, replayed through `linli
replay`. Each scenario is a class of rule in several phrasings, with near misses;
tests/unit/test_convofix10b_rules.py holds the word rules, test_convofix10b_flow.py the same
classes on SQLite and PostgreSQL."""

from __future__ import annotations

from tests.integration.replay_support import everything, said, to


def test_a_handlers_close_in_his_own_words() -> None:
    """Class 1: "电梯好了", "搞定了", "OK了", "修好了 可以用了", "弄完了👌" from the member
    holding one case close it; holding two, "搞定了" is asked which and "灯亮了" closes the
    lamp; "搞定了吗？", "OK" and "电梯好了" about a lift he does not hold close nothing."""
    out = said("convofix10b_close_in_words.jsonl")
    for code, result in (
        ("E0001", "电梯好了"),
        ("E0002", "搞定了"),
        ("E0003", "OK了"),
        ("E0004", "修好了 可以用了"),
        ("E0005", "弄完了"),
        ("E0006", "灯亮了"),
    ):
        assert any(f"诉求 {code}" in t and f"已办结：{result}" in t for _, t in out), code
    three = to(out, "兰亭3号楼邻里群")
    assert any(t.startswith("您手上有 2 件在办的诉求，是哪一件要办结") for t in three)
    assert not any("E0007" in t and "已办结" in t for t in three)  # the rubbish is still open
    assert three[-1].startswith("您反映的诉求 E0006")  # "电梯好了" from 孙志明: nothing


def test_claims_in_a_members_words() -> None:
    """Class 2: "我来弄", "我过去瞅瞅", "交给我吧", "我下楼看看" claim the case waiting in the
    group; "我来弄" hours later claims the only one still waiting; with two waiting he is asked
    which, unless the words name one. "我来了", "我去看看热闹", "我来说两句" and a resident's
    "我来弄" claim nothing."""
    out = said("convofix10b_claims_in_words.jsonl")
    claimed = [t for _, t in out if t.startswith("认领成功：诉求")]
    assert [t[8:13] for t in claimed] == [
        "E0001",
        "E0002",
        "E0003",
        "E0004",
        "E0005",
        "E0006",
        "E0008",
    ]
    assert "已由党员 孙志明 认领" in to(out, "兰亭3号楼邻里群")[2]
    # E0005 went to 赵老师's "灯的事我来弄", not to 孙志明's "我来了" before it.
    assert any("E0005（公共设施 · 3号楼2单元）已由党员 赵老师 认领" in t for _, t in out)
    assert any(t.startswith("这个群里有几件诉求等待认领") for t in to(out, "兰亭1号楼邻里群"))


def test_a_reporters_waiting_in_her_own_words() -> None:
    """Class 3: "师傅今天能来吗" hears her case's status; "人呢？？", "到底有人管没", "等了两天了"
    (in the group or privately) are chased; a neighbour's "人呢？？" with no case is silence."""
    out = said("convofix10b_reporter_waiting.jsonl")
    assert to(out, "兰亭3号楼邻里群")[1].startswith("诉求 E0001 · 电梯 · 3号楼")
    for group, code in (("兰亭1号楼邻里群", "E0002"), ("兰亭2号楼邻里群", "E0003")):
        assert to(out, group)[1].startswith(f"已帮您催楼栋党小组尽快联系您。您反映的诉求 {code}")
    assert to(out, "兰亭4号楼邻里群")[1].startswith(
        "已帮您催楼栋党小组尽快联系您。您反映的诉求 E0004"
    )
    assert to(out, "private:老周")[0].startswith("已帮您催楼栋党小组尽快联系您。您反映的诉求 E0004")
    assert any(t.startswith("【居民催办】诉求 E0002") for t in to(out, "private:郑晓东"))
    assert to(out, "兰亭3号楼邻里群")[-1].startswith("诉求 E0001")  # "师傅啥时候来啊"
    assert "E0005" not in everything(out)  # no follow-up opened a case


def test_an_elderly_errand_without_the_word_for_it() -> None:
    """Class 4: "想理个发 出不了门", "养老金认证我不会弄", "陪我去医院复查 孩子不在家", "药吃完了
    腿脚不方便" are the listed 帮办 (上门理发, 代办社保认证, 陪同就医, 代购药品), asked privately
    for the address; a neighbour not on the roster hears why not and what else; "今天去理了个发",
    "养老金认证在哪弄啊" are talk."""
    out = said("convofix10b_errands_in_words.jsonl")
    qian = to(out, "private:钱奶奶")
    assert qian[0].startswith("您要办「上门理发」，编号 H0001") and "地址" in qian[0]
    assert qian[1].startswith("您要办「陪同就医」，编号 H0003")
    zhang = to(out, "private:张阿姨")
    assert zhang[0].startswith("您要办「代办社保认证」，编号 H0002")
    assert zhang[1].startswith("您要办「代购药品」，编号 H0004")
    assert to(out, "兰亭1号楼邻里群") == ["收到，这件事可以帮您办。我私信和您确认地址和时间。"]
    assert "心愿" in to(out, "private:王奶奶")[0]
    assert "H0005" not in everything(out) and "E0001" not in everything(out)
    assert not to(out, "private:李叔")


def test_a_neighbours_all_clear_reaches_whoever_acts() -> None:
    """Class 5: "是我家炒辣椒 没事", "没事 是我家在熬中药 味道大", "我家烧纸呢 不好意思 没着火",
    "那是我们家烤红薯 别担心" under an alarm go to its 党小组 to check (in the building's group
    or the 业主群 where the alarm was not raised); in a building with no alarm, nothing."""
    out = said("convofix10b_all_clear.jsonl")
    heard = [t for _, t in out if t.startswith("收到，已转告楼栋党小组核实诉求")]
    assert [t[16:21] for t in heard] == ["E0001", "E0002", "E0003", "E0004", "E0005", "E0006"]
    told = [t for _, t in out if t.startswith("【居民说】紧急诉求")]
    assert any("是我家炒辣椒 没事" in t for t in told)
    assert any("我家烧纸呢" in t for t in told)
    assert not any("E0007" in t for _, t in out)
    assert not any("【居民撤回】" in t for _, t in out)


def test_the_same_trouble_again_the_next_day() -> None:
    """Class 6: her "昨晚楼上又吵到两点" is a 补充 on her open case; "昨晚又放到十点多 吵死了"
    the day after her case was closed reopens it (不满意); a neighbour's "昨晚又吵到两点 楼上那家"
    joins the open case of his group, its words on the timeline."""
    out = said("convofix10b_again_next_day.jsonl")
    three = to(out, "兰亭3号楼邻里群")
    assert three[1].startswith("已把您的补充记到诉求 E0001")
    assert three[-1].startswith("已把您说的记到诉求 E0001（同一个问题，已有居民反映，共 2 位）")
    one = to(out, "兰亭1号楼邻里群")
    assert one[-1].startswith("您是说诉求 E0002 还没解决吧？已按「不满意」重新打开")
    assert any(t.startswith("【重新办理】") for t in to(out, "private:郑晓东"))
    assert not any("噪音扰民" in t and "已受理" in t and "E0002" not in t[:40] for t in one[1:])


def test_help_on_the_way_is_recorded_on_the_emergency() -> None:
    """Class 7: "120说马上到", "已经打了120 车在路上", "消防说五分钟到", "119马上到" from the
    reporter or a neighbour are acknowledged and go on the case's timeline, never a new case."""
    out = said("convofix10b_help_on_the_way.jsonl")
    notes = [t for _, t in out if t.startswith("【居民补充】")]
    for words in ("120说马上到", "已经打了120 车在路上", "消防说五分钟到", "119马上到"):
        assert any(t.endswith(words) for t in notes), words
    assert "E0003" not in everything(out)
    acks = [t for _, t in out if "已把您的话记到诉求" in t]
    assert len(acks) == 7
