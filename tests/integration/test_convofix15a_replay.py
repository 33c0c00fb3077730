"""convofix15a: convo15 conversations that now go as the resident expected
(tests/scenarios/convo15/README.md, rows marked "fixed in convofix15a")."""

from __future__ import annotations

from pathlib import Path

from tests.integration.replay_support import (
    RECEIPT,
    episode,
    group_lines,
    heard_by,
    messages_in,
    private_to,
)
from tests.integration.replay_support import everything_said as everything

Out = list[dict[str, object]]
run = messages_in("convo15")
L3 = "兰亭3号楼邻里群"


def test_asking_in_the_group_whether_a_topic_was_decided() -> None:
    out = run("topic_decided_ask.jsonl")
    answers = [str(m["text"]) for m in group_lines(out, L3) if "王奶奶" in (m["mentions"] or [])]
    # In the group, where she asked: where Y0001 stands, as 「议题 Y0001」 shows it.
    assert len(answers) == 1
    assert answers[0].startswith("议题 Y0001「楼道杂物清理」") and "当前：议事会" in answers[0]
    # Privately, full-width and short codes get the same status.
    wang = private_to(out, "王奶奶")
    assert len(wang) == 2 and all(t.startswith("议题 Y0001「楼道杂物清理」") for t in wang)
    # No sanitation case, and no party member is told of one.
    assert RECEIPT not in everything(out) and "新诉求" not in everything(out)
    assert not any("E0001" in t for t in heard_by(out, "孙志明"))


VOTE = (
    "新投票\n标题：3号楼加装电梯\n范围：兰亭3号楼\n截止：2026-11-25 20:00\n"
    "选项：同意/不同意\n规则：简单多数\n记名：否"
)


def test_choices_said_in_the_group_get_one_reminder_to_vote_privately() -> None:
    out = run("vote_group_words.jsonl")
    posted = [str(m["text"]) for m in group_lines(out, L3)]
    reminders = [t for t in posted if "不计票" in t]
    # One reminder for the three neighbours, naming the vote and the private way to vote.
    assert len(reminders) == 1
    assert "群里发的不算" in reminders[0] and "私聊" in reminders[0]
    assert "投票 V0001" in reminders[0]
    assert len(posted) == 2  # the vote post and the reminder: nothing else, no case
    assert RECEIPT not in everything(out)


def test_a_later_choice_is_reminded_again_and_agreeing_with_a_neighbour_is_not(
    tmp_path: Path,
) -> None:
    out = episode(
        tmp_path / "variant.jsonl",
        [
            {"at": "2026-11-23T09:00:00+08:00"},
            {"private": True, "from": "王敏", "text": VOTE},
            {"at": "2026-11-23T09:05:00+08:00"},
            {"group": L3, "from": "李叔", "text": "我同意楼上说的"},
            {"advance": "1m"},
            {"group": L3, "from": "张阿姨", "text": "不同意物业涨价"},
            {"advance": "1m"},
            {"group": L3, "from": "赵大爷", "text": "坚决反对！"},
            {"advance": "1m"},
            {"group": L3, "from": "李叔", "text": "我们家也同意"},
            {"at": "2026-11-24T10:00:00+08:00"},
            {"group": L3, "from": "王奶奶", "text": "我家赞成👍"},
        ],
    )
    reminders = [
        (m["at"], str(m["text"])) for m in group_lines(out, L3) if "不计票" in str(m["text"])
    ]
    # 赵大爷's 09:07 choice is told, 李叔's 09:08 is not told twice, 王奶奶's next day is.
    assert [str(at)[:16] for at, _ in reminders] == ["2026-11-23T09:07", "2026-11-24T10:00"]
    assert RECEIPT not in everything(out)


def test_a_non_owner_voting_for_his_grandmother_is_told_she_votes_herself() -> None:
    out = run("vote_non_owner.jsonl")
    wang = private_to(out, "小王")
    assert len(wang) == 2 and "不在投票 V0001 的表决名单里" in wang[0]
    # Not counted, and told how his family's vote does count: the owner herself, privately.
    assert "没有计票" in wang[1] and "投票成功" not in everything(out)
    assert "产权人本人" in wang[1] and "您奶奶" in wang[1] and "投票 V0001" in wang[1]
    assert "心愿" not in wang[1] and "代办" not in wang[1]
    assert "不在投票 V0001 的表决名单里" in private_to(out, "钱阿姨")[0]


