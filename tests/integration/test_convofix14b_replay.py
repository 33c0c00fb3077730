"""convofix14b: round fourteen's failing conversation-flow episodes, now in convo14/

Each test asserts what the people in the episode expect, read from the replay output only.
"""

from __future__ import annotations

from pathlib import Path

from tests.integration.replay_support import episode as _episode
from tests.integration.test_convo14_replay import Out, everything, run, said


def episode(tmp_path: Path, steps: list[dict[str, str]]) -> Out:
    return _episode(tmp_path / "episode.jsonl", steps)


def test_every_first_ask_how_to_use_the_bot_gets_the_help() -> None:
    out = run("help_first_ask.jsonl")
    for name in ("王奶奶", "张大妈", "李婶", "老胡", "钱阿姨", "小美"):
        heard = said(out, name)
        assert len(heard) == 1, name
        assert "私聊我「帮助」" in heard[0] and "进度" in heard[0], name
    # A help request is not a wish: no party member is alerted.
    assert "微心愿" not in everything(out).replace("· 微心愿「心愿", "")
    assert "W0001" not in everything(out)


def test_reporter_corrects_the_category() -> None:
    out = run("correct_category.jsonl")
    liu = said(out, "刘大爷")
    assert "E0001（电梯" in liu[0]
    assert "E0001" in liu[1] and "公共设施" in liu[1] and "门禁" in liu[1]
    assert "诉求 E0001 · 公共设施" in liu[2]
    assert "E0002" not in everything(out)
    # The member told of an 电梯 case learns it is about the door.
    assert any("【类别更正】" in t and "公共设施" in t for t in said(out, "王国强"))


def test_another_category_correction_right_thing_first(tmp_path: Path) -> None:
    group = "兰亭1号楼邻里群"
    out = episode(
        tmp_path,
        [
            {"at": "2026-11-24T20:00:00+08:00"},
            {"group": group, "from": "张大妈", "text": "1号楼2单元电梯门口那个门关不上"},
            {"advance": "3m"},
            {"group": group, "from": "张大妈", "text": "说错了 是单元门 不是电梯"},
            {"advance": "1m"},
            {"group": group, "from": "张大妈", "text": "进度 E0001"},
        ],
    )
    zhang = said(out, "张大妈")
    assert "E0001（电梯" in zhang[0]
    assert "诉求 E0001 · 公共设施" in zhang[-1]
    assert "E0002" not in everything(out)


def test_two_reporters_interleaved_each_follow_up_joins_her_own_case() -> None:
    out = run("interleaved.jsonl")
    liu, zhang = said(out, "小刘"), said(out, "张大妈")
    assert "E0001（电梯 · 1号楼2单元）" in liu[0] and "E0002（水电气暖 · 1号楼1单元）" in zhang[0]
    assert "补充" in liu[1] and "E0001" in liu[1]
    assert "补充" in zhang[1] and "E0002" in zhang[1]
    assert "E0003" not in everything(out)
    assert "我走楼梯下来的" in liu[2] and "电梯那个有人管吗" in liu[2]
    assert "物业电话也打不通" in zhang[2]


def test_follow_up_lines_other_phrasings(tmp_path: Path) -> None:
    group = "兰亭2号楼邻里群"
    out = episode(
        tmp_path,
        [
            {"at": "2026-11-24T19:00:00+08:00"},
            {"group": group, "from": "李婶", "text": "2号楼3单元楼道灯坏了 一直不亮"},
            {"group": group, "from": "刘大爷", "text": "2号楼1单元门口的下水道堵了"},
            {"advance": "2m"},
            {"group": group, "from": "李婶", "text": "黑乎乎的 老人晚上下楼只能摸着走"},
            {"group": group, "from": "刘大爷", "text": "一股臭味 找物业也找不到人"},
            {"group": group, "from": "李婶", "text": "好的 谢谢"},
            {"advance": "2m"},
            {"group": group, "from": "刘大爷", "text": "3单元门口的垃圾桶也满了 好几天没人收"},
        ],
    )
    li, liu = said(out, "李婶"), said(out, "刘大爷")
    assert "E0001" in li[0] and "补充" in li[1] and "E0001" in li[1]
    assert "E0002" in liu[0] and "补充" in liu[1] and "E0002" in liu[1]
    assert len(li) == 2  # "好的 谢谢" is no 补充
    # Another thing named is another problem: its own case.
    assert "E0003" in liu[2] and "环境卫生" in liu[2]


