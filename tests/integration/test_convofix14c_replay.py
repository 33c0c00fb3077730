"""convofix14c: three convo14 conversations where a resident asks about something in words and
now gets the answer she expects (tests/scenarios/convo14/README.md): what her points buy, where
a 议题 she spoke on stands, and the result of a vote she took part in."""

from __future__ import annotations

from pathlib import Path

from tests.integration.replay_support import episode
from tests.integration.test_convo14_replay import Out, run, said


def _variant(tmp_path: Path, steps: list[dict[str, object]]) -> Out:
    return episode(tmp_path / "variant.jsonl", steps)


def test_what_points_buy_is_answered_by_the_shop() -> None:
    out = run("points_shop.jsonl")
    zhang = said(out, "张阿姨")
    asked_shop = [t for t in zhang if "积分超市" in t and "积分：" not in t]
    # "这些积分能换点啥东西不" gets what "积分超市" gets, not the generic introduction.
    assert asked_shop == ["积分超市正在筹备，敬请期待。"] * 2
    assert not any("我是邻里小助手" in t for t in zhang)


def test_other_words_for_the_shop_list_its_goods(tmp_path: Path) -> None:
    out = _variant(
        tmp_path,
        [
            {"at": "2026-11-24T10:00:00+08:00"},
            {"private": True, "from": "王敏", "text": "上架 免费理发 30积分 10份 张记理发店"},
            {"advance": "2m"},
            {"private": True, "from": "张阿姨", "text": "积分怎么用啊"},
            {"advance": "2m"},
            {"group": "兰亭3号楼邻里群", "from": "张阿姨", "text": "攒的积分有啥用"},
            {"advance": "2m"},
            {"group": "兰亭3号楼邻里群", "from": "张阿姨", "text": "积分制度不公平"},
        ],
    )
    zhang = said(out, "张阿姨")
    assert len(zhang) == 2  # the protest about the scheme is talk among neighbours
    assert all(t.startswith("【积分超市】") and "免费理发" in t for t in zhang)


def test_a_vote_result_asked_in_words_gets_the_publicity() -> None:
    out = run("vote_result_ask.jsonl")
    zhang = said(out, "张阿姨")[-1]  # privately, by what the vote was about
    zhao = said(out, "赵大爷")[-1]  # in the group: "最后多少人同意的"
    for answer in (zhang, zhao):
        assert answer.startswith("投票 V0001 已经截止")
        assert "【表决结果预公示】V0001 3号楼楼道粉刷" in answer
        assert "同意2人" in answer and "表决通过" in answer
    assert not any("我是邻里小助手" in t for t in said(out, "张阿姨"))


VOTE = (
    "新投票\n标题：3号楼楼道粉刷\n范围：3号楼\n截止：2026-11-25 20:00\n"
    "选项：同意、不同意\n规则：简单多数\n记名：否"
)


def test_vote_questions_before_and_after_counting(tmp_path: Path) -> None:
    out = _variant(
        tmp_path,
        [
            {"at": "2026-11-23T09:00:00+08:00"},
            {"private": True, "from": "刘建华", "text": VOTE},
            {"advance": "1h"},
            {"private": True, "from": "张阿姨", "text": "投票 V0001 同意"},
            {"advance": "1h"},
            {"private": True, "from": "张阿姨", "text": "粉刷那个投票什么时候出结果"},
            {"at": "2026-11-26T09:00:00+08:00"},
            {"private": True, "from": "张阿姨", "text": "粉刷的事通过了没有"},
            {"advance": "1m"},
            {"group": "兰亭3号楼邻里群", "from": "赵大爷", "text": "楼道粉刷到底过了没"},
            {"advance": "1m"},
            {"group": "兰亭3号楼邻里群", "from": "赵大爷", "text": "体检结果出来了吗"},
            {"advance": "1m"},
            {"private": True, "from": "张阿姨", "text": "投票结果出来了吗 V0001"},
        ],
    )
    zhang = said(out, "张阿姨")
    # While open: where it stands, never the running count.
    assert zhang[1] == (
        "投票 V0001 3号楼楼道粉刷：正在投票，11月25日 20:00 截止，截止后在群里公示结果。"
    )
    # Counted: the 公示, asked by the matter or with the code.
    assert all("【表决结果预公示】" in t and "同意1人" in t for t in zhang[2:])
    assert len(zhang) == 4
    zhao = said(out, "赵大爷")
    assert len(zhao) == 1 and "【表决结果预公示】" in zhao[0]  # the 体检 question is not his


def test_a_topic_asked_about_in_words_gets_where_it_stands() -> None:
    out = run("topic_followup.jsonl")
    li = said(out, "李叔")
    private, group = li[-2], li[-1]
    for answer in (private, group):
        assert answer.startswith("议题 Y0001「电动车不进楼道」")
        assert "当前：征求意见" in answer
    # The group question is not taken down as one more opinion.
    assert not any("意见已记下" in t for t in li[1:])
    assert not any("我是邻里小助手" in t for t in li)


TOPIC = "议题 电动车不进楼道\n级别：楼栋\n楼栋：3\n说明：最近楼道停电动车充电的多，大家商量个办法"


def test_topic_questions_are_no_opinions_and_a_fire_is_still_a_case(tmp_path: Path) -> None:
    group = "兰亭3号楼邻里群"
    out = _variant(
        tmp_path,
        [
            {"at": "2026-11-23T09:00:00+08:00"},
            {"private": True, "from": "赵老师", "text": TOPIC},
            {"advance": "5m"},
            {"private": True, "from": "赵老师", "text": "征求意见 Y0001"},
            {"advance": "2h"},
            {"private": True, "from": "李叔", "text": "意见 Y0001 同意 建议在楼下装充电桩"},
            {"advance": "1d"},
            {"group": group, "from": "张阿姨", "text": "电动车充电的事商量得怎么样了"},
            {"advance": "2m"},
            {"private": True, "from": "张阿姨", "text": "电动车进楼道那个事定了没"},
            {"advance": "2m"},
            {"group": group, "from": "赵大爷", "text": "电动车的建议有下文了吗"},
            {"advance": "2m"},
            {"group": group, "from": "赵大爷", "text": "楼道里电动车着火了 现在怎么样了"},
            {"advance": "2m"},
            {"private": True, "from": "赵老师", "text": "意见汇总 Y0001"},
        ],
    )
    zhang, zhao = said(out, "张阿姨"), said(out, "赵大爷")
    assert len(zhang) == 2 and all(t.startswith("议题 Y0001「电动车不进楼道」") for t in zhang)
    assert zhao[0].startswith("议题 Y0001「电动车不进楼道」")
    assert "【紧急】已受理" in zhao[1] and "E0001" in zhao[1]
    summary = said(out, "赵老师")[-1]
    assert "建议在楼下装充电桩" in summary
    assert "商量得怎么样" not in summary and "有下文" not in summary
