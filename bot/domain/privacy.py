"""Masking personal information by audience (个人信息保护法): one policy, applied once.

Every message leaves through the outbox, which knows where it goes; it masks there, and
nothing upstream masks a reply of its own. Who sees what:

- a residents' group (业主群, 楼栋群, or a group not bound yet): phone numbers and room
  numbers masked; building and unit stay (3号楼2单元***室), so neighbours know where;
- the 党员群 (party members only, never residents): phone numbers masked, rooms kept, since
  whoever claims a case from there has to find the door; the phone reaches one person only;
- a private message (the handler, a chased member, the resident themself): everything the
  handler needs stays, phone and room included.

Nobody's chat needs an ID card number: it is masked for every audience.

Nor does anyone's chat need the invisible controls that turn text around (U+202E and
kin): quoted into a notice, a resident's words could reverse the bot's own text after them
on the line. They are dropped for every audience, as the console and the exports drop them.
"""

from __future__ import annotations

import enum
import re

_MOBILE = re.compile(r"(?<!\d)(1[3-9]\d)[\s-]?(\d{4})[\s-]?(\d{4})(?!\d)")
_ID_CARD = re.compile(r"(?<![0-9A-Za-z])(\d{6})\d{8}(\d{3}[\dXx])(?![0-9A-Za-z])")

_DIGIT = "0-9０-９"
# Door numbers are read digit by digit (五零二, 一二零一; 幺 is the spoken 一).
_CN_DIGIT = "零〇幺一二三四五六七八九"
# 3-2-502 and 3-502: building(-unit)-room; a date (2026-11-30) has a longer first part.
_DASHED = re.compile(
    rf"(?<![{_DIGIT}\-])((?:[{_DIGIT}]{{1,2}}-){{1,2}})[{_DIGIT}]{{3,4}}(?![{_DIGIT}\-])"
)
# 502室, 五零二室, 1201房 (not 户: 停水影响305户 counts households).
_SUFFIXED = re.compile(rf"(?<![{_DIGIT}])(?:[{_DIGIT}]{{3,4}}|[{_CN_DIGIT}]{{3,4}})\s?(室|房)")
# A number right after the building or unit is the room: 3号楼2单元502, 3栋502, 3#502.
# The same in Chinese numerals (三号楼二单元五零二): digit-by-digit only, so 二单元三十户
# and 三号楼一二层 stay as written.
_AFTER_PLACE = re.compile(
    rf"(单元|号楼|[栋幢座#])(\s?)(?:[{_DIGIT}]{{3,4}}(?![{_DIGIT}])|[{_CN_DIGIT}]{{3,4}}(?![{_CN_DIGIT}十百千]))"
    r"(?!\s?[号楼栋层元块年月日点分个人户米斤平度岁次台辆路])"
)
# A bare door number (502, 1201) as the intent parser reads one, not 120元 or 502路.
_NOT_A_ROOM_AFTER = "元块号年月日点分秒个人户米斤平度岁次台辆楼层路天周"
_BARE = re.compile(
    rf"(?<![{_DIGIT}.:\-A-Za-z*])[1-9][0-9]?0[1-9](?![{_DIGIT}.:%\-]|\s?[{_NOT_A_ROOM_AFTER}])"
)
ROOM_MASK = "***"


class Audience(enum.StrEnum):
    RESIDENTS = "residents"  # 业主群 / 楼栋群 / an unbound group
    PARTY = "party"  # 党员群
    PRIVATE = "private"  # one person


_DIRECTION_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def mask_for(audience: Audience, text: str) -> str:
    """The text as `audience` may read it (see the module docstring for the policy)."""
    text = mask_id_cards(_DIRECTION_CONTROLS.sub("", text))
    if audience is Audience.PRIVATE:
        return text
    text = mask_phones(text)
    if audience is Audience.PARTY:
        return text
    return mask_rooms(text)


def mask_id_cards(text: str) -> str:
    return _ID_CARD.sub(lambda m: f"{m[1]}********{m[2]}", text)


def mask_phones(text: str) -> str:
    return _MOBILE.sub(lambda m: f"{m[1]}****{m[3]}", text)


def mask_rooms(text: str) -> str:
    """3号楼2单元502 -> 3号楼2单元***, 502室 -> ***室, 3-2-502 -> 3-2-***; buildings stay."""
    text = _DASHED.sub(lambda m: m[1] + ROOM_MASK, text)
    text = _SUFFIXED.sub(lambda m: ROOM_MASK + m[1], text)
    text = _AFTER_PLACE.sub(lambda m: m[1] + m[2] + ROOM_MASK, text)
    return _BARE.sub(ROOM_MASK, text)


def mask_personal(text: str) -> str:
    """Mask mobile numbers (138****5678) and ID card numbers (public records, exports)."""
    return mask_phones(mask_id_cards(text))


def mask_name(name: str) -> str:
    """张三丰 -> 张**; used where a resident chose not to be named."""
    return name[:1] + "*" * max(1, len(name) - 1) if name else name