def test_a_neighbour_asks_after_someone_elses_case_by_her_name() -> None:
    out = run("others_case.jsonl")
    zhao = said(out, "赵大爷")
    assert len(zhao) == 2
    for answer in zhao:
        assert "诉求 E0001 · 电梯 · 3号楼1单元" in answer and "孙志明" in answer
    assert "E0002" not in everything(out) and "W0001" not in everything(out)


def test_neighbours_ask_after_reports_in_other_words(tmp_path: Path) -> None:
    group = "兰亭3号楼邻里群"
    out = episode(
        tmp_path,
        [
            {"at": "2026-11-28T09:00:00+08:00"},
            {"group": group, "from": "张阿姨", "text": "3号楼1单元电梯坏了 一直停在8楼"},
            {"advance": "10m"},
            {"group": group, "from": "李婶", "text": "3号楼2单元门口的下水道堵了 一股臭味"},
            {"advance": "2h"},
            {"group": group, "from": "赵大爷", "text": "张阿姨说的那个事怎么样了"},
            {"advance": "5m"},
            {"group": group, "from": "王奶奶", "text": "李婶反映的下水道处理了吗"},
            {"advance": "5m"},
            {"group": group, "from": "老胡", "text": "电梯啥时候能修好啊 我家老人等着下楼"},
            {"advance": "5m"},
            {"group": group, "from": "小王", "text": "今天天气怎么样"},
            {"group": group, "from": "小王", "text": "李婶说的那家饭店怎么样"},
        ],
    )
    assert "诉求 E0001 · 电梯" in said(out, "赵大爷")[0]
    assert "诉求 E0002" in said(out, "王奶奶")[0]
    assert "诉求 E0001 · 电梯" in said(out, "老胡")[0]
    assert said(out, "小王") == []
    assert "E0003" not in everything(out)


def test_leak_reported_for_an_absent_neighbour_and_his_words_join_it() -> None:
    out = run("neighbour_away.jsonl")
    qian, zhou = said(out, "钱阿姨"), said(out, "老周")
    assert len(qian) == 1 and "E0001" in qian[0] and "已受理" in qian[0]
    # His thanks is no new case, his request no wish: both go on E0001 to those who act.
    assert "E0002" not in everything(out) and "W0001" not in everything(out)
    assert "E0001" in zhou[0] and "钱阿姨" in zhou[0]
    assert "E0001" in zhou[1] and "请求" in zhou[1]
    lin = said(out, "林文斌")
    assert any("总闸在楼道管井里" in t for t in lin)
    assert any("【居民请求】" in t and "帮我把总闸关一下" in t for t in lin)


def test_owner_away_other_words_and_a_real_wish_stays_a_wish(tmp_path: Path) -> None:
    group = "锦绣2栋楼栋群"
    out = episode(
        tmp_path,
        [
            {"at": "2026-11-26T19:00:00+08:00"},
            {
                "group": group,
                "from": "小美",
                "text": "对门502那家出差了 门缝里一直往外渗水 楼道都湿了",
            },
            {"advance": "2h"},
            {
                "group": group,
                "from": "阿强",
                "text": "我家就是502 我在外地出差 麻烦大家了 明天一早回去",
            },
            {"advance": "5m"},
            {"group": group, "from": "阿强", "text": "谁能帮我把水阀关一下 谢谢"},
            {"advance": "5m"},
            {
                "group": group,
                "from": "钱阿姨",
                "text": "想请人帮忙把我家阳台的花盆搬下楼 我腿脚不好 搬不动",
            },
        ],
    )
    assert "E0001" in said(out, "小美")[0]
    qiang = said(out, "阿强")
    assert len(qiang) == 2 and all("E0001" in t for t in qiang)
    assert "E0002" not in everything(out)
    # Someone with no case just spoken about still has her wish.
    assert "W0001" in said(out, "钱阿姨")[0]
