"""说事议事 replay scenarios through `linli replay`: a topic at each level through every stage
(entered or skipped with a reason), 征求意见 in groups and privately, 议事会 reminders on the
virtual clock, 提级, 落实 cases and 评议; bad input answered and changing nothing."""

from __future__ import annotations

import re

from tests.integration.test_replay_cli import SCENARIOS, lines, replay

LANTING = {"兰亭小区业主群", *(f"兰亭{n}号楼邻里群" for n in range(1, 5))}


def where(o: dict[str, object]) -> str:
    return str(o["group"] or f"private:{o['to']}")


def said(out: list[dict[str, object]]) -> list[tuple[str, str]]:
    return [(where(o), str(o["text"])) for o in out]


def stages_entered(out: list[tuple[str, str]], who: str) -> list[str]:
    return [
        m
        for place, text in out
        if place == f"private:{who}"
        for m in re.findall(r"进入「(.+?)」", text)
    ]


def test_a_building_topic_through_every_stage() -> None:
    out = said(lines(replay(SCENARIOS / "topics_building.jsonl")))
    assert out[0] == ("兰亭3号楼邻里群", out[0][1]) and "S0001" in out[0][1]
    assert "已立楼栋级议题 Y0001「电动车不进楼道」，牵头人：赵老师" in out[1][1]
    assert out[2] == ("兰亭3号楼邻里群", "抱歉，这个操作需要党员身份。")  # a resident cannot 推进
    calls = [p for p, t in out if t.startswith("【征求意见】楼栋议题 Y0001")]
    assert calls == ["兰亭3号楼邻里群"]  # the 楼栋's own group only
    summaries = [t for p, t in out if p == "private:赵老师" and "意见汇总：共 2 条，2 人" in t]
    assert len(summaries) == 2  # asked for, and at the end of 征求意见
    assert "张阿姨（3号楼）：同意，楼下空地可以建个车棚" in summaries[0]
    assert summaries[1].startswith("征求意见结束")
    reminders = [(p, t) for p, t in out if t.startswith("温馨提醒：明天有议事会")]
    assert {p for p, _ in reminders} == {"private:赵老师", "private:孙志明"}
    assert all("11月28日 19:30" in t and "党群服务站" in t for _, t in reminders)
    assert any("跳过「备案」：楼栋小事无需社区备案（赵老师）" in t for _, t in out)
    assert any(t.startswith("已为议题 Y0001 派单：诉求 E0001") for _, t in out)
    assert any(p == "兰亭3号楼邻里群" and t.startswith("【评议】议题 Y0001") for p, t in out)
    assert ("兰亭3号楼邻里群", "谢谢您的评议！议题 Y0001：已记下「满意」。") in out
    assert ("private:李叔", "谢谢您的评议！议题 Y0001：已记下「基本满意」。") in out
    assert any("办结（赵老师）" in t for _, t in out)
    assert "已经办结，不再收集意见了" in out[-2][1]  # an opinion on a closed topic
    assert out[-1][1].startswith("议题 Y0001「电动车不进楼道」· 楼栋级 · 当前：已办结")


