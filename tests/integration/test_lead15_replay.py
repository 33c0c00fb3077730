"""Small conversation fixes by the round-fifteen lead (tests/scenarios/lead15/)."""

from __future__ import annotations

from tests.integration.replay_support import messages_in

said = messages_in("lead15")


def test_a_resident_asking_for_a_topic_hears_where_her_suggestion_stands() -> None:
    """ "S0001能转成议题吗" from the resident who made it is a question about it, not the 书记's
    转为议题 (which she may not give): she gets S0001's state, not the general greeting."""
    out = said("suggestion_asked.jsonl")
    zhao = [str(m["text"]) for m in out if m["to"] == "赵大爷"]
    assert len(zhao) == 1 and zhao[0].startswith("说事 S0001「停车费涨价的事")
    assert "正在等工作人员回复" in zhao[0]
    zhang = [str(m["text"]) for m in out if m["to"] == "张阿姨"]
    assert zhang == ["说事 S0001 不是您提的，我只能告诉提的人它的进展。"]
    assert not any("转为议题 Y" in str(m["text"]) for m in out)


def test_a_resident_asks_for_her_suggestions_in_words() -> None:
    """ "我提的建议怎么样了" lists her own suggestions with their state, newest first; with none
    yet she is told how to make one; "我的建议是…" is not a question about them."""
    out = said("my_suggestions.jsonl")
    zhao = [str(m["text"]) for m in out if m["to"] == "赵大爷"]
    assert zhao[0].startswith("您还没有提过建议。")
    listed = zhao[1].splitlines()
    assert listed[0] == "您提的建议："
    assert listed[1].startswith("S0002「东门晚上加个保安」已记下")
    assert listed[2].startswith("S0001「停车费涨价的事")
    assert listed[-1] == "有回音会私聊告诉您。"
    zhang = [str(m["text"]) for m in out if m["to"] == "张阿姨"]
    assert not any("您提的建议" in t for t in zhang)
