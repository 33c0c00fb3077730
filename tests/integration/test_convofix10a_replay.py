"""convofix10a: votes, activity sign-ups and 公示名 said in words, replayed through `linli replay`
(the public contract). Each scenario is one class of rule with its near misses; the rules
themselves are unit-tested in tests/unit/test_convofix10a_words.py, and the database paths on
SQLite and PostgreSQL in tests/integration/test_convofix10a_flow.py."""

from __future__ import annotations

from tests.integration import replay_support
from tests.integration.replay_support import Said, said


def to(out: Said, where: str) -> list[str]:
    """What was said there, without the new activities' own posts (党群阵地@你)."""
    return [t for t in replay_support.to(out, where) if not t.startswith("党群阵地@你")]


def test_a_ballot_in_words_when_one_vote_is_open() -> None:
    out = said("convofix10a_one_vote.jsonl")
    zhang = to(out, "private:张阿姨")
    assert zhang[0].startswith("投票成功：V0001") and "「反对」" in zhang[0]  # 粉刷那个我家不同意
    assert zhang[1].startswith("已更新您家的投票") and "「同意」" in zhang[1]  # 我改成同意
    assert (
        to(out, "private:李叔")[0].startswith("投票成功")
        and "「同意」" in to(out, "private:李叔")[0]
    )
    assert "「反对」" in to(out, "private:王奶奶")[0]  # 选第二个: option 2
    assert "「反对」" in to(out, "private:孙志明")[0]  # 我投反对票！
    # A bare choice names the vote and asks once (D59); "是的" casts it.
    zhao = to(out, "private:赵大爷")
    # "赞成" is asked as the vote's own option 「同意」 (convo15c vote_confirm, convofix15c).
    assert "投「同意」吗" in zhao[0] and zhao[1].startswith("投票成功")
    assert "投「同意」吗" in to(out, "private:赵老师")[0]  # 同意同意
    assert "投「弃权」吗" in to(out, "private:李婶")[0]  # 弃权吧
    # About something else: no ballot, whatever else happens to the words.
    li = to(out, "private:李叔")[1:]
    assert not any(t.startswith(("投票成功", "已更新")) for t in li)
    # In the group: a ballot naming the vote is sent private; chat stays silent.
    group = to(out, "兰亭3号楼邻里群")
    told = [t for t in group if "请私聊我投票" in t]
    assert len(told) == 1


def test_a_ballot_in_words_when_several_votes_are_open() -> None:
    out = said("convofix10a_several_votes.jsonl")
    assert to(out, "private:张阿姨")[0].startswith("投票成功：V0002")  # 加装电梯那个投票我同意
    assert to(out, "private:李叔")[0].startswith("投票成功：V0001")  # 粉刷那个我家不同意
    assert to(out, "private:赵老师")[0].startswith("投票成功：V0002")  # 我同意加装电梯
    ambiguous = to(out, "private:王奶奶")[0]  # 电梯那个我同意: two votes about a lift
    assert "V0002「3号楼加装电梯」" in ambiguous and "V0003「电梯间广告招租」" in ambiguous
    assert "V0001" not in ambiguous
    for who in ("赵大爷", "孙志明"):  # 我同意 / 我投反对票: which one?
        asked = to(out, f"private:{who}")[0]
        assert "V0001" in asked and "V0002" in asked and "V0003" in asked, who
    li = to(out, "private:李婶")
    assert not any("投票成功" in t and "V0001" in t for t in li)  # 不同意物业涨价
    assert li[-1].startswith("投票成功：V0003") and "「弃权」" in li[-1]


def test_signing_up_and_cancelling_by_name_or_day() -> None:
    out = said("convofix10a_signups_in_words.jsonl")
    lanting = to(out, "兰亭3号楼邻里群")
    expected = [
        "报名成功：【1】",  # 我报名, one activity open
        "【1】剪纸课（12月5日（周六）9:00-11:00）还有 2 个名额",  # 剪纸那个还能报吗
        "报名成功：【1】",  # 剪纸课我报一个
        "报名成功：【1】",  # 5号那个我去
        "【1】剪纸课（12月5日（周六）9:00-11:00）名额已满，还可以排候补",
        "报名成功：【2】",  # 12号那个我也去: the 12th, not activity 12
        "您说的是哪一个？【1】剪纸课",  # 我报名, two open
        "报名成功：【2】",  # 反诈的讲座算我一个
        "已为您取消报名活动【1】",  # 李叔: 家里有事去不成了 取消吧 (his only one)
        "您报名了几个活动：【1】剪纸课",  # 王奶奶: 去不成了 取消吧 (two)
        "已为您取消报名活动【1】",  # 剪纸的不去了
    ]
    assert len(lanting) == len(expected), lanting
    for text, start in zip(lanting, expected, strict=True):
        assert text.startswith(start), (text, start)
    # 明天去不了了 (nothing of hers), 我去, 我去，真的假的, 参加了剪纸比赛, 插花那个: silence.


def test_another_estates_activity_is_refused_the_same_way_on_every_path() -> None:
    out = said("convofix10a_signups_in_words.jsonl")
    refusal = "活动【1】剪纸课是兰亭小区的活动，只接受兰亭小区居民报名。"
    jinxiu = to(out, "锦绣家园业主群")
    assert [t.startswith(refusal) for t in jinxiu[:5]] == [True, True, True, True, False]
    assert jinxiu[4].startswith("报名成功：【3】太极拳")  # her own 小区's, by 我报名
    assert "剪纸课（文娱）" in jinxiu[5] and jinxiu[5].endswith(
        refusal + "发送「活动」看看本小区近期的活动。"
    )
    assert len(jinxiu) == 6  # 1号活动在哪: the card says the same, not 「报名 1」
    gao = to(out, "private:高大爷")
    assert gao[0].startswith(refusal) and gao[1].startswith("活动【2】反诈讲座是兰亭小区的活动")


def test_the_publicity_name_in_words() -> None:
    out = said("convofix10a_publicity_names.jsonl")
    assert to(out, "private:张阿姨")[0].endswith("您显示为「张阿姨」（昵称）。")
    assert "（匿名，李叔 的姓加 *）" in to(out, "private:李叔")[0]
    wang = to(out, "private:王奶奶")
    assert "不能另起名字" in wang[0] and "把微信昵称改成老王" in wang[0]
    zhao = to(out, "private:赵大爷")
    assert "用实名" in zhao[0] and to(out, "兰亭3号楼邻里群") == ["已私信告诉您。"]
    assert "可以选择" in to(out, "private:张阿姨")[1]  # 公示能用昵称吗？
    assert len(to(out, "private:李叔")) == 2 and "公示" not in to(out, "private:李叔")[1]
    assert len(wang) == 1  # 光荣榜上有我吗: about the board, not her name
