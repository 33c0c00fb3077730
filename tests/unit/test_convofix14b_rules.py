"""convofix14b: the rules behind round fourteen's failing conversations (flow side)."""

from __future__ import annotations

import pytest

from bot.chat.asking import question_command
from bot.chat.followup import asks_status
from bot.domain.problems import effect_of, names_another_thing
from bot.handlers.followups.absent import own_room
from bot.handlers.followups.category import wrong_and_right
from bot.handlers.followups.others import whose_report


@pytest.mark.parametrize(
    "text",
    [
        "小助手你好 这个咋用啊 我不会",
        "机器人怎么用 谁教教我",
        "这机器人都能干啥",
        "我不太会用这个小助手 有人教我吗",
        "小助手咋用 谁来教一下我",
        "你好机器人 这个怎么使用 我不会弄",
    ],
)
def test_asking_how_to_use_the_bot_with_a_plea_is_help(text: str) -> None:
    # A plea ("我不会", "教教我") or "这机器人" around the question does not lose the help.
    assert question_command(text) == "帮助"


@pytest.mark.parametrize(
    "text", ["这个我不会", "谁教教我", "教教我怎么做红烧肉", "我不会用手机交电费 谁教教我"]
)
def test_a_plea_about_something_else_is_no_help_request(text: str) -> None:
    assert question_command(text) is None


@pytest.mark.parametrize(
    ("text", "wrong", "right"),
    [
        ("不是电梯 是门禁 单元门的门禁", "电梯", "门禁"),
        ("搞错了 不是电梯的事，是单元门门禁", "电梯", "单元门门禁"),
        ("是门禁坏了 不是电梯", "电梯", "门禁"),
        ("说错了 是路灯不是楼道灯", "楼道灯", "路灯"),
        ("应该是暖气 不是水管", "水管", "暖气"),
        ("不是电梯坏了，其实是楼道灯不亮", "电梯", "楼道灯不亮"),
    ],
)
def test_a_correction_names_the_wrong_thing_and_the_right_one(
    text: str, wrong: str, right: str
) -> None:
    assert wrong_and_right(text) == (wrong, right)


@pytest.mark.parametrize(
    "text", ["是不是电梯的问题", "电梯不是刚修过吗", "不是我说 这电梯三天两头坏 物业到底管不管啊"]
)
def test_no_correction_without_not_this_but_that(text: str) -> None:
    assert wrong_and_right(text) is None


@pytest.mark.parametrize(
    ("case", "text"),
    [
        ("2单元电梯又卡在5楼不动了", "按了好几次都没反应 里面没人 我走楼梯下来的"),
        ("楼道灯坏了", "2楼那盏灯一闪一闪的"),
        ("1单元楼道的下水管堵了", "臭得不行 物业电话也打不通"),
        ("楼道灯不亮了", "黑乎乎的 老人下楼得摸着走"),
    ],
)
def test_follow_on_words_name_no_other_thing(case: str, text: str) -> None:
    assert not names_another_thing(case, text)


@pytest.mark.parametrize(
    ("case", "text"),
    [
        ("2单元电梯又卡在5楼不动了", "门口的垃圾桶也满了"),
        ("下水管堵了", "楼道灯也不亮"),
        ("电梯坏了", "楼梯扶手松了"),
    ],
)
def test_another_thing_is_another_problem(case: str, text: str) -> None:
    assert names_another_thing(case, text)


@pytest.mark.parametrize(
    ("cause", "text", "follows"),
    [
        ("下水管堵了", "臭得不行", True),
        ("楼上漏水", "墙上全是水印", True),
        ("停电了", "电梯也不动了", True),
        ("下水管堵了", "楼上装修太吵了", False),
    ],
)
def test_what_a_fault_does_around_it(cause: str, text: str, follows: bool) -> None:
    assert effect_of(cause, text) is follows


@pytest.mark.parametrize(
    ("text", "who", "thing"),
    [
        ("张阿姨报的那个电梯修了没 我腿脚不好下不了楼", "张阿姨", "电梯"),
        ("李婶反映的下水道处理了吗", "李婶", "下水道"),
        ("楼上王姐说的那个事怎么样了", "楼上王姐", ""),
        ("老周昨天报的漏水有人管吗", "老周", "漏水"),
        ("路灯啥时候能修好啊 天天摸黑", None, "路灯"),
    ],
)
def test_a_neighbour_asks_after_a_report_by_its_reporter_or_thing(
    text: str, who: str | None, thing: str
) -> None:
    assert whose_report(text) == (who, thing)


@pytest.mark.parametrize(
    "text", ["我报的那个电梯修了没", "张阿姨人挺好的", "怎么样了", "张阿姨说的对"]
)
def test_no_neighbours_report_asked_after(text: str) -> None:
    assert whose_report(text) is None


def test_handled_yet_is_a_status_question() -> None:
    assert asks_status("我报的漏水处理了吗") == (True, "漏水")
    assert asks_status("那个事解决了没有") is not None


@pytest.mark.parametrize(
    ("text", "room"),
    [
        ("谢谢钱姐！我是302的 在外地 我让我儿子下午过去看看", "302"),
        ("我家就是502 麻烦大家了 我马上回去", "502"),
        ("1201是我家 我在上班 晚上回来处理", "1201"),
        ("我住302 谢谢提醒", "302"),
        ("不好意思 我是301的业主", "301"),
    ],
)
def test_the_owner_names_his_room(text: str, room: str) -> None:
    assert own_room(text) == room


@pytest.mark.parametrize("text", ["302的老周出差了", "我是20号搬来的", "我打了12345", "谢谢大家"])
def test_no_room_of_ones_own(text: str) -> None:
    assert own_room(text) is None
