"""Masking personal information in anything shown publicly (个人信息保护法)."""

from __future__ import annotations

import re

_MOBILE = re.compile(r"(?<!\d)(1[3-9]\d)[\s-]?(\d{4})[\s-]?(\d{4})(?!\d)")
_ID_CARD = re.compile(r"(?<![0-9A-Za-z])(\d{6})\d{8}(\d{3}[\dXx])(?![0-9A-Za-z])")


def mask_personal(text: str) -> str:
    """Mask mobile numbers (138****5678) and ID card numbers in public text."""
    text = _ID_CARD.sub(lambda m: f"{m[1]}********{m[2]}", text)
    return _MOBILE.sub(lambda m: f"{m[1]}****{m[3]}", text)


def mask_name(name: str) -> str:
    """张三丰 -> 张**; used where a resident chose not to be named."""
    return name[:1] + "*" * max(1, len(name) - 1) if name else name