def test_an_owner_voting_for_his_own_household_is_counted_a_relative_is_not(
    tmp_path: Path,
) -> None:
    out = episode(
        tmp_path / "variant.jsonl",
        [
            {"at": "2026-11-23T09:00:00+08:00"},
            {"private": True, "from": "王敏", "text": VOTE},
            {"at": "2026-11-23T10:00:00+08:00"},
            {"private": True, "from": "张阿姨", "text": "我替我家投 同意"},
            {"advance": "5m"},
            {"private": True, "from": "李叔", "text": "我帮我妈投个不同意 她眼睛不好"},
            {"advance": "5m"},
            {"group": L3, "from": "赵大爷", "text": "我能替我家老人投票吗"},
        ],
    )
    assert "投票成功" in private_to(out, "张阿姨")[0]
    li = private_to(out, "李叔")
    assert len(li) == 1 and "没有计票" in li[0] and "您妈" in li[0]
    zhao = heard_by(out, "赵大爷")
    assert len(zhao) == 1 and "产权人本人" in zhao[0]


def test_points_asked_in_her_words_get_the_balance_and_the_rules() -> None:
    out = run("points_questions.jsonl")
    zhang = private_to(out, "张阿姨")
    # After the 加分 notice: her balance with the +4 志愿服务 row, not "请发「我的积分」".
    balance, rules, shop = zhang[1], zhang[2], zhang[3]
    assert "14 分" in balance and "志愿服务 +4" in balance
    assert "请发「我的积分」" not in balance
    # "积分是怎么算的啊": how points are earned and taken, not the generic greeting.
    assert rules.startswith("【积分规则】") and "志愿服务" in rules
    assert "积分超市" in shop and len(zhang) == 4
    assert not any("我是邻里小助手" in t for t in zhang)


def test_the_wish_maker_asking_after_her_wish_gets_its_state() -> None:
    out = run("wish_followup.jsonl")
    asked = [
        str(m["text"])
        for m in group_lines(out, L3)
        if "王奶奶" in (m["mentions"] or []) and str(m["at"]).startswith("2026-11-26T10:00")
    ]
    # In the group: W0001, nobody has claimed it yet, the party members reminded.
    assert len(asked) == 1
    assert "W0001" in asked[0] and "待认领" in asked[0] and "提醒本楼党员" in asked[0]
    assert any("【微心愿催问】W0001" in t for t in private_to(out, "孙志明"))
    assert "W0002" not in everything(out) and RECEIPT not in everything(out)
    # The rest of her story still goes as before: claimed, done, confirmed.
    assert "已实现" in private_to(out, "王奶奶")[-1]


def test_a_private_wish_asked_after_in_the_group_is_answered_privately_and_nudged_once(
    tmp_path: Path,
) -> None:
    out = episode(
        tmp_path / "variant.jsonl",
        [
            {"at": "2026-11-24T10:00:00+08:00"},
            {"private": True, "from": "张阿姨", "text": "心愿 想请人帮我换个厨房的灯泡"},
            {"at": "2026-11-26T10:00:00+08:00"},
            {"group": L3, "from": "张阿姨", "text": "我那个换灯泡的心愿咋还没人管呢"},
            {"advance": "2h"},
            {"private": True, "from": "张阿姨", "text": "我许的心愿有人认领了没"},
        ],
    )
    zhang = heard_by(out, "张阿姨")
    assert "已私信告诉您。" in zhang
    shown = [t for t in zhang if t.startswith("微心愿 W0001")]
    assert len(shown) == 2 and all("待认领" in t for t in shown)
    # Nothing of the private wish in the group, and one reminder a day to each member.
    assert not any("灯泡" in str(m["text"]) for m in group_lines(out, L3))
    assert sum("【微心愿催问】" in t for t in private_to(out, "孙志明")) == 1


def test_problems_numbered_aloud_are_one_case_each() -> None:
    out = run("long_multi.jsonl")
    sun = heard_by(out, "孙阿姨")
    receipt, mine = sun[0], sun[1]
    # One receipt listing the three, each in its own category.
    assert "3 个问题" in receipt
    assert "E0001（公共设施" in receipt and "路灯" in receipt
    assert "E0002（环境卫生" in receipt and "垃圾桶" in receipt
    assert "E0003" in receipt and "门禁" in receipt
    assert len(sun) == 2 and all(code in mine for code in ("E0001", "E0002", "E0003"))
    # The preface "说几个事啊" is no case's summary; the 党小组 hears three cases.
    assert not any("说几个事" in t for t in private_to(out, "王国强"))
    assert len(private_to(out, "王国强")) == 3


def test_a_choice_with_an_emergency_after_it_is_still_the_emergency(tmp_path: Path) -> None:
    out = episode(
        tmp_path / "variant.jsonl",
        [
            {"at": "2026-11-23T09:00:00+08:00"},
            {"private": True, "from": "王敏", "text": VOTE},
            {"at": "2026-11-23T09:05:00+08:00"},
            {"group": L3, "from": "赵大爷", "text": "反对！楼道里着火了 冒烟了"},
        ],
    )
    assert RECEIPT in everything(out) and "紧急" in everything(out)
    assert not any("不计票" in str(m["text"]) for m in group_lines(out, L3))
