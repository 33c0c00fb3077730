"""convofix7: a blind tester's blocking failures, replayed through `linli replay` (the public
contract). Each scenario is one case of a rule; the unit tests hold the rule itself."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.integration.replay_support import said, to
from tests.integration.test_replay_cli import SCENARIOS, lines, replay


def test_a_code_before_its_command_word_closes_the_item() -> None:
    """F3: "水电费都交好了 H0001办结", "H0002 已办结了，谢谢😊", "电梯修好了 E0001已办结了👍"."""
    out = said("convo7_code_first.jsonl")
    volunteer, resident = to(out, "private:孙志明"), to(out, "private:张阿姨")
    assert any("H0001「代缴水电燃气费」：办理中" in t for t in volunteer)  # 办结了吗: asked
    assert any(t.startswith("帮办 H0001 已办结") for t in volunteer)
    assert any(t.startswith("帮办 H0002 已办结") for t in volunteer)
    assert any("（H0001）已办好：水电费都交好了" in t for t in resident)
    assert any("（H0002）已办好。" in t for t in resident)  # no stray "已" or "谢谢" as result
    assert any("没有找到帮办 H9999" in t for t in volunteer)
    group = to(out, "兰亭3号楼邻里群")
    assert any("E0001（电梯 · 3号楼）已办结：电梯修好了\n" in t for t in group)
    assert any("不是有效的诉求编号" in t for t in group)
    assert "状态：已办结" in group[-1]


def test_a_door_in_any_usual_form_answers_the_address_question() -> None:
    """F4: 3-1-101, 3栋1单元101, 三号楼一单元101, 3#1-101 register; "就在家里" gets one line
    saying what is missing, "👍" nothing, and a proper answer after it still registers."""
    out = said("convo7_address.jsonl")
    zhang, qian = to(out, "private:张阿姨"), to(out, "private:钱奶奶")
    registered = [t for t in zhang + qian if t.startswith("好的，已登记")]
    for door in ("地址：3-1-101", "地址：3栋1单元101", "地址：三号楼一单元101", "地址：3#1-101"):
        assert any(door in t for t in registered), door
    assert any("H0005" in t for t in registered)
    again = [t for t in zhang if "还差上门地址" in t]
    assert len(again) == 1 and "H0005「代购药品」" in again[0]
    assert not any("没看明白" in t or "已把您的补充" in t for t in zhang)


def test_everyday_yes_and_no_answer_the_bots_own_question() -> None:
    """F5: "是的", "嗯嗯", "对！确定👍" after "您是要给投票 V0001 投「同意」吗？" cast that ballot;
    "算了 不投了" does not (and a later "是的" is not taken as the answer); something else moves
    on; "嗯嗯" after "满意吗？" rates."""
    out = said("convo7_yes_no.jsonl")
    for who in ("张阿姨", "李叔", "王奶奶"):
        assert any(t.startswith("投票成功：V0001") for t in to(out, f"private:{who}")), who
    zhao = to(out, "private:赵大爷")
    assert not any(t.startswith("投票成功") for t in zhao)
    assert any("先不办" in t for t in zhao)
    assert not any(t.startswith("投票成功") for t in to(out, "private:孙志明"))
    assert not any(t.startswith("投票成功") for t in to(out, "private:赵老师"))  # two hours on
    assert to(out, "private:李叔")[-1].startswith("谢谢您的评价（满意）")


def test_a_danger_framed_as_a_request_is_an_emergency() -> None:
    """F6: "帮帮忙 我家老人晕倒了", "求助 厨房着火了", "心愿 我家老人晕倒了 快来人",
    "帮办 我家老伴摔倒了起不来" each raise the urgent case and the alarm; a real wish stays a
    wish, and an empty one gets the usual line."""
    out = said("convo7_danger_framed.jsonl")
    for group in ("兰亭3号楼邻里群", "兰亭4号楼邻里群", "兰亭2号楼邻里群", "兰亭1号楼邻里群"):
        assert to(out, group)[0].startswith("【紧急】已受理"), group
    members = to(out, "兰亭小区党员群")
    assert sum(t.startswith("【紧急诉求】") for t in members) >= 4
    assert not any("微心愿 W000" in t and "晕倒" in t for _, t in out)
    assert not any("不在帮办代办清单上" in t for _, t in out)
    assert any("收到您的微心愿，编号 W0001" in t for t in to(out, "兰亭3号楼邻里群"))


def test_two_emergencies_close_together_stay_two() -> None:
    """F7: a fire and a trapped lift, a fire and a gas leak in one building, two neighbours'
    own old people fainting: each its own case and alarm; a second voice about the 4栋 fire
    still joins it, and "🔥🔥🔥" opens nothing."""
    out = said("convo7_two_emergencies.jsonl")
    opened = [t for _, t in out if t.startswith("【紧急】已受理")]
    assert [t.split("编号 ")[1][:5] for t in opened] == [f"E000{n}" for n in range(1, 7)]
    joined = [t for _, t in out if "已有居民反映" in t]
    assert len(joined) == 1 and "E0001（消防安全 · 4号楼）" in joined[0]
    assert not any("E0007" in t for _, t in out)


def test_a_photos_words_decide_and_a_completion_photo_goes_to_its_case(tmp_path: Path) -> None:
    """F2: a photo with "今天小区的花开了真好看" or "看楼下的树都黄了" (apart or on the photo)
    opens no case; the handler's photo with "已经弄好了" closes the case and is kept on it, as
    is a resident's photo with the problem written on it."""
    db = tmp_path / "caption.db"
    out = lines(replay(SCENARIOS / "convo7_photo_caption.jsonl", "--db", f"sqlite:///{db}"))
    opened = [str(o["text"]) for o in out if "已受理您反映的问题" in str(o["text"])]
    assert [t.split("编号 ")[1][:5] for t in opened] == ["E0001", "E0002", "E0003"]
    done = [str(o["text"]) for o in out if "已办结：" in str(o["text"])]
    assert len(done) == 2
    with sqlite3.connect(db) as conn:
        files = dict(conn.execute("SELECT message_id, case_id FROM case_evidence").fetchall())
        summaries = [s for (s,) in conn.execute("SELECT summary FROM cases")]
    assert not any("花" in s or "树" in s for s in summaries)
    # replay ids are input lines: 11 the handler's photo, 17 the captioned one, 18 钱阿姨's
    assert (files["replay-11"], files["replay-17"], files["replay-18"]) == (1, 2, 3)
    assert files["replay-1"] is None and files["replay-4"] is None and files["replay-6"] is None


def test_a_volunteers_proof_photo_goes_to_his_help_request(tmp_path: Path) -> None:
    """F1: the photo after 「办结 H0001」 (and the one just before "快递取回来了 H0002办结") is
    kept on the 帮办, he is told so once, 进度 shows it; an unreadable file is refused."""
    db = tmp_path / "help.db"
    out = lines(replay(SCENARIOS / "convo7_help_photo.jsonl", "--db", f"sqlite:///{db}"))
    mine = [str(o["text"]) for o in out if o["to"] == "孙志明"]
    assert sum(t == "已把照片记到帮办 H0001 的办理材料里。" for t in mine) == 1
    assert any("照片会记到帮办 H0002" in t for t in mine)
    assert not any("请用文字说说遇到了什么问题" in t for t in mine)
    assert any("打不开" in t for t in mine)
    assert any("H0001" in t and "办理材料：照片、语音或视频 1 个" in t for t in mine)
    theirs = [str(o["text"]) for o in out if o["to"] == "张阿姨"]
    assert "办理材料：照片、语音或视频 1 个" in theirs[-1]
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT help_id, case_id FROM case_evidence ORDER BY id").fetchall()
    assert rows == [(1, None), (2, None)]
