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


# Room numbers: "502室", "住502", "3号楼502", "2单元301", "3-2-502". Building and unit stay:
# neighbours need them to recognise the problem; the door is what identifies a household.
_ROOM_MARKED = re.compile(r"(?<!\d)\d{3,4}(?=\s*(?:室|房间|号房|户))")
_ROOM_AFTER = re.compile(r"((?:住在?|家在|号楼|楼|栋|幢|单元)\s*)\d{3,4}(?!\d)")
_ROOM_DASHED = re.compile(r"(?<![\d-])(\d{1,2}-\d{1,2}-)\d{3,4}(?![\d-])")


def mask_rooms(text: str) -> str:
    """Mask room numbers (3号楼***室) for text shown in a residents' group."""
    text = _ROOM_DASHED.sub(lambda m: f"{m[1]}***", text)
    text = _ROOM_AFTER.sub(lambda m: f"{m[1]}***", text)
    return _ROOM_MARKED.sub("***", text)


def mask_for_group(text: str) -> str:
    """Phone, ID card and room numbers masked: what a group may read of a resident's words."""
    return mask_rooms(mask_personal(text))
