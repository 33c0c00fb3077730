"""Conversations a blind tester replayed (convofix6), each rule as a `linli replay` scenario.

R1: follow-ups from the reporter about her open case ("修了没", "什么时候来修", "就是刚才说的
那个", the same fault reported again the next day) attach to that case and answer its status;
none opens a second case.
"""

from __future__ import annotations

import re

from tests.integration.test_replay_cli import SCENARIOS, lines, replay

Line = dict[str, object]


def run(name: str) -> list[Line]:
    result = replay(SCENARIOS / name)
    assert result.returncode == 0, result.stderr
    return lines(result)


def codes_opened(out: list[Line]) -> set[str]:
    found = (re.search(r"编号 (E\d+)", str(o["text"])) for o in out if "已受理" in str(o["text"]))
    return {m[1] for m in found if m}


def to(out: list[Line], name: str) -> list[str]:
    return [str(o["text"]) for o in out if o["to"] == name or name in list(o["mentions"] or [])]  # type: ignore[call-overload]


def test_follow_ups_attach_to_her_open_case() -> None:
    out = run("followups_same_case.jsonl")
    assert codes_opened(out) == {"E0001"}  # one lamp, one case, whatever she said after
    heard = to(out, "周大姐")
    # 修了没 (private), 什么时候来修啊, 修好了吗？: the case's status each time
    assert sum("诉求 E0001 · 公共设施" in t and "状态：" in t for t in heard) >= 3
    assert sum("已把您的补充记到诉求 E0001" in t for t in heard) == 2  # 刚才说的那个; 坏了好几天
    assert any(t.startswith("已帮您催") and "E0001" in t for t in heard)  # 都没人修
    # A neighbour with no case of his own asking "修了没", her question about something
    # else, emoji and an empty line: no answer, no case.
    assert not to(out, "刘大爷")
    assert not any("业主大会" in t for t in heard)
    assert len(heard) == 7  # the receipt and the six answers above


def test_one_fire_many_voices_one_alarm_and_stand_downs() -> None:
    """R2: four neighbours (one privately) report one fire in one building within a minute:
    one urgent case, one alarm. A reporter's "没事了" stands it down for everyone alerted; a
    member's "误报，已经处理了" under a neighbour's alarm does too; a bystander's words are
    passed on but do not silence the alarm."""
    out = run("emergency_many_voices.jsonl")
    assert codes_opened(out) == {"E0001", "E0002"}
    alarms = [o for o in out if str(o["text"]).startswith("【紧急诉求】")]
    assert {re.search(r"E\d+", str(o["text"]))[0] for o in alarms} == {"E0001", "E0002"}  # type: ignore[index]
    assert len([o for o in alarms if "E0001" in str(o["text"])]) == 4  # 组长, 组员, 书记, 党员群
    assert any("共 4 位居民反映" in t for t in to(out, "王奶奶"))
    stood = [o for o in out if "【居民撤回】" in str(o["text"]) and "E0001" in str(o["text"])]
    assert {o["to"] or o["group"] for o in stood} >= {"赵老师", "刘建华", "兰亭小区党员群"}
    assert any("不再催办" in t for t in to(out, "小王"))
    assert any("如果您就是反映人" in t for t in to(out, "路人甲"))
    member = [o for o in out if "【解除紧急】" in str(o["text"])]
    assert {o["to"] or o["group"] for o in member} >= {"周海燕", "刘建华", "兰亭小区党员群"}
    assert any("已解除紧急、停止催办" in t for t in to(out, "吴师傅"))
    # Stood down: neither the urgent ladder nor the ordinary one climbs for them any more.
    chased = [o for o in out if "督办" in str(o["text"])]
    assert not [o for o in chased if "E0001" in str(o["text"])]
    assert all(str(o["at"]) < "2026-11-23T20:52" for o in chased if "E0002" in str(o["text"]))


def test_a_report_taken_back_stops_the_clock_until_the_problem_is_back() -> None:
    """R11: "撤回吧" / "搞错了" stop the 2341 ladder (no 督办 up to 街道 for a problem nobody
    has); "又坏了" afterwards starts it again."""
    out = run("cases_withdrawn_clock.jsonl")
    chased = [o for o in out if "督办" in str(o["text"])]
    assert not [o for o in chased if "E0001" in str(o["text"])]
    assert any("不再催办" in t for t in to(out, "张阿姨"))
    e2 = [str(o["at"])[11:16] for o in chased if "E0002" in str(o["text"])]
    assert e2 and min(e2) >= "13:25"  # only after "电梯又坏了" at 13:05


