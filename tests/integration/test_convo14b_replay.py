"""Round fourteen blind conversations, staff and party members' side (tests/scenarios/convo14b).

Each test replays one episode written before the bot was run and asserts what the people in it
expect (see the folder's README for the table of expectations).
"""

from __future__ import annotations

from tests.integration.replay_support import group_lines as in_group
from tests.integration.replay_support import messages_in
from tests.integration.replay_support import private_to as to
from tests.integration.test_replay_cli import SCENARIOS

CONFIG = SCENARIOS / "convo14b" / "config.toml"
said = messages_in("convo14b")


def test_secretary_topic_opinions_then_vote_and_result() -> None:
    out = said("02_secretary_topic_to_vote.jsonl")
    liu = to(out, "刘建华")
    assert any("已立楼栋级议题 Y0001" in t for t in liu)
    # The 楼栋-level topic goes to that building's group only, never to the party group.
    consult = [m for m in out if m["group"] and "【征求意见】" in str(m["text"])]
    assert {m["group"] for m in consult} == {"兰亭3号楼邻里群"}
    for person in ("张阿姨", "李叔", "王奶奶"):
        assert any("Y0001 的意见已记下" in t for t in to(out, person)), person
    summary = next(t for t in liu if "意见汇总：" in t)
    assert "共 3 条" in summary and "不同意" in summary
    assert any("跳过「议事会」" in t and "意见比较集中" in t for t in liu)
    assert any("进入「表决」" in t for t in liu)
    announce = [m for m in out if "【投票表决】V0001" in str(m["text"])]
    assert [m["group"] for m in announce] == ["兰亭3号楼邻里群"]
    confirmations = [m for m in out if m["to"] and str(m["text"]).startswith("投票成功：V0001")]
    assert {m["to"] for m in confirmations} == {"张阿姨", "李叔", "王奶奶", "赵大爷", "孙志明"}
    # Secret ballot: the confirmation never echoes the choice.
    assert all("同意" not in str(m["text"]) for m in confirmations)
    result = next(m for m in out if "【表决结果预公示】V0001" in str(m["text"]))
    assert result["group"] == "兰亭3号楼邻里群"
    assert str(result["at"]).startswith("2026-12-05T20:05")
    assert "参与表决5人" in str(result["text"]) and "表决通过" in str(result["text"])
    # asked by code after the 公示, the answer carries the posted result (convofix14c)
    assert "结果已在群里公示" in liu[-1] or "群里公示的结果是" in liu[-1]


def test_points_given_to_the_wrong_resident_are_reversed() -> None:
    out = said("07_points_wrong_person.jsonl")
    wangmin = to(out, "王敏")
    assert "王阿姨" in wangmin[0] and "（#2）" in wangmin[0]
    assert any("冲正记录 #3" in t for t in wangmin)
    wrong = to(out, "王阿姨")
    assert any("【积分更正】" in t and "#2" in t for t in wrong)
    assert wrong[-1].startswith("您的积分：10 分")
    right = to(out, "王奶奶")
    assert right[-1].startswith("您的积分：14 分") and "志愿服务 +4" in right[-1]


def test_two_members_with_the_same_name_in_two_estates() -> None:
    out = said("12_same_name_two_estates.jsonl", "--config", str(CONFIG))
    assert any("E0001" in t and "派给 李红" in t for t in to(out, "黄桂兰"))
    assert any("E0002" in t and "派给 李红" in t for t in to(out, "刘建华"))
    lihong = to(out, "李红")
    assert any(t.startswith("【派单】黄桂兰") and "E0001" in t for t in lihong)
    assert any(t.startswith("【派单】刘建华") and "E0002" in t for t in lihong)
    # Each 李红's progress lands on her own estate's case and reaches its resident.
    jinxiu = in_group(out, "锦绣2栋楼栋群")
    assert any(
        "我下午叫物业带梯子来" in str(m["text"]) and m["mentions"] == ["钱阿姨"] for m in jinxiu
    )
    lanting = in_group(out, "兰亭1号楼邻里群")
    assert any("明天换闭门器" in str(m["text"]) and m["mentions"] == ["刘大爷"] for m in lanting)
    assert not any("已由其他党员承办" in str(m["text"]) for m in out)


def test_staff_work_privately_late_at_night() -> None:
    out = said("13_late_night_private.jsonl")
    group = in_group(out, "兰亭2号楼邻里群")
    assert "编号 E0001" in str(group[0]["text"]) and group[0]["mentions"] == ["钱大姐"]
    assert any(str(m["at"]).startswith("2026-12-01T23:30") for m in out if m["to"] == "王国强")
    assert any("认领成功" in t for t in to(out, "王国强"))
    assert to(out, "刘建华") == ["目前没有待认领的诉求。"]
    assert any("早上6点来清" in str(m["text"]) for m in group)
    # He took the case at night: no "please claim" notice in the morning, no 督办 at all.
    assert not any("本楼栋有新诉求" in t for t in to(out, "王国强"))
    assert not any("督办" in str(m["text"]) for m in out)


