"""convo14b failures fixed by the round-fourteen lead: a resident who says the closed job is not
done ("哪里好了 … 还是按不亮 你们是不是没来啊") is answering the rating question, and the case
reopens to the member who closed it; a 帮办 she says is wrong goes back to its volunteer. See
tests/scenarios/convo14b/README.md."""

from __future__ import annotations

from tests.integration.replay_support import messages_in

said = messages_in("convo14b")


def test_the_close_denied_reopens_the_case_to_its_member() -> None:
    out = said("05_close_not_fixed.jsonl")
    group = [str(m["text"]) for m in out if m["group"] == "兰亭3号楼邻里群"]
    assert any(t.startswith("您是说诉求 E0001 还没解决吧？已按「不满意」重新打开") for t in group)
    member = [str(m["text"]) for m in out if m["to"] == "孙志明"]
    assert any(t.startswith("【重新办理】居民对诉求 E0001") for t in member)
    # his next words are progress on the reopened case, not "已办结，正在等待居民评价"
    assert "有新进展：不好意思王奶奶" in group[-1]
    assert not any("正在等待居民评价" in t for t in group)


def test_a_wrong_errand_goes_back_to_the_volunteer_and_is_credited_once() -> None:
    """ "小孙啊 这个不对 我吃的是缓释片" privately after her 帮办 was done: 不满意, so the request
    goes back to the volunteer with her words and the 书记 hears; his second 办结 books no more
    points."""
    out = said("09_helpdesk_wrong_medicine.jsonl")
    resident = [str(m["text"]) for m in out if m["to"] == "张阿姨"]
    volunteer = [str(m["text"]) for m in out if m["to"] == "孙志明"]
    secretary = [str(m["text"]) for m in out if m["to"] == "刘建华"]
    assert any(t.startswith("抱歉没办好。帮办 H0001 已退回 孙志明 重新办理") for t in resident)
    redo = [t for t in volunteer if t.startswith("【重新办理】居民对帮办 H0001")]
    assert len(redo) == 1 and "硝苯地平缓释片" in redo[0]
    assert any("已退回 孙志明 重新办理" in t for t in secretary)
    assert "谢谢您的评价（满意）！帮办 H0001 已完成。" in resident
    assert volunteer[-1].count("帮办代办 H0001") == 1  # one award for the request
    assert not any("您好，我是邻里小助手" in t for t in resident)


def test_a_points_protest_after_the_publicity_reaches_who_scored_it() -> None:
    """ "积分公示我看了 我怎么比张阿姨少 … 是不是记错了" privately: his rows to him, and the protest
    to 王敏, who scored the row, so she can 补记."""
    out = said("08_publicity_dispute.jsonl")
    staff = [str(m["text"]) for m in out if m["to"] == "王敏"]
    resident = [str(m["text"]) for m in out if m["to"] == "李叔"]
    protest = [t for t in staff if t.startswith("【积分疑问】李叔 对积分有疑问")]
    assert len(protest) == 1 and "是不是记错了" in protest[0]
    assert "#4 11-20 志愿服务 +2" in protest[0]
    assert any("您的话已转告王敏核实" in t for t in resident)
    assert not any("您好，我是邻里小助手" in t for t in resident)
    assert not any("积分疑问" in str(m["text"]) for m in out if m["group"] is not None)


def test_the_secretary_moves_a_suggestion_to_a_topic_in_words() -> None:
    out = said("22_suggestion_to_topic.jsonl")
    resident = [str(m["text"]) for m in out if m["to"] == "张阿姨"]
    secretary = [str(m["text"]) for m in out if m["to"] == "刘建华"]
    assert any(t.startswith("您提的建议 S0001 已作为议题 Y0001") for t in resident)
    assert any(t.startswith("已把说事 S0001 转为议题 Y0001") for t in secretary)
    asked = [str(m["text"]) for m in out if str(m["text"]).startswith("【征求意见】小区议题 Y0001")]
    assert asked and not any("Y0002" in str(m["text"]) for m in out)
