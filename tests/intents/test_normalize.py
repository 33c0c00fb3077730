from __future__ import annotations

import pytest

from intents import normalize


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("３号楼１单元电梯停了", "3号楼1单元电梯停了"),
        ("電梯壞了，樓道燈不亮", "电梯坏了,楼道灯不亮"),
        ("@物业小王\u2005电梯又不动了", "电梯又不动了"),
        ("@物业小王 电梯又不动了", "电梯又不动了"),
        ("谢谢@王书记", "谢谢"),
        ("停水了[流泪][流泪]", "停水了"),
        ("电梯坏了😭😭😭", "电梯坏了"),
        ("停电了？？？？", "停电了?"),
        ("谁挡我车了！！！！！！", "谁挡我车了!"),
        ("。。。", "。"),
        ("[捂脸][微笑][强]", ""),
        ("👍👍👍", ""),
        ("   ", ""),
        ("", ""),
        ("电梯　坏了", "电梯 坏了"),  # ideographic space
    ],
)
def test_normalize(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


def test_simplified_text_is_left_alone() -> None:
    text = "今天天气真好 出去晒晒太阳"
    assert normalize(text) == text
