"""Numbered lists are lists (convofix6 R6)."""

from __future__ import annotations

import pytest

from bot.domain.problems import clauses


@pytest.mark.parametrize(
    "text",
    [
        "1.电梯坏了 2.楼道灯不亮 3.垃圾没清",
        "反映几个问题：\n1、电梯坏了\n2、楼道灯不亮",
        "①电梯坏了②楼道灯不亮",
        "(1)电梯坏了(2)楼道灯不亮",
        "1）电梯坏了；2）楼道灯不亮",
    ],
)
def test_numbered_items_are_clauses(text: str) -> None:
    found = clauses(text)
    assert found is not None and "电梯坏了" in found and "楼道灯不亮" in found


@pytest.mark.parametrize(
    "text", ["", "😀", "明天下午3.30开会，记得带1.5元", "3号楼2单元502室漏水", "1" * 5000]
)
def test_numbers_that_are_not_a_list(text: str) -> None:
    assert clauses(text) is None
