"""Making a message's text ready for exact command matching."""

from __future__ import annotations

import re

MAX_TEXT = 5000  # longer messages are stored whole but matched on this much
_LEADING_MENTION = re.compile(r"^(?:@[^\s\u2005@]{1,40}[\s\u2005]*)+")
_WECHAT_EMOJI = re.compile(r"\[[\u4e00-\u9fa5A-Za-z]{1,6}\]")

# Full-width digits, Latin letters, space, ＃ and ＠ fold to ASCII so "进度 Ｅ０００１" matches.
# Chinese punctuation (，：！（）) stays: what a resident or staff member wrote is repeated
# back to the group, and "已更换门机，试运行正常" must not come back as "已更换门机,试运行正常".
_FOLD: dict[int, int | str] = {
    **{code: code - 0xFEE0 for code in range(ord("０"), ord("９") + 1)},
    **{code: code - 0xFEE0 for code in range(ord("Ａ"), ord("Ｚ") + 1)},
    **{code: code - 0xFEE0 for code in range(ord("ａ"), ord("ｚ") + 1)},
    ord("\u3000"): " ",
    ord("＃"): "#",
    ord("＠"): "@",
}


def command_text(text: str) -> str:
    """Full-width alphanumerics folded, leading @mentions and [表情] codes removed, trimmed."""
    text = text[:MAX_TEXT].translate(_FOLD)
    text = _WECHAT_EMOJI.sub("", text).strip()
    return _LEADING_MENTION.sub("", text).strip()
