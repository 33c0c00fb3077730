"""Round fourteen, residents' side: blind conversations in tests/scenarios/convo14/.

Each test asserts what the people in the episode expect to see (or not see), read from the
replay output only; the expectations are written in tests/scenarios/convo14/README.md.
"""

from __future__ import annotations

from tests.integration.replay_support import everything_said as everything
from tests.integration.replay_support import heard_by as said
from tests.integration.replay_support import messages_in

Out = list[dict[str, object]]
run = messages_in("convo14")


def in_group(out: Out, group: str) -> list[str]:
    return [str(o["text"]) for o in out if o["group"] == group]


def test_help_then_following_it_literally() -> None:
    out = run("help_literal.jsonl")
    wang = said(out, "王奶奶")
    assert "私聊我「帮助」" in wang[0] and "我的诉求" in wang[0]
    # "帮助" three minutes after "菜单": one short pointer, not the whole menu again.
    assert "往上翻" in wang[1]
    assert "还没有反映过问题" in wang[2]
    private = [str(o["text"]) for o in out if o["to"] == "王奶奶"]
    assert "反映问题" in private[0] and "积分超市" in private[0]
    assert "0 分" in private[1]
    assert "活动" in private[2]
    assert "已受理" not in everything(out)


def test_new_year_greetings_stay_silent_until_a_real_problem() -> None:
    out = run("greetings_bulk.jsonl")
    # Twenty greetings, red packets and fireworks talk at midnight: not one word from the bot.
    assert [o for o in out if str(o["at"]) < "2027-01-01T09:00"] == []
    xiaoliu = said(out, "小刘")
    assert len(xiaoliu) == 1
    assert "E0001" in xiaoliu[0] and "2号楼1单元" in xiaoliu[0]
    assert "E0002" not in everything(out)


def test_photo_first_then_words_four_minutes_later() -> None:
    out = run("photo_then_text.jsonl")
    assert [o for o in out if str(o["at"]) < "2026-11-24T16:04"] == []
    xiaoliu = said(out, "小刘")
    assert "E0001" in xiaoliu[0] and "1号楼2单元" in xiaoliu[0]
    assert "井盖翻了一半" in xiaoliu[-1] and "状态" in xiaoliu[-1]
    assert not any("张大妈" in (o["mentions"] or []) for o in out)


def test_angry_resident_gets_a_case_and_no_argument() -> None:
    out = run("angry_swear.jsonl")
    hu = said(out, "老胡")
    assert "E0001" in hu[0] and "环境卫生" in hu[0] and "4号楼" in hu[0]
    assert "E0002" not in everything(out)
    assert any("吴师傅 认领" in t for t in hu)
    # The swearing follow-ups never get a lecture or a second receipt.
    assert sum("已受理您反映的问题" in t for t in hu) == 1
    assert said(out, "邻居小谢") == []


def test_phone_and_room_posted_in_the_group_are_masked_there_only() -> None:
    out = run("privacy_phone.jsonl")
    group = "\n".join(in_group(out, "兰亭3号楼邻里群"))
    assert "13812345678" not in group and "502" not in group
    assert "138****5678" in group  # the 进度 answer in the group
    zhao = [str(o["text"]) for o in out if o["to"] == "赵老师"]
    assert any("13812345678" in t and "502" in t for t in zhao)
    assert said(out, "李婶") == []
    assert sum("已受理您反映的问题" in t for t in said(out, "小陈")) == 1


def test_fee_dispute_is_not_a_repair_case_but_the_suggestion_is_kept() -> None:
    out = run("property_fee_dispute.jsonl")
    assert "已受理" not in everything(out)
    assert len(out) == 1
    assert "S0001" in said(out, "赵大爷")[0]


def test_grandchild_far_away_makes_a_wish_for_her_grandmother() -> None:
    out = run("wish_grandchild.jsonl")
    lin = said(out, "小林在深圳")
    assert "W0001" in lin[0]
    assert any("公开 W0001" in t for t in lin)  # asked privately about going public
    assert any("已在群里公开" in t for t in lin)
    assert any(o["group"] == "兰亭4号楼邻里群" and "【微心愿】W0001" in str(o["text"]) for o in out)
    assert "状态" in lin[-1] and "W0001" in lin[-1]
    assert "E0001" not in everything(out) and "紧急" not in everything(out)


