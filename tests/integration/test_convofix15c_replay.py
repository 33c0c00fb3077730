"""convofix15c: round fifteen's failing conversations, fixed and moved back to their folders.

Each test asserts what the people in the conversation expected (the folder's README.md), read
from the replay output only; an episode test tries other phrasings of the same rule.
"""

from __future__ import annotations

from pathlib import Path

from tests.integration.replay_support import Line, episode, messages_in, private_to
from tests.integration.replay_support import everything_said as everything

run15c = messages_in("convo15c")
run15 = messages_in("convo15")
G3 = "兰亭3号楼邻里群"
ASKED = "您是要给投票 V0001「3号楼楼道粉刷」投「{}」吗？"
NEW_VOTE = (
    "新投票\n标题：3号楼楼道粉刷\n范围：3号楼\n截止：2026-11-30 20:00\n规则：简单多数\n记名：否"
)


def in_group(out: list[Line], group: str) -> list[str]:
    return [str(o["text"]) for o in out if o["group"] == group]


def test_vote_confirm_doubled_yes_counts_and_a_synonym_is_asked_as_the_option() -> None:
    out = run15c("vote_confirm.jsonl")
    zhang = private_to(out, "张阿姨")
    assert zhang[0].startswith(ASKED.format("同意"))
    assert len(zhang) == 2 and zhang[1].startswith("投票成功：V0001")
    zhao = private_to(out, "赵大爷")
    # "赞成👍" is asked about the vote's own option, 「同意」, and "算了 不投了" counts nothing.
    assert zhao[0].startswith(ASKED.format("同意")) and "赞成" not in zhao[0]
    assert len(zhao) == 2 and "投票成功" not in zhao[1] and "先不" in zhao[1]
    assert "您好，我是邻里小助手" not in everything(out)


def test_vote_confirm_other_doubled_answers_and_synonyms(tmp_path: Path) -> None:
    steps: list[dict[str, object]] = [
        {"at": "2026-11-24T09:00:00+08:00"},
        {"private": True, "from": "刘建华", "text": NEW_VOTE},
    ]
    for who, choice, answer in (
        ("张阿姨", "支持！", "好的好的"),
        ("赵大爷", "不赞成", "是的是的 谢谢"),
        ("李叔", "我家同意", "对对对"),
        ("王奶奶", "赞成", "不用不用"),
    ):
        steps += [
            {"advance": "2m"},
            {"private": True, "from": who, "text": choice},
            {"advance": "1m"},
            {"private": True, "from": who, "text": answer},
        ]
    out = episode(tmp_path / "votes.jsonl", steps)
    for who, option, counted in (
        ("张阿姨", "同意", True),
        ("赵大爷", "反对", True),
        ("李叔", "同意", True),
        ("王奶奶", "同意", False),
    ):
        heard = private_to(out, who)
        assert heard[0].startswith(ASKED.format(option)), (who, heard)
        assert len(heard) == 2
        assert heard[1].startswith("投票成功") is counted, (who, heard)


def test_wish_public_consent_with_reassurance_and_a_face() -> None:
    out = run15c("wish_public.jsonl")
    wang = private_to(out, "王奶奶")
    assert any("W0001 已在群里公开" in t for t in wang)
    assert "您好，我是邻里小助手" not in everything(out)
    group = in_group(out, G3)
    posted = [t for t in group if t.startswith("【微心愿】W0001")]
    assert len(posted) == 1 and "王奶奶" not in posted[0]
    assert any("认领成功" in t and "W0001" in t for t in group)
    assert any("W0001 已实现" in t for t in group)


def test_wish_public_other_reassuring_words(tmp_path: Path) -> None:
    for n, answer in enumerate(("公开也行 没关系", "那就公开吧👌 不要紧", "公开无所谓的😊")):
        out = episode(
            tmp_path / f"wish{n}.jsonl",
            [
                {"at": "2026-11-24T10:00:00+08:00"},
                {"group": G3, "from": "王奶奶", "text": "心愿 想请人帮忙把旧报纸搬下楼"},
                {"advance": "2m"},
                {"private": True, "from": "王奶奶", "text": answer},
            ],
        )
        assert any("W0001 已在群里公开" in t for t in private_to(out, "王奶奶")), answer
        assert any(t.startswith("【微心愿】W0001") for t in in_group(out, G3)), answer


def test_helpdesk_cancel_in_plain_words_cancels_and_tells_the_team() -> None:
    out = run15("helpdesk_cancel.jsonl")
    zhang = private_to(out, "张阿姨")
    assert any("H0001" in t and "已取消" in t for t in zhang[2:])
    assert "待接单" not in zhang[-1] and "已取消" in zhang[-1]
    assert any("H0001" in t and "取消" in t for t in private_to(out, "孙志明"))
    assert "想请人帮忙的话" not in everything(out)


def _errand(tmp_path: Path, name: str, steps: list[dict[str, object]]) -> list[Line]:
    head: list[dict[str, object]] = [
        {"at": "2026-11-24T09:00:00+08:00"},
        {"private": True, "from": "张阿姨", "text": "代办 交电费"},
        {"advance": "2m"},
        {"private": True, "from": "张阿姨", "text": "3号楼1单元101 下午在家"},
        {"advance": "30m"},
    ]
    return episode(tmp_path / f"{name}.jsonl", head + steps)


def test_helpdesk_cancel_other_reasons(tmp_path: Path) -> None:
    for n, words in enumerate(("不需要了 我自己交好了", "我女儿回来了 不用了 谢谢🙏")):
        out = _errand(tmp_path, f"c{n}", [{"private": True, "from": "张阿姨", "text": words}])
        assert any("H0001" in t and "已取消" in t for t in private_to(out, "张阿姨")), words


