"""Staff and 组长 asking privately how to do their duty get its command line (convofix14e:
convo14b 01, a new 网格员 asking how to send a 停水 notice; 15, a 组长 asking how to give a
case to a member)."""

from __future__ import annotations

import pytest

from bot.chat.fallback import DISPATCH, duty_hint
from bot.domain.community import Role


@pytest.mark.parametrize(
    "text",
    [
        "那发停水通知咋发呀 是发到楼栋群里吗",
        "停水通知怎么发",
        "怎么给3号楼发停电通知",
        "通知该怎么发啊",
        "我想发个通知",
    ],
)
def test_asking_how_to_send_a_notice_shows_the_building_form(text: str) -> None:
    hint = duty_hint(text, Role.STAFF)
    assert hint is not None and "「通知 3号楼 内容」" in hint
    assert "「通知 3号楼 4号楼 内容」" in hint  # several buildings, as file 10 writes them


@pytest.mark.parametrize(
    ("text", "waiting", "line"),
    [
        (
            "我是4号楼的党小组长 刚看到有人报了水箱的事 我想让吴师傅去看看 这个怎么弄",
            ["E0001"],
            "「派单 E0001 @吴师傅」",
        ),
        ("E0007 想叫孙志明来处理 怎么操作", ["E0001", "E0002"], "「派单 E0007 @孙志明」"),
        ("怎么派单啊", [], "「派单 E0001 @党员名字」"),
        ("这个事想让老赵去跑一趟 咋弄", ["E0001", "E0002"], "「派单 E0001 @老赵」"),
        ("派给别人怎么操作", ["E0003"], "「派单 E0003 @党员名字」"),
    ],
)
def test_a_leader_asking_how_to_dispatch_gets_the_dispatch_line(
    text: str, waiting: list[str], line: str
) -> None:
    hint = duty_hint(text, Role.LEADER, lambda: waiting)
    assert hint is not None and line in hint
    if len(waiting) != 1 and "E00" not in text:
        assert "换成诉求编号" in hint


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("楼道灯坏了 怎么没人来修 让物业来看看", Role.LEADER),  # a complaint, not a how-to
        ("让吴师傅去看看 怎么弄", Role.MEMBER),  # a member cannot 派单
        ("让物业去看看", Role.LEADER),
        ("楼道灯又坏了 怎么办 让物业来修一下吧", Role.LEADER),
        ("怎么弄的 又坏了 叫物业来看看", Role.SECRETARY),
    ],
)
def test_no_how_to_or_no_duty_no_dispatch_line(text: str, role: Role) -> None:
    assert duty_hint(text, role, lambda: ["E0001"]) != DISPATCH
    hint = duty_hint(text, role, lambda: ["E0001"])
    assert hint is None or "派单 E0001 @" not in hint
