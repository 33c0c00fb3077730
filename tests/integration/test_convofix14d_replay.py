"""convofix14d: staff acting on a case in their own words (tests/scenarios/convo14b, files
03, 04, 06, 14, 16, 26, 28). A leader's instruction about a case (改派给我, 结错了 重新打开,
抓紧, 类别不对, 吹哨, a 派单 quoting the 督办) changes the case and reaches the members it is
meant for; a member's words to another member are never relayed to the resident as 进展."""

from __future__ import annotations

from tests.integration.replay_support import Line, messages_in
from tests.integration.replay_support import private_to as to
from tests.integration.test_replay_cli import SCENARIOS

CONFIG = SCENARIOS / "convo14b" / "config.toml"
said = messages_in("convo14b")


def to_resident(out: list[Line], person: str) -> list[str]:
    return [str(m["text"]) for m in out if m["group"] and m["mentions"] == [person]]


def test_leader_takes_a_stalled_case_herself_and_closes_it() -> None:
    out = said("03_claim_then_silent.jsonl")
    assert any("E0001" in t and "已改由您承办" in t for t in to(out, "赵老师"))
    assert not any("没有找到「我」" in t for t in to(out, "赵老师"))
    assert any("E0001 已由 赵老师 接手" in t for t in to(out, "孙志明"))
    li = to_resident(out, "李叔")
    assert any("已安排党员 赵老师 承办" in t for t in li)
    # Her close in the group closes it, and 李叔 is asked to rate; his 满意 is recorded.
    assert any("已办结：灯换好了" in t and "请您评价" in t for t in li)
    assert "满意" in li[-1] and "已回访结案" in li[-1]
    assert not any("已由其他党员承办" in str(m["text"]) for m in out)


def test_member_hands_his_case_to_another_member_by_name() -> None:
    out = said("04_member_hands_over.jsonl")
    assert any(t.startswith("【转交】吴师傅") and "E0001" in t for t in to(out, "周海燕"))
    liu = to_resident(out, "刘大妈")
    assert any("已安排党员 周海燕 承办" in t for t in liu)
    assert not any("我这腿下不去井" in t or "交给你了" in t for t in liu)


def test_secretary_reopens_a_wrong_close_and_the_apology_close_counts() -> None:
    out = said("06_staff_reopens_wrong_close.jsonl")
    assert any("已重新打开诉求 E0002" in t for t in to(out, "刘建华"))
    assert not any("正在等待居民评价" in t for t in to(out, "刘建华"))
    assert any("E0002" in t and "重新打开：垃圾还没清" in t for t in to(out, "孙志明"))
    li = to_resident(out, "李叔")
    assert any("E0002" in t and "已重新办理：垃圾还没清" in t for t in li)
    # "不好意思搞错了 办结 E0001 …" is the 办结, never a stand-down of the emergency.
    zhang = to_resident(out, "张阿姨")
    assert any("E0001" in t and "已办结：水管接头换好了" in t for t in zhang)
    assert not any("已停止催办" in str(m["text"]) for m in out)
    assert "满意" in zhang[-1] and "E0001 已回访结案" in zhang[-1]


def test_secretary_whistles_to_the_named_department() -> None:
    out = said("14_department_baodao.jsonl", "--config", str(CONFIG))
    qian = to_resident(out, "钱大姐")
    # 王国强's finding ("物业管不了 得城管来") is news, not a hand-back to the pool.
    assert any("有新进展：去看了" in t for t in qian)
    assert not any("【重新认领】" in str(m["text"]) for m in out)
    assert any("已转交神堂沟街道城管科处理" in t for t in qian)
    assert not any("吹哨吧" in t for t in qian)
    assert any("已向神堂沟街道城管科吹哨" in t for t in to(out, "刘建华"))
    assert any(t.startswith("【吹哨】刘建华") for t in to(out, "王国强"))
    # Two days later her question shows where the case went.
    assert "已转交神堂沟街道城管科处理" in to(out, "钱大姐")[-1]


def test_secretary_nudge_in_the_group_goes_to_the_member_only() -> None:
    out = said("16_secretary_nudges_in_group.jsonl")
    zhang = to_resident(out, "张阿姨")
    assert not any("抓紧啊" in t for t in zhang)
    assert any(t.startswith("【督办】") and "抓紧啊" in t for t in to(out, "孙志明"))
    assert any(
        "已督促承办党员 孙志明" in str(m["text"]) for m in out if m["mentions"] == ["刘建华"]
    )
    assert any("有新进展：已经约了门禁厂家" in t for t in zhang)


def test_category_fix_in_words_is_no_claim_and_no_progress() -> None:
    out = said("26_category_fix_in_chat.jsonl")
    zhao = to(out, "赵老师")
    # 门禁 is a 公共设施 thing: the case already has it, and she is told how to pick another.
    assert any("类别已经是「公共设施」" in t and "改类别 E0001" in t for t in zhao)
    assert not any("已记在您名下" in t for t in zhao)
    assert not any("类别不对" in t for t in to_resident(out, "王奶奶"))
    assert "状态：已受理" in zhao[-1]


def test_secretary_dispatches_by_quoting_the_escalation() -> None:
    out = said("28_dispatch_by_quote.jsonl")
    assert any("派给 孙志明" in str(m["text"]) for m in out if m["group"] == "兰亭小区党员群")
    assert any(t.startswith("【派单】刘建华") and "E0001" in t for t in to(out, "孙志明"))
    assert any("已安排党员 孙志明 承办" in t for t in to_resident(out, "张阿姨"))
