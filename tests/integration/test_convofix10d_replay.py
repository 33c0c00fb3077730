"""convofix10d: staff-side failures a blind tester found (convo10b, convo10a's notes), replayed
through `linli replay` (the public contract). Each scenario is one class of rule with near
misses that must not change; tests/unit/test_convofix10d_rules.py holds the rules themselves."""

from __future__ import annotations

from tests.integration.replay_support import said, to


def test_urgent_close_in_words_and_cut_off_quote() -> None:
    """Classes 1-2: "收到我马上去" under a receipt WeChat cut to "【紧急】已受理" claims E0001 (a
    resident's "谢谢" under it claims nothing); "人出来了 没事 … E0001 办结" closes it in one
    answer and everyone alerted hears it is over. Unclaimed, the same sentence closes too
    (办结即认领). A cut quote that begins two receipts of different cases claims nothing;
    "E0002 还没办结 …" is news, never a close."""
    out = said("convofix10d_urgent_close_quote.jsonl")
    jinxiu = to(out, "锦绣2栋楼栋群")
    claims = [t for t in jinxiu if t.startswith("认领成功：诉求 E0001")]
    assert len(claims) == 1
    assert any("E0001（电梯 · 2号楼）已办结：人出来了 没事 维保也到了" in t for t in jinxiu)
    assert not any("核实后请发「办结 E0001" in t for _, t in out)
    over = "【解除紧急】诉求 E0001（电梯 · 2号楼）已由 林文斌 办结"
    assert any(t.startswith(over) for t in to(out, "private:黄桂兰"))
    assert any(t.startswith(over) for t in to(out, "锦绣家园党员群"))
    assert not any(t.startswith(over) for t in to(out, "private:林文斌"))
    lanting = to(out, "兰亭3号楼邻里群")
    assert not any(t.startswith(("认领成功：诉求 E0003", "认领成功：诉求 E0004")) for t in lanting)
    assert not any("还没办结" in t and "已办结" in t for t in lanting)
    assert any(t.endswith("有新进展：E0002 还没办结 维保在路上") for t in lanting)
    assert "诉求 E0002 之前无人认领，已记在您名下（办结即认领）。" in lanting
    assert any("E0002（电梯 · 3号楼）已办结：人出来了 没事" in t for t in lanting)
    assert any(t.startswith("【解除紧急】诉求 E0002") for t in to(out, "private:刘建华"))


def test_handlers_plans_without_a_code() -> None:
    """Class 4: "今天去不了 单位加班 明天上午一定过去" from the one who holds E0001, and
    "收到 我下午去看看" after a 派单, are news for the resident. "今天加班 明天去吃饭" (his
    own day), the same words from a leader holding nothing, and "好的 下午去医院" stay talk.
    Holding two cases, the words that name its thing pick one; without them he is asked."""
    out = said("convofix10d_plans_in_words.jsonl")
    one = to(out, "兰亭1号楼邻里群")
    assert any(t.endswith("有新进展：今天去不了 单位加班 明天上午一定过去") for t in one)
    assert not any("吃饭" in t for _, t in out)
    four = to(out, "兰亭4号楼邻里群")
    news = [t for t in four if "有新进展" in t]
    assert news == ["您反映的诉求 E0002（公共设施 · 4号楼）有新进展：我下午去看看"]
    assert not any("医院" in t for _, t in out)
    assert not any(t.startswith("认领成功") for t in four)
    # Holding two: "台阶那个明天上午过去" names which; "明天下午过去" is asked about.
    assert "您反映的诉求 E0001（公共设施 · 1号楼1单元）有新进展：明天上午过去" in one
    assert one[-1].startswith("您手上有 2 件在办的诉求，是哪一件要进展？")


def test_private_staff_place_and_dispatch() -> None:
    """Class 3: the 网格员's private "兰亭3号楼1单元门口有人私拉电线…" registers at 兰亭 3号楼
    1单元 and is listed in her 我的诉求; "2号楼门口的路灯不亮了" (both 小区 have one) asks.
    The 书记's private "@高大爷 E0002交给你了" dispatches to the 锦绣 member; without a name it
    does not, nor from a resident; the member's "收到我马上去" is then news on his case."""
    out = said("convofix10d_private_staff.jsonl")
    grid = to(out, "private:王敏")
    assert grid[0].startswith("已受理您反映的问题，编号 E0001（电动车 · 3号楼1单元）")
    assert grid[1].startswith("您反映过的诉求：\nE0001 电动车 · 3号楼1单元")
    assert grid[2].startswith("请问您住哪个小区、几号楼")
    secretary = to(out, "private:黄桂兰")
    assert secretary[0].startswith("要把诉求交给别人")
    assert secretary[1] == "已把诉求 E0002（环境卫生 · 2号楼）派给 高大爷，并通知了居民。"
    assert not any("派给" in t for t in to(out, "private:钱阿姨"))
    assert any(t.startswith("【派单】黄桂兰 把诉求 E0002") for t in to(out, "private:高大爷"))
    group = to(out, "锦绣2栋楼栋群")
    assert "您反映的诉求 E0002（环境卫生 · 2号楼）已安排党员 高大爷 承办。" in group
    assert group[-1] == "您反映的诉求 E0002（环境卫生 · 2号楼）有新进展：收到我马上去"


def test_helpdesk_availability_is_the_time() -> None:
    """Class 5: "1号楼1单元102 全天在家" / "3号楼2单元502 一直在家": the door is the address
    and the availability the time; "… 明天上午" is unchanged."""
    out = said("convofix10d_helpdesk_time.jsonl")
    first = [t for t in to(out, "private:钱奶奶") if t.startswith("好的，已登记")]
    assert "地址：1号楼1单元102\n时间：全天在家" in first[0]
    assert "地址：1号楼1单元102\n时间：明天上午" in first[1]
    second = [t for t in to(out, "private:张阿姨") if t.startswith("好的，已登记")]
    assert "地址：3号楼2单元502\n时间：一直在家" in second[0]
    assert not any("时间：尽快" in t for _, t in out)
