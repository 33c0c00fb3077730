"""convofix14e: staff asking how, notices and schedules (convo14b files fixed here).

Each test replays a file moved from tests/scenarios/convo14b_failing/ to convo14b/ and asserts
what the worker in it expects (see convo14b/README.md).
"""

from __future__ import annotations

from pathlib import Path

from tests.integration.replay_support import episode, messages_in
from tests.integration.replay_support import private_to as to

said = messages_in("convo14b")


def test_a_notice_to_two_buildings_reaches_both_and_a_missing_one_is_named() -> None:
    out = said("10_broadcast_typo_buildings.jsonl")
    wangmin = to(out, "王敏")
    # 兰亭 has no 5号楼: said so, nothing previewed for 3号楼 alone.
    assert "5号楼" in wangmin[0] and "1、2、3、4号楼" in wangmin[0]
    assert "预览" not in wangmin[0]
    assert "兰亭3号楼邻里群、兰亭4号楼邻里群" in wangmin[1] and "共 2 个群" in wangmin[1]
    sent = [m for m in out if m["group"]]
    assert {m["group"] for m in sent} == {"兰亭3号楼邻里群", "兰亭4号楼邻里群"}
    # The building names are the audience, never the notice's first words.
    for m in sent:
        assert (
            str(m["text"])
            == "【幸福里社区通知】\n今晚8点到10点电力检修停电 电梯停运 请大家提前安排"
        )


def test_a_notice_scheduled_in_words_leaves_at_that_time() -> None:
    out = said("20_scheduled_notice_natural_time.jsonl")
    wangmin = to(out, "王敏")
    assert "定时发送：12月2日 07:00" in wangmin[0]
    assert "12月2日 07:00" in wangmin[1] and "撤回通知 B0001" in wangmin[1]
    sent = [m for m in out if m["group"]]
    assert [m["group"] for m in sent] == ["兰亭3号楼邻里群"]
    assert str(sent[0]["at"]) >= "2026-12-02T07:00" and str(sent[0]["at"]) < "2026-12-02T07:05"
    assert "消防检查" in str(sent[0]["text"]) and "明天早上" not in str(sent[0]["text"])


def test_a_new_gridworker_asking_how_to_notify_a_building_is_shown_the_building_form() -> None:
    out = said("01_new_gridworker_notice.jsonl")
    wangmin = to(out, "王敏")
    assert "「通知 3号楼 内容」" in wangmin[0]
    # Her building question gets its own answer, not the greeting again.
    assert wangmin[1] != wangmin[0] and "「通知 3号楼 内容」" in wangmin[1]
    assert "兰亭3号楼邻里群" in wangmin[2] and "共 1 个群" in wangmin[2]
    assert {m["group"] for m in out if m["group"]} == {"兰亭3号楼邻里群"}
    assert "已发 1" in wangmin[-1]


def test_a_leader_asking_how_to_dispatch_is_told_the_command_with_the_case() -> None:
    out = said("15_leader_howto_dispatch.jsonl")
    zhou = to(out, "周海燕")
    howto = next(t for t in zhou if "派单" in t and "派给 吴师傅" not in t and "【" not in t)
    assert "「派单 E0001 @吴师傅」" in howto and "没看明白" not in howto
    assert any("派给 吴师傅" in t for t in zhou)
    assert any("【派单】" in t for t in to(out, "吴师傅"))
    assert any("吴师傅 承办" in str(m["text"]) for m in out if m["group"] == "兰亭4号楼邻里群")


def test_the_secretary_asking_how_the_week_went_gets_the_figures() -> None:
    out = said("11_weekly_summary.jsonl")
    asked = [t for t in to(out, "刘建华") if "新诉求" in t]
    assert len(asked) == 3  # each of the three questions answered, none with the fallback
    week, count, month = asked
    assert week.startswith("兰亭小区 本周（11月30日—12月4日）")
    assert "新诉求 3 件，已办结 1 件，在办 2 件" in week and "满意率 100%" in week
    assert "E0002" in week and "E0003" in week and "待认领" in week
    assert count == week
    assert month.startswith("兰亭小区 本月（12月1日—12月4日）") and "办结率 0%" in month
    assert not any("没看明白" in t or "楼栋群里直接说" in t for t in to(out, "刘建华"))