def test_helpdesk_not_cancelled_without_a_reason_or_with_two_open(tmp_path: Path) -> None:
    out = _errand(
        tmp_path,
        "bare",
        [
            {"private": True, "from": "张阿姨", "text": "不用了 谢谢"},
            {"advance": "1m"},
            {"private": True, "from": "张阿姨", "text": "我的帮办"},
        ],
    )
    assert "待接单" in private_to(out, "张阿姨")[-1]
    out = _errand(
        tmp_path,
        "two",
        [
            {"private": True, "from": "张阿姨", "text": "代办 买药"},
            {"advance": "1m"},
            {"private": True, "from": "张阿姨", "text": "3号楼1单元101 明天上午"},
            {"advance": "1m"},
            {"private": True, "from": "张阿姨", "text": "不用了 我儿子回来了 他帮我弄好了"},
            {"advance": "1m"},
            {"private": True, "from": "张阿姨", "text": "我的帮办"},
        ],
    )
    assert "已取消" not in private_to(out, "张阿姨")[-1]  # which one? nothing is guessed


def test_helpdesk_own_errand_asked_in_plain_words() -> None:
    out = run15("helpdesk_utility_words.jsonl")
    last = private_to(out, "张阿姨")[-1]
    assert "H0001" in last and "孙志明" in last
    assert "您好，我是邻里小助手" not in everything(out)


def test_own_errand_question_with_a_case_open_too(tmp_path: Path) -> None:
    out = _errand(
        tmp_path,
        "case",
        [
            {"group": G3, "from": "张阿姨", "text": "3号楼1单元楼道灯坏了 晚上黑乎乎的"},
            {"advance": "1h"},
            {"private": True, "from": "张阿姨", "text": "我那个交电费的事怎么样了"},
        ],
    )
    last = private_to(out, "张阿姨")[-1]
    assert last.startswith("帮办 H0001") and "E0001" not in last


def test_activity_signup_with_a_space_inside_the_word() -> None:
    out = run15("activity_typed_wrong.jsonl")
    g2 = [o for o in out if o["group"] == "兰亭2号楼邻里群"]
    for who in ("小刘", "老周", "孙阿姨"):
        said = [str(o["text"]) for o in g2 if who in (o["mentions"] or [])]
        assert said and said[0].startswith("报名成功：【1】"), who
    liu = [str(o["text"]) for o in g2 if "小刘" in (o["mentions"] or [])]
    assert "取消" in liu[-1] and "您没有报名" not in liu[-1]


def test_helpdesk_not_eligible_then_who_to_go_to() -> None:
    out = run15("helpdesk_not_eligible.jsonl")
    liu = private_to(out, "刘大爷")
    assert len(liu) == 2 and "暂时不能直接申请" in liu[0]
    assert "0358-8200000" in liu[1] and "帮办代办窗口" in liu[1]
    assert "您好，我是邻里小助手" not in everything(out)


def test_where_to_go_other_words_and_not_hours_later(tmp_path: Path) -> None:
    out = episode(
        tmp_path / "refer.jsonl",
        [
            {"at": "2026-11-24T10:00:00+08:00"},
            {"private": True, "from": "刘大爷", "text": "帮办 养老金认证"},
            {"advance": "3m"},
            {"private": True, "from": "刘大爷", "text": "那去哪办呢？"},
            {"advance": "3h"},
            {"private": True, "from": "刘大爷", "text": "打哪个电话"},
        ],
    )
    liu = private_to(out, "刘大爷")
    assert "0358-8200000" in liu[1] and "可以找" in liu[1]
    assert all("可以找" not in t for t in liu[2:])


def test_activity_place_and_time_asked_by_its_title() -> None:
    out = run15("activity_signup_family.jsonl")
    g3 = in_group(out, G3)
    assert sum(t.startswith("报名成功：【1】") for t in g3) == 3
    card = [t for t in g3 if t.startswith("【1】")]
    assert len(card) == 1 and "党群服务站" in card[0] and "9:00" in card[0]
    assert "【1】重阳义诊" in private_to(out, "李婶")[-1]


def test_activity_title_questions_other_words(tmp_path: Path) -> None:
    new = "新活动\n标题：{t}\n类型：{k}\n地点：{p}\n时间：{at}\n名额：20\n积分：5"
    out = episode(
        tmp_path / "acts.jsonl",
        [
            {"at": "2026-11-23T09:00:00+08:00"},
            {
                "private": True,
                "from": "王敏",
                "text": new.format(
                    t="重阳义诊", k="健康保健", p="党群服务站", at="2026-11-28 09:00"
                ),
            },
            {
                "private": True,
                "from": "王敏",
                "text": new.format(t="手机课", k="文娱", p="邻里中心", at="2026-11-29 14:00"),
            },
            {"at": "2026-11-23T10:00:00+08:00"},
            {"group": G3, "from": "赵大爷", "text": "手机课在哪上啊"},
            {"advance": "1m"},
            {"group": G3, "from": "李叔", "text": "义诊什么时候？"},
            {"advance": "1m"},
            {"group": G3, "from": "王奶奶", "text": "电梯什么时候能修好啊"},
        ],
    )
    g3 = [o for o in out if o["group"] == G3 and str(o["at"]) >= "2026-11-23T10:00"]
    texts = [str(o["text"]) for o in g3]
    assert texts[0].startswith("【2】") and "邻里中心" in texts[0]
    assert texts[1].startswith("【1】") and "党群服务站" in texts[1]
    assert not any(t.startswith("【") for t in texts[2:])  # the lift is no activity