def test_party_members_natural_replies() -> None:
    """R3: "收到我马上去" privately under the bot's alert claims it; "已经修好了" from the
    member holding one case closes it; with two he is asked which (never silence); "我去不了，
    退回" in the 党员群 and a bare "退回" give back the one case held."""
    out = run("members_natural_replies.jsonl")
    residents = {o["text"] for o in out if o["group"] == "兰亭1号楼邻里群"}
    assert any("E0001" in str(t) and "已由党员 郑晓东 认领" in str(t) for t in residents)
    assert any("E0001" in str(t) and "已办结：已经修好了" in str(t) for t in residents)
    sun = to(out, "孙志明")
    assert sum("您手上有 2 件在办的诉求" in t for t in sun) >= 2  # 弄好了 (group), 我去不了
    assert any("「退回 E0002」或「退回 E0003」" in t for t in sun)
    handed = [
        o for o in out if o["group"] == "兰亭4号楼邻里群" and "重新安排党员承办" in str(o["text"])
    ]
    assert len(handed) == 1
    wu = to(out, "吴师傅")
    assert any("没有找到诉求 E9999" in t for t in wu)
    assert not any("🙏" in t for t in wu)


def test_progress_questions_in_everyday_words() -> None:
    """R4: the reporter's "我那个事怎么样了", "修了没", "现在什么情况了", "有结果了吗", "啥情况",
    in the group or privately, get her case's status (a chase when she asks if anyone will come);
    a neighbour with no case, the weather and emoji get nothing."""
    out = run("status_everyday_words.jsonl")
    assert codes_opened(out) == {"E0001"}
    heard = to(out, "钱大妈")
    answered = [t for t in heard if ("E0001" in t and "状态：" in t) or "您反映过的诉求" in t]
    assert len(answered) == 12  # every question of hers, none left unanswered
    assert not any("您好，我是邻里小助手" in t for t in heard)
    assert not to(out, "赵大爷")


def test_a_numbered_list_is_one_case_per_item() -> None:
    """R6: "1.电梯坏了 2.楼道灯不亮 3.垃圾没清" is three things to follow up, each with its own
    handlers: one case each, one receipt naming all three. Said again privately, the items join
    his open cases. Numbers that are not a list (times, prices) open nothing."""
    out = run("cases_numbered_list.jsonl")
    receipts = [str(o["text"]) for o in out if "已受理您反映的 3 个问题" in str(o["text"])]
    assert len(receipts) == 3
    assert all(("电梯" in t and "公共设施" in t and "环境卫生" in t) for t in receipts)
    assert "您已反映过，正在跟进" in receipts[2]
    assert set(re.findall(r"E\d{4}", "".join(receipts))) == {f"E000{n}" for n in range(1, 7)}
    assert not any("E0007" in str(o["text"]) for o in out)
    assert not to(out, "钱大妈")


def test_private_chat_does_not_loop() -> None:
    """R10: an answer the bot cannot read gets the question once more, then a way out, then
    quiet; never the same question four times. The place said at last still registers what
    she said first, with what she added."""
    out = run("private_no_loops.jsonl")
    for name in ("新住户", "王奶奶"):
        heard = to(out, name)
        assert max(heard.count(t) for t in heard) <= 2
        assert sum("就不再反复问您了" in t for t in heard) == 1
    done = [t for t in to(out, "新住户") if "已受理" in t]
    assert len(done) == 1
    assert to(out, "新住户")[-1].startswith("您好")  # understood again: the count restarted


def test_leaders_short_answers_and_dispatch_in_words() -> None:
    """R9: the 组长 answers the 【待确认】 list with "1是 2不是" and "1 3 是" (an item already
    answered says so); she dispatches in her words within her building ("让孙志明去处理E0003");
    another building's case is the 书记's; a member or a resident saying the same dispatches
    nothing."""
    out = run("leaders_short_answers.jsonl")
    zhao = to(out, "赵老师")
    assert any("已把 Q0001 转为诉求 E0001" in t for t in zhao)
    assert any("Q0002 已标为「不是诉求」" in t for t in zhao)
    assert any("Q0001 已由 赵老师 转为诉求 E0001，不用再处理" in t for t in zhao)
    assert any("已把 Q0003 转为诉求 E0002" in t for t in zhao)
    assert any("已把诉求 E0003（电梯 · 3号楼）派给 孙志明" in t for t in zhao)
    assert any("诉求 E0004 不在此列" in t and "需要支部书记身份" in t for t in zhao)
    assert any("需要楼栋党小组长身份" in t for t in to(out, "孙志明"))
    assert not any(
        "派给" in str(o["text"]) for o in out if "E0003 孙志明你去看看" in str(o["text"])
    )
    assert not any("派给 吴师傅" in str(o["text"]) for o in out)


def test_a_place_in_the_words_beats_where_it_was_said() -> None:
    """R8: "心愿 1号楼2单元门口的王奶奶…" said in the 3号楼 group is 1号楼's: its 党小组 hears
    of it, not the 3号楼 one; a wish naming no place stays with the group's building."""
    out = run("place_in_the_words.jsonl")
    first = {str(o["to"]) for o in out if "【新微心愿】W0001" in str(o["text"])}
    second = {str(o["to"]) for o in out if "【新微心愿】W0002" in str(o["text"])}
    assert first == {"陈秀英", "郑晓东"}  # 1号楼's 组长 and member
    assert second == {"赵老师", "孙志明"}