def test_elderly_yes_to_everything_no_loops() -> None:
    out = run("elderly_ok.jsonl")
    wang = said(out, "王奶奶")
    assert "E0001" in wang[0] and "3号楼1单元" in wang[0]
    assert "E0002" not in everything(out)
    done = next(i for i, t in enumerate(wang) if "已办结" in t)
    # "好的" / "收到 谢谢小孙" / "嗯嗯" after the rating request: one gentle re-ask, nothing more.
    after = wang[done + 1 :]
    assert len(after) == 1 and "满意吗" in after[0]
    assert "不满意" not in after[0].split("满意吗")[0]


def test_same_report_in_two_groups_is_one_case() -> None:
    out = run("two_groups_same.jsonl")
    li = said(out, "李婶")
    assert "E0001" in li[0]
    assert "已反映过" in li[1] and "E0001" in li[1]
    assert "E0002" not in everything(out)
    assert "E0001" in li[2] and li[2].count("E000") == 1


def test_a_month_later_the_resident_is_answered_and_the_handler_chased() -> None:
    out = run("month_later.jsonl")
    late = [
        o for o in out if str(o["at"]) >= "2026-12-03T10:00" and "积分公示" not in str(o["text"])
    ]
    hu = [str(o["text"]) for o in late if "老胡" in (o["mentions"] or [])]
    assert len(hu) == 1
    assert "E0001" in hu[0] and "吴师傅" in hu[0] and "已经报给物业" in hu[0]
    assert any(o["to"] == "吴师傅" and "催办" in str(o["text"]) for o in late)
    assert "E0002" not in everything(out)
    assert "紧急" not in everything(out)


def test_voice_input_one_breath_two_problems() -> None:
    out = run("voice_long.jsonl")
    zhao = said(out, "赵大爷")
    assert "2 个问题" in zhao[0]
    assert "E0001（电梯 · 3号楼2单元）" in zhao[0] and "E0002（环境卫生 · 3号楼）" in zhao[0]
    assert "E0003" not in everything(out)
    assert "E0001" in zhao[-1] and "E0002" in zhao[-1]
    assert "紧急" not in everything(out)


def test_cantonese_lift_report_and_cantonese_small_talk() -> None:
    out = run("cantonese.jsonl")
    chen = said(out, "陈姨")
    assert len(chen) == 1
    assert "E0001（电梯 · 1号楼）" in chen[0] and "紧急" not in chen[0]
    assert said(out, "阿强") == []
    assert "E0002" not in everything(out)


def test_quoting_the_receipt_adds_to_the_case() -> None:
    out = run("quote_supplement.jsonl")
    zhang = said(out, "张大妈")
    assert "E0001" in zhang[0]
    assert "补充" in zhang[1] and "E0001" in zhang[1]
    assert "3单元4楼到5楼" in zhang[2]
    assert "E0002" not in everything(out)


def test_third_party_phone_in_a_leak_report_is_masked_in_groups() -> None:
    out = run("neighbour_phone.jsonl")
    luo = said(out, "罗阿姨")
    assert "E0001" in luo[0] and "3号楼2单元" in luo[0]
    for o in out:
        if o["group"] is not None:
            assert "13911112222" not in str(o["text"])
    assert "139****2222" in luo[-1]
    assert any(o["to"] == "何春梅" and "13911112222" in str(o["text"]) for o in out)
    assert "E0002" not in everything(out)


def test_elderly_living_alone_asks_for_a_home_repair() -> None:
    out = run("own_faucet.jsonl")
    liu = said(out, "刘奶奶")
    assert liu and "W0001" in liu[0]
    assert any(o["to"] == "陈秀英" and "水龙头" in str(o["text"]) for o in out)
    assert "紧急" not in everything(out)
