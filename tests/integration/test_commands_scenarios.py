"""Commands as people type them, replayed through `linli replay` (issue 11, issue 12 items 9/24)."""

from __future__ import annotations

from tests.integration.test_replay_cli import SCENARIOS, lines, replay

Line = dict[str, object]


def said(out: list[Line], place: str) -> list[str]:
    return [str(o["text"]) for o in out if (o["group"] or f"private:{o['to']}") == place]


def test_case_phrasings_scope_and_malformed_code() -> None:
    out = lines(replay(SCENARIOS / "commands_phrasing_cases.jsonl"))
    home = said(out, "兰亭3号楼邻里群")
    assert any(t.startswith("认领成功：诉求 E0001") for t in home)  # "这个我来" quoting the case
    [status] = said(out, "兰亭1号楼邻里群")  # "请问E0001到哪一步了？"
    assert "状态：已响应" in status and "3号楼2单元" in status
    assert "502" not in status and "13812345678" not in status
    [refused] = said(out, "锦绣1栋楼栋群")  # another 小区: nothing about the case
    assert refused.startswith("查不到诉求 E0001") and "水" not in refused
    [relay] = [t for t in home if "已办结" in t]
    assert "已办结：已疏通" in relay
    question, thanks, malformed = home[-3:]
    assert question.startswith("请问您对诉求 E0001 的处理是否满意")
    assert "谢谢您的评价（满意）" in thanks
    assert "E12345678901234567890" in malformed and "没有找到" not in malformed


def test_wish_and_activity_phrasings() -> None:
    out = lines(replay(SCENARIOS / "commands_phrasing_wishes.jsonl"))
    home = said(out, "兰亭3号楼邻里群")
    assert any(t.startswith("【微心愿】W0001") for t in home)  # "同意公开" privately
    assert any("已在群里公开" in t for t in said(out, "private:张阿姨"))
    assert any(t.startswith("认领成功：微心愿 W0001") for t in home)  # trailing words
    assert any("微心愿 W0001 已实现" in t for t in home)  # "已实现W0001，太感谢了"
    family, also, cancelled = home[-3:]
    assert "报名成功" in family and "每人占一个名额" in family
    assert "报名成功" in also and "每人占一个名额" not in also  # "我也报名1"
    assert cancelled.startswith("已为您取消报名活动【1】")  # "取消1号报名"