def test_an_estate_topic_escalated_to_the_community() -> None:
    out = said(lines(replay(SCENARIOS / "topics_estate.jsonl")))
    calls = {p for p, t in out if t.startswith("【征求意见】小区议题 Y0001")}
    assert calls == LANTING  # every residents' group of the 小区, never the 党员群
    final = next(t for p, t in out if t.startswith("征求意见结束"))
    # 李叔 speaks privately; the demo's households file him under 3号楼 (1单元102).
    assert "共 3 条，3 人" in final and "按楼栋：1号楼 1 条、3号楼 2 条" in final
    invited = {p for p, t in out if t.startswith("温馨提醒：明天有议事会")}
    # 三方 at 小区 level: the 支部书记 and the 楼栋党小组长, with 业委会 and 物业 named as guests
    assert invited == {f"private:{n}" for n in ("刘建华", "陈秀英", "王国强", "赵老师", "周海燕")}
    assert any("业委会代表、物业代表" in t for _, t in out)
    told = next(t for p, t in out if p == "private:王敏" and "提级到社区级" in t)
    assert "四方联席" in told and "小区 → 社区" in told
    assert ("private:刘建华", "议题 Y0001 已提级到社区级，由王敏牵头。") in out
    refused = next(t for p, t in out if p == "private:刘建华" and "由牵头人（王敏）推进" in t)
    assert refused  # the 支部书记 no longer moves a 社区 topic
    entered = stages_entered(out, "王敏")
    assert entered == ["表决", "公示", "备案", "落实", "评议"]
    assert ("兰亭3号楼邻里群", "谢谢您的评议！议题 Y0001：已改为「基本满意」。") in out
    assert out[-1] == ("private:王敏", "议题 Y0001：办结（王敏）。议题已办结，谢谢大家！")


def test_a_neighbour_topic_with_skips_and_bad_input() -> None:
    out = said(lines(replay(SCENARIOS / "topics_neighbour.jsonl")))
    assert "现在是「动议」阶段，不在征求意见" in out[1][1]  # before the call: nothing stored
    assert "跳过一个阶段要写明原因" in out[5][1]
    assert out[6][1] == "动议是议题的起点，不能跳过。"
    for stage in ("议事会", "表决", "公示", "备案"):
        assert any(f"跳过「{stage}」：" in t for _, t in out)
    final = next(t for _, t in out if t.startswith("征求意见结束"))
    assert "共 1 条，1 人" in final  # the early opinion was refused, not stored
    # (then what the next 推进 does: issue 11, C40)
    assert any(t.startswith("议题 Y0001：进入「落实」（孙志明）。当前阶段：落实。") for _, t in out)
    assert any("请回复「评议 Y0001 满意」、基本满意或不满意" in t for _, t in out)
    assert out[-5][1] == "议题 Y0001 已经办结，不再收集意见了。谢谢您的关心！"
    assert out[-4][1] == "议题 Y0001 已经办结了。"
    assert out[-3][1] == "没有找到议题 Y0099，请核对编号（例如 Y0001）。"
    assert out[-2] == (
        "兰亭3号楼邻里群",
        "议题由党员、楼栋党小组长、支部书记或社区发起。您有想法请发送「说事 …」。",
    )
    assert out[-1][1].startswith("小区级议题由支部书记及以上发起")


def test_a_community_topic_raised_by_staff() -> None:
    out = said(lines(replay(SCENARIOS / "topics_community.jsonl")))
    assert out[0][1].startswith("已立社区级议题 Y0001「锦绣家园垃圾分类站选址」，牵头人：王敏")
    assert not any(
        p == "锦绣1栋楼栋群" and "请把您的建议" in t for p, t in out
    )  # bare 建议: silent
    calls = {p for p, t in out if t.startswith("【征求意见】社区议题 Y0001")}
    assert calls == {"锦绣家园业主群", "锦绣1栋楼栋群", "锦绣2栋楼栋群", "锦绣3栋楼栋群"}
    assert ("兰亭3号楼邻里群", "议题 Y0001 是别的小区的事，谢谢您的关心！") in out
    invited = {p for p, t in out if t.startswith("温馨提醒：明天有议事会")}
    assert {"private:王敏", "private:黄桂兰"} <= invited  # 四方联席: 社区 and the 支部书记
    assert any("共建单位代表" in t for _, t in out)
    assert stages_entered(out, "王敏") == [
        "议事会",
        "表决",
        "公示",
        "备案",
        "落实",
        "评议",
    ]
    assert any("跳过「表决」：不涉及业主共有部分" in t for _, t in out)
    assert out[-1] == ("private:王敏", "议题 Y0001：办结（王敏）。议题已办结，谢谢大家！")
