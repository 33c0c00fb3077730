"""convofix11c: the word rules behind convo11b's staff-side blind failures (progress read as
办结, words in front of a handler's command, claims said twice). Flows are in
tests/integration/test_convofix11c_replay.py."""

from __future__ import annotations

import pytest

from bot.chat.phrasing import rewrite
from bot.chat.phrasing.handling import finished


@pytest.mark.parametrize(
    ("text", "command"),
    [
        # a step done, the work still ahead: news
        ("E0001 灯管买好了 下午换", "进展 E0001 灯管买好了 下午换"),
        ("E0002 灯泡明天买了再换", "进展 E0002 灯泡明天买了再换"),
        ("E0001 材料买好了，明天上门装", "进展 E0001 材料买好了，明天上门装"),
        ("E0003 配件拿到了 晚上去换", "进展 E0003 配件拿到了 晚上去换"),
        ("E0001 已经和502沟通了，晚上接根管子", "进展 E0001 已经和502沟通了，晚上接根管子"),
        ("E0004 已经跟物业沟通了", "进展 E0004 已经跟物业沟通了"),
        ("E0001 电话打通了 师傅说周末来", "进展 E0001 电话打通了 师傅说周末来"),
        ("H0001 药拿到了 正在送过去", "进展 H0001 药拿到了 正在送过去"),
        ("H0002 缴费单拿到了 准备送过去", "进展 H0002 缴费单拿到了 准备送过去"),
        ("H0003 菜买好了，一会儿送过去", "进展 H0003 菜买好了，一会儿送过去"),
    ],
)
def test_a_step_done_with_the_work_still_ahead_is_news(text: str, command: str) -> None:
    found = rewrite(text)
    assert found is not None and found.text == command


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("E0001 修好了", "办结 E0001 修好了"),
        ("E0003 水管通了", "办结 E0003 水管通了"),
        ("E0004 下水道打通了", "办结 E0004 下水道打通了"),
        # words for the residents, not work still to do
        ("E0001 换好了 大家晚上下楼注意安全", "办结 E0001 换好了 大家晚上下楼注意安全"),
        ("H0001 药已经送到了", "办结 H0001 药已经送到了"),
        # the closing word itself wins over any plan
        (
            "2单元灯管换好了，大家晚上下楼注意安全哈 E0001办结",
            "办结 E0001 2单元灯管换好了，大家晚上下楼注意安全哈",
        ),
        ("E0002 买好了 明天换 办结", "办结 E0002 买好了 明天换"),
        ("E0001 今天换好了", "办结 E0001 今天换好了"),
        ("E0003 下午修完了，可以用了", "办结 E0003 下午修完了，可以用了"),
        ("H0002 上午交了 收据给奶奶了", "办结 H0002 上午交了 收据给奶奶了"),
    ],
)
def test_work_done_still_closes(text: str, command: str) -> None:
    found = rewrite(text)
    assert found is not None and found.text == command


def test_finished_reads_the_words_alone() -> None:
    assert finished("换了读卡器，修好了")
    assert not finished("灯泡明天买了再换")
    assert not finished("已经沟通了")  # 沟通 is talk, not the pipe 通了
    assert not finished("师傅下午到")


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("门禁那个 E0001 修好了，换了读卡器", "办结 E0001 修好了，换了读卡器"),
        ("路灯的事 E0002 明天上午换", "进展 E0002 明天上午换"),
        ("井盖这个 E0003 已经联系物业了", "进展 E0003 已经联系物业了"),
    ],
)
def test_the_thing_named_before_the_code_is_only_its_name(text: str, command: str) -> None:
    found = rewrite(text)
    assert found is not None and found.text == command


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("那E0001 安排吴师傅去", "派单 E0001 吴师傅"),
        ("那就E0002 让孙志明去处理一下", "派单 E0002 孙志明"),
        ("那么 E0003 交给赵老师", "派单 E0003 赵老师"),
        (
            "不好意思打错了 进展 E0001 已经报物业了，电工下午来",
            "进展 E0001 已经报物业了，电工下午来",
        ),
        ("抱歉 写错了，办结 E0003 已修好", "办结 E0003 已修好"),
        ("刚才编号打错了 E0001 已经报物业了", "进展 E0001 已经报物业了"),
    ],
)
def test_a_link_word_or_typo_apology_before_a_coded_command(text: str, command: str) -> None:
    found = rewrite(text)
    assert found is not None and found.text == command


@pytest.mark.parametrize("text", ["那边电梯坏了", "不好意思 电梯又坏了", "打错了", "那我来"])
def test_those_words_without_a_code_stay_speech(text: str) -> None:
    found = rewrite(text)
    assert found is None or not found.text.startswith(("派单", "进展", "办结"))


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("收音机响了！已实现 W0001 谢谢小孙🌹", "已实现 W0001 谢谢小孙"),
        ("被子晒好了 已实现 W0002", "已实现 W0002"),
        ("！已实现 W0003", "已实现 W0003"),
        ("孩子作业辅导完了，已实现　W0004，太感谢了", "已实现 W0004 太感谢了"),
    ],
)
def test_fulfilled_with_a_space_before_the_code_and_words_around(text: str, command: str) -> None:
    found = rewrite(text)
    assert found is not None and found.text == command


@pytest.mark.parametrize(
    "text", ["我来我来", "我来我来！", "我去我去", "这个我来我来", "我来 我来"]
)
def test_a_claim_said_twice_quoting_the_case_is_a_claim(text: str) -> None:
    found = rewrite(text, quoted=True)
    assert found is not None and found.text == "我来" and found.needs == "member"


def test_a_claim_said_twice_with_a_code_claims_it() -> None:
    found = rewrite("我来我来 E0002")
    assert found is not None and found.text == "认领 E0002"


@pytest.mark.parametrize("text", ["我来我来", "我来了我来了"])
def test_a_doubled_bare_claim_quoting_nothing_is_not_a_claim_of_anything(text: str) -> None:
    found = rewrite(text)
    assert found is None or found.needs != "member"
