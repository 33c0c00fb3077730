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

Every mask looks through what a reader does not see (probe8): zero-width spaces and joiners,
soft hyphens and other format characters, combining marks and keycap selectors inside a
number, and digits of other widths (１３８, 𝟏𝟑𝟖): 138\u200b1234\u200b5678 is a phone number
to whoever reads it, so the whole span it covers is masked (bot.domain.seethrough).
"""

from __future__ import annotations

import enum
import re

from bot.domain.seethrough import sub_seeing_through

# Between the 3-4-4 groups people put a space or a dash of any width (138－1234－5678).
_SEP = r"[\s\-－‐‑‒–—.·]?"
_MOBILE = re.compile(rf"(?<!\d)(1[3-9]\d){_SEP}(\d{{4}}){_SEP}(\d{{4}})(?!\d)")
# Read out digit by digit: 幺三八一二三四五六七八 (幺 is the spoken 一), never 十 or 百.
_CN_PHONE_DIGIT = "零〇幺一二三四五六七八九"
_CN_MOBILE = re.compile(
    rf"(?<![{_CN_PHONE_DIGIT}\d])([幺一][三四五六七八九][{_CN_PHONE_DIGIT}]){_SEP}"
    rf"[{_CN_PHONE_DIGIT}]{{4}}{_SEP}([{_CN_PHONE_DIGIT}]{{4}})(?![{_CN_PHONE_DIGIT}\d十百千万])"
)
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
    return sub_seeing_through(_ID_CARD, lambda m: f"{m[1]}********{m[2]}", text)


def mask_phones(text: str) -> str:
    text = sub_seeing_through(_MOBILE, lambda m: f"{m[1]}****{m[3]}", text)
    return sub_seeing_through(_CN_MOBILE, lambda m: f"{m[1]}****{m[2]}", text)


def mask_rooms(text: str) -> str:
    """3号楼2单元502 -> 3号楼2单元***, 502室 -> ***室, 3-2-502 -> 3-2-***; buildings stay."""
    text = sub_seeing_through(_DASHED, lambda m: m[1] + ROOM_MASK, text)
    text = sub_seeing_through(_SUFFIXED, lambda m: ROOM_MASK + m[1], text)
    text = sub_seeing_through(_AFTER_PLACE, lambda m: m[1] + m[2] + ROOM_MASK, text)
    return sub_seeing_through(_BARE, lambda m: ROOM_MASK, text)


def mask_personal(text: str) -> str:
    """Mask mobile numbers (138****5678) and ID card numbers (public records, exports)."""
    return mask_phones(mask_id_cards(text))


def mask_name(name: str) -> str:
    """张三丰 -> 张**; used where a resident chose not to be named."""
    return name[:1] + "*" * max(1, len(name) - 1) if name else name