def test_member_asks_for_his_own_open_cases() -> None:
    out = said("17_member_own_tasks.jsonl")
    sun = to(out, "孙志明")
    mine = next(t for t in sun if t.startswith("您承办的诉求"))
    assert "E0001" in mine and "E0002" in mine and "E0003" in mine.split("待认领")[1]
    waiting = next(t for t in sun if t.startswith("待认领的诉求"))
    assert "E0003" in waiting and "E0001（" not in waiting
    # "弄好了" with two cases in hand asks which one and closes nothing.
    assert "是哪一件要办结" in sun[-1]
    assert not any("已办结" in str(m["text"]) for m in out if m["group"])


def test_staff_closes_a_case_the_property_company_fixed() -> None:
    out = said("18_staff_closes_for_property.jsonl")
    group = in_group(out, "兰亭1号楼邻里群")
    closed = [m for m in group if "已办结" in str(m["text"])]
    assert len(closed) == 1 and closed[0]["mentions"] == ["刘大爷"]
    assert any("告知了反映的居民" in t for t in to(out, "王敏"))
    assert "谢谢您的评价（满意）" in str(group[-1]["text"])
    # The 物业 worker's "已安排维修师傅" (09:30) gets no answer in the group.
    assert not any(str(m["at"]).startswith("2026-12-01T09:30") for m in group)


def test_leader_cannot_dispatch_another_buildings_case() -> None:
    out = said("19_leader_cross_building_dispatch.jsonl")
    refusal = to(out, "王国强")
    assert len(refusal) == 1 and "跨楼栋派单需要支部书记" in refusal[0]
    assert any("派给 孙志明" in t for t in to(out, "刘建华"))
    assert any(t.startswith("【派单】刘建华") for t in to(out, "孙志明"))
    group = in_group(out, "兰亭3号楼邻里群")
    assert "已安排党员 孙志明 承办" in str(group[-1]["text"]) and group[-1]["mentions"] == ["李叔"]


def test_secretary_asks_who_is_on_a_case() -> None:
    out = said("21_secretary_asks_who_handles.jsonl")
    answer = to(out, "刘建华")[-1]
    assert "E0001" in answer and "吴师傅 认领" in answer and "下午搬走" in answer
    # The 书记 sees the room number in private; the group copy of the progress is masked.
    assert "402家" in answer
    progress = next(m for m in in_group(out, "兰亭4号楼邻里群") if "新进展" in str(m["text"]))
    assert "402" not in str(progress["text"]) and progress["mentions"] == ["刘大妈"]


def test_handler_progress_by_voice_then_close_and_rating() -> None:
    out = said("23_member_progress_voice.jsonl")
    group = in_group(out, "兰亭1号楼邻里群")
    progress = next(m for m in group if "新进展" in str(m["text"]))
    assert "下午两点到" in str(progress["text"]) and progress["mentions"] == ["刘大爷"]
    closed = next(m for m in group if "已办结" in str(m["text"]))
    assert "掏出来一大团头发" in str(closed["text"]) and closed["mentions"] == ["刘大爷"]
    assert "谢谢您的评价（满意）" in str(group[-1]["text"])


def test_who_sees_the_phone_and_room_of_a_report() -> None:
    out = said("25_privacy_by_role.jsonl")
    for m in in_group(out, "兰亭3号楼邻里群"):
        assert "13812345678" not in str(m["text"]) and "502" not in str(m["text"])
    # The handler and the community worker see what they need to call and find the door.
    for person in ("孙志明", "王敏"):
        answer = to(out, person)[-1]
        assert "13812345678" in answer and "502室" in answer and "孙志明 认领" in answer
    # The other estate's secretary learns nothing, not even that the case exists.
    assert to(out, "黄桂兰") == [
        "查不到诉求 E0001 的进度，请核对编号。发送「我的诉求」可查看您反映过的问题。"
    ]
    refusal = in_group(out, "锦绣2栋楼栋群")
    assert len(refusal) == 1 and "不在您所在的小区" in str(refusal[0]["text"])
    assert not any("林文斌 认领" in str(m["text"]) for m in out)


def test_redeeming_an_item_that_is_not_in_the_market() -> None:
    out = said("27_market_redeem.jsonl")
    wangmin = to(out, "王敏")
    assert wangmin[1] == "积分超市正在筹备，敬请期待。"
    assert "没有「鸡蛋一盒」" in wangmin[2]
    # Nothing was taken from 王奶奶: her only notice is the 加分.
    grandma = to(out, "王奶奶")
    assert len(grandma) == 1 and grandma[0].startswith("【积分加分】")
