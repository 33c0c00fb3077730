"""The rules behind the convofix11d conversations, each with natural variants beyond the
conversation it came from (see tests/integration/test_convofix11d_replay.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from bot.chat.ballot_words import names_vote
from bot.chat.followup import says_help_called
from bot.chat.normalize import command_text, simplified
from bot.chat.phrasing.votes import choice_said
from bot.config import load_config
from bot.domain.helpdesk import Catalog, door_said
from bot.domain.problems import problems
from bot.domain.safety import called_numbers, own_emergency
from bot.handlers.helpdesk import outright_service
from bot.services.helpdesk.catalog import catalog_from_config
from intents.normalize import to_simplified
from tests.conftest import DEMO_CONFIG

# ---- someone else's home is a place many see ------------------------------------------


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("着火了！！3号楼有人家里着火了 浓烟从窗户往外冒", "对 是四楼那家 已经打119了"),
        ("3号楼有人家里着火了", "5楼那家着火了 烟好大 快来人"),
        ("邻居家里冒烟了 好呛", "3号楼着火了"),
        ("502家里着火了", "502着火了 快打119"),
        ("楼上厨房着火了", "3号楼5楼着火了"),
        ("隔壁家厨房冒烟了", "着火了 快来人"),
    ],
)
def test_someone_elses_home_is_not_the_speakers_own(first: str, second: str) -> None:
    assert not own_emergency(first, second)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("家里着火了", "着火了 快来人"),
        ("我家厨房着火了", "3号楼着火了"),
        ("我们家里燃气味好大", "有燃气味"),
    ],
)
def test_the_speakers_own_home_is_still_hers(first: str, second: str) -> None:
    assert own_emergency(first, second)


@pytest.mark.parametrize(
    "text",
    [
        "对 是四楼那家 已经打119了",
        "是502那家 已经打119了",
        "就是3号楼5楼那家 119到了",
        "嗯 是301那户 打了119了",
    ],
)
def test_which_home_beside_the_call_is_only_the_call(text: str) -> None:
    assert says_help_called(text, bool(called_numbers(text)))


def test_a_new_fire_named_with_the_call_is_more_than_the_call() -> None:
    text = "四楼那家着火了 快打119"
    assert not says_help_called(text, bool(called_numbers(text)))


# ---- one source of nuisance, one case ---------------------------------------------------


@dataclass(frozen=True)
class _Place:
    building: str | None = None


@dataclass(frozen=True)
class _Verdict:
    kind: str
    category: str | None
    location: _Place = _Place()


def _engine(table: dict[str, str]) -> Callable[[str], _Verdict]:
    def classify(text: str) -> _Verdict:
        category = table.get(text)
        return _Verdict("issue" if category else "chat", category, _Place("3"))

    return classify


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("3栋楼下那个烧烤摊每天晚上吵到一两点", "油烟 窗户都不敢开"),
        ("楼下饭店油烟太大", "吵到半夜"),
        ("对面工地天天施工 震得慌", "灰尘也大 窗户都是灰"),
        ("楼下大排档吵死了", "一股味道 呛得很"),
        ("楼上装修电钻声音太大", "有股味 油漆味"),
    ],
)
def test_a_stalls_noise_and_smoke_are_one_problem(first: str, second: str) -> None:
    engine = _engine({first: "noise", second: "fire_safety"})
    assert problems(f"{first} 还有{second}", engine) is None


def test_a_stall_and_another_thing_are_still_two() -> None:
    engine = _engine({"楼下烧烤摊吵到一两点": "noise", "垃圾桶满了没人倒": "sanitation"})
    found = problems("楼下烧烤摊吵到一两点 还有垃圾桶满了没人倒", engine)
    assert found is not None and [p.category for p in found] == ["noise", "sanitation"]


def test_a_numbered_lists_preface_is_no_part_of_its_first_item() -> None:
    engine = _engine({"2栋电梯又停了": "lift", "3栋楼道灯不亮": "facilities"})
    for preface in ("跟物业反映几个事：", "说两个问题 ", "反映一下："):
        found = problems(f"{preface}①2栋电梯又停了 ②3栋楼道灯不亮", engine)
        assert found is not None
        assert [p.text for p in found] == ["2栋电梯又停了", "3栋楼道灯不亮"]


def test_words_before_an_unnumbered_list_stay_with_the_first_problem() -> None:
    engine = _engine({"路灯坏了": "facilities", "垃圾桶满了": "sanitation"})
    found = problems("晚上黑得很，还有路灯坏了，还有垃圾桶满了", engine)
    assert found is not None and found[0].text.startswith("晚上黑得很")


# ---- a ballot in words -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "choice", "subject", "reason"),
    [
        ("粉刷那个我家不同意 刚刷了没几年", "不同意", "粉刷", "刚刷了没几年"),
        ("同意，因为楼道太旧了", "同意", "", "因为楼道太旧了"),
        ("不同意 理由是太吵", "不同意", "", "理由是太吵"),
        ("加装电梯的事 我同意", "同意", "加装电梯", ""),
        ("关于粉刷 我投反对票 太贵了", "反对", "粉刷", "太贵了"),
        ("我同意，楼道确实旧了", "同意", "", "楼道确实旧了"),
    ],
)
def test_a_choice_with_its_matter_or_a_reason(
    text: str, choice: str, subject: str, reason: str
) -> None:
    found = choice_said(text)
    assert found is not None
    assert (found.choice, found.subject, found.reason) == (choice, subject, reason)


@pytest.mark.parametrize(
    "text",
    ["同意", "同意加装", "我同意吗", "我不同意你的说法", "同意的话什么时候刷？", "", "同意，谢谢"],
)
def test_no_choice_with_a_reason(text: str) -> None:
    assert choice_said(text) is None


def test_the_subject_must_name_the_votes_matter() -> None:
    assert names_vote("粉刷", "3号楼楼道粉刷")
    assert names_vote("加装电梯", "2号楼加装电梯")
    assert not names_vote("物业费", "3号楼楼道粉刷")
    assert not names_vote("楼道灯", "3号楼楼道粉刷")  # a place shared is no matter named


# ---- traditional characters --------------------------------------------------------------


def test_traditional_reads_as_simplified_and_names_stay() -> None:
    assert to_simplified("2號樓電梯又壞了 按了半天都不動") == "2号楼电梯又坏了 按了半天都不动"
    assert to_simplified("好評 多謝晒") == "好评 多谢晒"
    assert to_simplified("３号楼") == "３号楼"  # only the characters: widths are not its job
    assert simplified("E0001又壞了 @陳太 你看") == "E0001又坏了 @陳太 你看"
    assert simplified("") == ""
    assert command_text(simplified("進度Ｅ０００１")) == "进度 E0001".replace(" ", "")


# ---- an outright request for an errand ---------------------------------------------------


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return catalog_from_config(load_config(DEMO_CONFIG))


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("你好 想问问能帮忙取个快递吗 我今天加班 快递在南门驿站", "parcel"),
        ("谁能帮忙拿个快递啊 今天加班回不去", "parcel"),
        ("有没有人能帮我去药店买点降压药 我腿疼", "medicine"),
        ("能帮我老伴取一下药吗 她腿脚不方便", "medicine"),
        ("找人帮我交一下电费 谢谢", "utility"),
    ],
)
def test_an_outright_request_names_the_errand(catalog: Catalog, text: str, key: str) -> None:
    found = outright_service(text, catalog)
    assert found is not None and found.key == key


@pytest.mark.parametrize(
    "text",
    [
        "帮我看看 快递柜坏了 取不了快递",
        "快递在哪拿啊",
        "我帮邻居拿了快递",
        "帮忙看看电梯怎么又坏了",
        "能帮忙修一下楼道灯吗",
    ],
)
def test_no_outright_request(catalog: Catalog, text: str) -> None:
    assert outright_service(text, catalog) is None


@pytest.mark.parametrize(
    ("text", "door"),
    [
        ("你好 能帮忙取个快递吗；2号楼1单元301 晚上7点以后在家", "2号楼1单元301 晚上7点以后在家"),
        ("代办 交电费 我住3号楼2单元502 明天上午", "我住3号楼2单元502 明天上午"),
        ("帮我买药，三号楼一单元101 下午在家", "三号楼一单元101 下午在家"),
    ],
)
def test_the_door_said_with_the_request(text: str, door: str) -> None:
    assert door_said(text) == door


@pytest.mark.parametrize(
    "text", ["帮办 买药 降压药吃完了 腿疼下不了楼", "3号楼的张阿姨想买药", "取快递 3号楼 明天"]
)
def test_no_door_with_the_request(text: str) -> None:
    assert door_said(text) is None


def test_an_over_long_paste_is_read_only_as_far_as_it_is_matched() -> None:
    text = "電梯壞了 " * 3000
    read = simplified(text)
    assert len(read) == len(text) and read.startswith("电梯坏了") and read.endswith("電梯壞了 ")
