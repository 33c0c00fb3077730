"""convofix11b: round ten's blind failures on ratings, claims, closes and me-toos, replayed
through `linli replay`. Each scenario is one rule in several phrasings, with near misses;
tests/unit/test_convofix11b_rules.py holds the word rules."""

from __future__ import annotations

from tests.integration.replay_support import everything, said, to


def test_a_neighbours_unsatisfied_is_the_problem_persisting() -> None:
    """Class 1: "不满意 E0001 还是坏的" from a neighbour after 办结 is no rating of his: the
    case goes back to its member (no duplicate) and he joins it; the reporter rates after the
    next 办结. "「不满意」E0002，还是不亮！！" on an open case joins it; "E0003 差评👎 还是堵"
    privately after E0003 was rated is the trouble back, a new case tied to it; a neighbour's
    "还是漏" just after 办结 reopens as well. The member's own "不满意 E0001" is refused; a
    bare "不满意" with nothing to rate and "今天还是很冷" are silence."""
    out = said("convofix11b_neighbour_unsatisfied.jsonl")
    three = to(out, "兰亭3号楼邻里群")
    assert three[4].startswith("收到，您说诉求 E0001 的问题还在。已重新打开，原承办党员 赵老师")
    assert "共 2 位居民反映" in three[4]
    zhao = to(out, "private:赵老师")
    assert any(t.startswith("【重新办理】") and "不满意 E0001 还是坏的" in t for t in zhao)
    assert three[5] == "诉求 E0001 只能由反映问题的居民评价，谢谢关心。"
    assert three[6].startswith("您反映的诉求 E0001（电梯 · 3号楼）已办结：换了控制板")
    assert three[7] == "谢谢您的评价（基本满意）！诉求 E0001 已回访结案。"
    assert len(three) == 8  # 钱阿姨's bare "不满意": silence
    one = to(out, "兰亭1号楼邻里群")
    assert one[1].startswith("收到，您说诉求 E0002 的问题还在。已把您说的记到诉求 E0002")
    assert any("还是不亮" in t and t.startswith("【居民补充】") for t in to(out, "private:郑晓东"))
    wang = to(out, "private:小王")
    assert wang[0].startswith("收到，您说诉求 E0003 的问题还在。")
    assert "已记为新诉求 E0004（与 E0003 是同一处），并告诉了原承办党员 王国强" in wang[0]
    assert any(t.startswith("【又坏了】您办结的诉求 E0003") for t in to(out, "private:王国强"))
    four = to(out, "兰亭4号楼邻里群")
    assert four[-1].startswith("收到，您说诉求 E0005 的问题还在。已重新打开，原承办党员 吴师傅")
    assert "E0006" not in everything(out)


def test_a_member_claims_then_closes_without_codes() -> None:
    """Class 2: "已认领" then "已办结" from a member act on the case just reported (in the
    group) or just told of (privately); "已接单！" then "已办结 疏通了" relay the result; a
    second "已认领" of his own case says it is his; with two waiting or two held he is asked
    which; "搞定！" alone closes his one case, "搞定 今天的菜买好了" and a resident's "已办结"
    close nothing."""
    out = said("convofix11b_claim_then_close.jsonl")
    claimed = [t[8:13] for _, t in out if t.startswith("认领成功：诉求")]
    assert claimed == ["E0001", "E0002", "E0003", "E0004", "E0006", "E0007"]
    three = to(out, "兰亭3号楼邻里群")
    assert "诉求 E0001 已经由您承办了。" in three
    assert any(t.startswith("您反映的诉求 E0001（电梯 · 3号楼）已办结。") for t in three)
    zheng = to(out, "private:郑晓东")
    assert any(t.startswith("认领成功：诉求 E0002") for t in zheng)
    assert any(t.startswith("您反映的诉求 E0002（公共设施 · 1号楼）已办结") for _, t in out)
    assert any("E0003" in t and "已办结：疏通了" in t for t in to(out, "兰亭2号楼邻里群"))
    four = to(out, "兰亭4号楼邻里群")
    assert any(t.startswith("这个群里有几件诉求等待认领") for t in four)
    assert any("E0004" in t and "已办结：搞定" in t for t in four)
    assert not any("E0005" in t and "已办结" in t for t in four)
    assert any(t.startswith("有几件诉求等待认领，要认领请回复「认领 E0006」") for t in zheng)
    assert zheng[-1].startswith("您手上有 2 件在办的诉求，是哪一件要办结")
    assert not any(("E0006" in t or "E0007" in t) and "已办结" in t for _, t in out)


def test_a_me_too_joins_the_case_it_means() -> None:
    """Class 4: "我家也是" minutes after a report joins it; "我家也停水了！", "楼上也没水😭"
    three hours on join the still-open 停水 of the building (no duplicate); a bare "+1" three
    hours after anything was said is silence. "楼上也停水了" after a lift report is a 停水 case
    of its own, which the next "我家也是" joins; "我家水压也小" 40 minutes after a held
    "水压怎么这么小" makes both one case; "我家也是", "+1" with nothing reported open nothing."""
    out = said("convofix11b_metoo_window.jsonl")
    three = to(out, "兰亭3号楼邻里群")
    assert len(three) == 4
    assert all("E0001" in t and "已合并跟进" in t for t in three[1:])
    assert "共 4 位居民反映" in three[3]
    two = to(out, "兰亭2号楼邻里群")
    assert [t[:6] for t in two] == ["已受理您反映", "这个问题已有", "已受理您反映", "这个问题已有"]
    assert "E0002（电梯" in two[1] and "E0003（水电气暖" in two[2] and "E0003" in two[3]
    one = to(out, "兰亭1号楼邻里群")
    assert "E0004" in one[0] and "E0004" in one[1] and "共 2 位" in one[1]
    assert not to(out, "兰亭4号楼邻里群")
    assert "E0005" not in everything(out)
