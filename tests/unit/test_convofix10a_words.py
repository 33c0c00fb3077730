"""convofix10a: the word rules for ballots and 公示名, with their near misses."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from bot.chat.notcase.activities import read
from bot.chat.notcase.votes import ballot, meant
from bot.chat.phrasing.publicity import publicity_name


@pytest.mark.parametrize(
    ("said", "choice", "ref", "marked"),
    [
        ("粉刷那个我家不同意", "不同意", "粉刷", True),
        ("加装电梯那个投票我同意", "同意", "加装电梯", True),
        ("电梯的我投反对票", "反对", "电梯", True),
        ("我选1", "1", "", True),
        ("选第二个", "2", "", True),
        ("我投反对票", "反对", "", True),
        ("我改成同意", "同意", "", True),
        ("同意同意", "同意", "", False),
        ("弃权吧", "弃权", "", False),
        ("我同意加装电梯", "同意", "加装电梯", True),
        ("我家的投票改成反对", "反对", "", True),
    ],
)
def test_a_ballot_in_words(said: str, choice: str, ref: str, marked: bool) -> None:
    found = ballot(said)
    assert found is not None, said
    assert (found.choice, found.ref, found.marked) == (choice, ref, marked)


@pytest.mark.parametrize("said", ["第一个", "2号", "今天天气不错", "同意 V0001", "我觉得可以"])
def test_not_a_ballot(said: str) -> None:
    assert ballot(said) is None


def _votes(*titles: str) -> list[SimpleNamespace]:
    return [SimpleNamespace(code=f"V000{i}", title=t) for i, t in enumerate(titles, start=1)]


def test_the_words_name_a_vote_by_its_title() -> None:
    votes = _votes("3号楼楼道粉刷", "3号楼加装电梯", "电梯间广告招租")
    assert [v.code for v in meant("粉刷", votes)] == ["V0001"]  # type: ignore[arg-type]
    assert [v.code for v in meant("加装电梯", votes)] == ["V0002"]  # type: ignore[arg-type]
    assert [v.code for v in meant("加装电梯的方案", votes)] == ["V0002"]  # type: ignore[arg-type]
    assert len(meant("电梯", votes)) == 2  # type: ignore[arg-type]
    # Near misses: the words share a word with a title but name something else.
    for ref in ("物业涨价", "楼上说", "楼道堆东西", "3号楼", "我"):
        assert meant(ref, votes) == [], ref  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("said", "command"),
    [
        ("公示的时候写我昵称就行", "公示名 昵称"),
        ("别公示我名字", "公示名 匿名"),
        ("光荣榜上用我真名吧", "公示名 实名"),
        ("公示别用我真名", "公示名 匿名"),
        ("公示名改成老王", "公示名 老王"),
        ("公示能用昵称吗？", "公示名"),
    ],
)
def test_the_publicity_name_in_words(said: str, command: str) -> None:
    found = publicity_name(said)
    assert found is not None and found.text == command


@pytest.mark.parametrize(
    "said", ["公示栏的名字写错了", "光荣榜上有我吗", "我的昵称是李叔", "积分公示出来了吗"]
)
def test_not_about_the_publicity_name(said: str) -> None:
    assert publicity_name(said) is None


@pytest.mark.parametrize(
    ("said", "kind", "name"),
    [
        ("剪纸那个还能报吗", "room", "剪纸"),
        ("剪纸课我报一个", "going", "剪纸课"),
        ("1号那个我去", "going", "1号"),
        ("12号那个我也去", "going", "12号"),
        ("我报名", "going", ""),
        ("算我一个", "going", ""),
        ("家里有事去不成了 取消吧", "away", ""),
        ("剪纸的不去了", "away", "剪纸"),
        ("反诈的讲座算我一个", "going", "反诈讲座"),
    ],
)
def test_an_activity_in_words(said: str, kind: str, name: str) -> None:
    assert read(said) == (kind, name)


@pytest.mark.parametrize(
    "said", ["我去", "我去，真的假的", "我家孩子参加了剪纸比赛", "我也报名了", "今天天气不错"]
)
def test_not_about_an_activity(said: str) -> None:
    assert read(said) is None
