"""convofix7: a blind tester's blocking failures, replayed through `linli replay` (the public
contract). Each scenario is one case of a rule; the unit tests hold the rule itself."""

from __future__ import annotations

from tests.integration.test_replay_cli import SCENARIOS, lines, replay


def said(path: str) -> list[tuple[str, str]]:
    out = lines(replay(SCENARIOS / path))
    return [(str(o["group"] or f"private:{o['to']}"), str(o["text"])) for o in out]


def to(out: list[tuple[str, str]], where: str) -> list[str]:
    return [text for place, text in out if place == where]


def test_a_code_before_its_command_word_closes_the_item() -> None:
    """F3: "水电费都交好了 H0001办结", "H0002 已办结了，谢谢😊", "电梯修好了 E0001已办结了👍"."""
    out = said("convo7_code_first.jsonl")
    volunteer, resident = to(out, "private:孙志明"), to(out, "private:张阿姨")
    assert any("H0001「代缴水电燃气费」：办理中" in t for t in volunteer)  # 办结了吗: asked
    assert any(t.startswith("帮办 H0001 已办结") for t in volunteer)
    assert any(t.startswith("帮办 H0002 已办结") for t in volunteer)
    assert any("（H0001）已办好：水电费都交好了" in t for t in resident)
    assert any("（H0002）已办好。" in t for t in resident)  # no stray "已" or "谢谢" as result
    assert any("没有找到帮办 H9999" in t for t in volunteer)
    group = to(out, "兰亭3号楼邻里群")
    assert any("E0001（电梯 · 3号楼）已办结：电梯修好了\n" in t for t in group)
    assert any("不是有效的诉求编号" in t for t in group)
    assert "状态：已办结" in group[-1]


def test_a_door_in_any_usual_form_answers_the_address_question() -> None:
    """F4: 3-1-101, 3栋1单元101, 三号楼一单元101, 3#1-101 register; "就在家里" gets one line
    saying what is missing, "👍" nothing, and a proper answer after it still registers."""
    out = said("convo7_address.jsonl")
    zhang, qian = to(out, "private:张阿姨"), to(out, "private:钱奶奶")
    registered = [t for t in zhang + qian if t.startswith("好的，已登记")]
    for door in ("地址：3-1-101", "地址：3栋1单元101", "地址：三号楼一单元101", "地址：3#1-101"):
        assert any(door in t for t in registered), door
    assert any("H0005" in t for t in registered)
    again = [t for t in zhang if "还差上门地址" in t]
    assert len(again) == 1 and "H0005「代购药品」" in again[0]
    assert not any("没看明白" in t or "已把您的补充" in t for t in zhang)


def test_everyday_yes_and_no_answer_the_bots_own_question() -> None:
    """F5: "是的", "嗯嗯", "对！确定👍" after "您是要给投票 V0001 投「同意」吗？" cast that ballot;
    "算了 不投了" does not (and a later "是的" is not taken as the answer); something else moves
    on; "嗯嗯" after "满意吗？" rates."""
    out = said("convo7_yes_no.jsonl")
    for who in ("张阿姨", "李叔", "王奶奶"):
        assert any(t.startswith("投票成功：V0001") for t in to(out, f"private:{who}")), who
    zhao = to(out, "private:赵大爷")
    assert not any(t.startswith("投票成功") for t in zhao)
    assert any("先不办" in t for t in zhao)
    assert not any(t.startswith("投票成功") for t in to(out, "private:孙志明"))
    assert not any(t.startswith("投票成功") for t in to(out, "private:赵老师"))  # two hours on
    assert to(out, "private:李叔")[-1].startswith("谢谢您的评价（满意）")


def test_a_danger_framed_as_a_request_is_an_emergency() -> None:
    """F6: "帮帮忙 我家老人晕倒了", "求助 厨房着火了", "心愿 我家老人晕倒了 快来人",
    "帮办 我家老伴摔倒了起不来" each raise the urgent case and the alarm; a real wish stays a
    wish, and an empty one gets the usual line."""
    out = said("convo7_danger_framed.jsonl")
    for group in ("兰亭3号楼邻里群", "兰亭4号楼邻里群", "兰亭2号楼邻里群", "兰亭1号楼邻里群"):
        assert to(out, group)[0].startswith("【紧急】已受理"), group
    members = to(out, "兰亭小区党员群")
    assert sum(t.startswith("【紧急诉求】") for t in members) >= 4
    assert not any("微心愿 W000" in t and "晕倒" in t for _, t in out)
    assert not any("不在帮办代办清单上" in t for _, t in out)
    assert any("收到您的微心愿，编号 W0001" in t for t in to(out, "兰亭3号楼邻里群"))