def test_saying_points_went_to_the_wrong_person_points_to_the_record_to_correct() -> None:
    out = said("07b_points_said_wrong_person.jsonl")
    wangmin = to(out, "王敏")
    assert "（#2）" in wangmin[0]
    assert "「更正 #2 记错了人」" in wangmin[1] and "「加分 @王奶奶 志愿服务" in wangmin[1]
    assert "常用：" not in wangmin[1]
    # Nothing reversed on a guess: 王阿姨 only has the award notice.
    assert not any("更正" in t for t in to(out, "王阿姨"))


def test_a_leader_going_away_is_registered_and_the_secretary_stands_in_until_she_is_back() -> None:
    out = said("24_leader_away.jsonl")
    liu = to(out, "刘建华")
    assert liu[0].startswith("【外出登记】4号楼楼栋党小组长 周海燕 12月1日—12月5日 外出")
    assert "12月1号到5号" in liu[0] and "由您代管4号楼" in liu[0]
    zhou = to(out, "周海燕")
    assert zhou[0].startswith(
        "已登记您 12月1日—12月5日 外出。这期间4号楼的新诉求通知和督办改发给刘建华书记；"
        "提前回来请发「销假」。"
    )
    # While she is away the 4号楼 case's notice and 督办 reach those present, never her.
    e1 = [m for m in out if "E0001" in str(m["text"])]
    assert not any(m["to"] == "周海燕" for m in e1)
    assert any(m["to"] == "吴师傅" and "本楼栋有新诉求 E0001" in str(m["text"]) for m in e1)
    stand_in = next(t for t in liu if t.startswith("【代管】"))
    assert "4号楼党小组长周海燕外出至12月5日" in stand_in and "E0001" in stand_in
    chased = next(t for t in liu if t.startswith("【督办】") and "E0001" in t)
    assert "无人响应" in chased and "已升级至小区党支部书记：刘建华" in chased
    # 「我回来了」 ends it: the next 4号楼 case reaches her again, notice and 督办.
    assert any(t.startswith("已销假") for t in zhou)
    assert any(t.startswith("【销假】4号楼楼栋党小组长 周海燕 已回小区") for t in liu)
    e2 = [str(m["text"]) for m in out if m["to"] == "周海燕" and "E0002" in str(m["text"])]
    assert any(t.startswith("本楼栋有新诉求 E0002") for t in e2)
    assert any("【督办】" in t and "已升级至楼栋党小组长：周海燕" in t for t in e2)
    assert not any("【代管】" in t and "E0002" in t for t in liu)


def test_an_absence_without_dates_is_passed_on_and_she_is_asked_for_them(tmp_path: Path) -> None:
    steps: list[dict[str, object]] = [
        {"at": "2026-11-30T20:00:00+08:00"},
        {"private": True, "from": "周海燕", "text": "刘书记 我这几天回老家 楼里的事麻烦您帮看着"},
        {"at": "2026-12-01T09:00:00+08:00"},
        {"group": "兰亭4号楼邻里群", "from": "刘大妈", "text": "4号楼1单元的楼道扶手松了 一扶就晃"},
        {"advance": "5m"},
    ]
    out = episode(tmp_path / "away_no_dates.jsonl", steps)
    zhou = to(out, "周海燕")
    assert zhou[0].startswith("好的，已转告刘建华书记。请告诉我具体日期，例如「12月1日到5日外出」")
    assert to(out, "刘建华")[0].startswith("【外出】4号楼楼栋党小组长 周海燕 私聊说")
    # Nothing recorded: the notice still reaches her, and no 代管 goes to the 书记.
    assert any("本楼栋有新诉求 E0001" in t for t in zhou)
    assert not any(t.startswith("【代管】") for t in to(out, "刘建华"))
