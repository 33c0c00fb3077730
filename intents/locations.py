"""Building / unit / room extraction: 3号楼, 三号楼, 3栋, 3幢, 3#楼, 2单元, 502室, 3-2-502.

Nothing is invented: a field stays None unless the text names it. Floors (5楼, 八楼) are not
locations in this schema and must not be read as buildings.
"""

from __future__ import annotations

import re
from functools import lru_cache

from intents.model import Location
from intents.normalize import fold_width

# 两 is left out on purpose: "两栋楼" means "two buildings", never "building 2".
_CN = "零〇一二三四五六七八九十百"
_NUM = rf"(?:[0-9]{{1,3}}|[{_CN}]{{1,4}})"
_BUILDING = re.compile(rf"(?<![0-9])({_NUM})\s?(?:号楼|#楼|#|栋|幢|座)")
_UNIT = re.compile(rf"(?<![0-9])({_NUM})\s?单元")
_ROOM_SUFFIXED = re.compile(r"(?<![0-9])([0-9]{3,4}|[零〇一二三四五六七八九]{3,4})\s?室")
_TRIPLE = re.compile(r"(?<![0-9])([0-9]{1,2})-([0-9]{1,2})-([0-9]{3,4})(?![0-9])")
# A bare number is a room only when it looks like one: floor, a 0, a door number (502, 1201).
# Anything followed by a unit of measure or time (120元, 502路, 1201年) is not a room.
_NOT_A_ROOM_AFTER = "元块号年月日点分秒个人米斤平度岁次台辆楼层路"
_ROOM_BARE = re.compile(
    rf"(?<![0-9.:\-A-Za-z])([1-9][0-9]?0[1-9])(?![0-9.:%\-]|\s?[{_NOT_A_ROOM_AFTER}])"
)


# Every pattern below needs a digit or one of these markers; most chat has none.
_ANY_MARKER = re.compile(r"[0-9栋幢座#室]|号楼|单元")


@lru_cache(maxsize=512)
def _to_digits(numeral: str) -> str | None:
    if numeral.isdigit():
        return str(int(numeral))
    import cn2an  # deferred: cn2an costs ~0.1 s to import

    try:
        # "smart" reads both 十二 and digit-by-digit 五零二.
        value = cn2an.cn2an(numeral, "smart")
    except (ValueError, KeyError, IndexError):
        return None
    return str(int(value)) if value and float(value).is_integer() else None


def _first(pattern: re.Pattern[str], text: str) -> str | None:
    match = pattern.search(text)
    return _to_digits(match.group(1)) if match else None


def parse_location(text: str) -> Location:
    """Extract the first building, unit and room mentioned; fields absent stay None."""
    text = fold_width(text)
    if not _ANY_MARKER.search(text):
        return Location()
    triple = _TRIPLE.search(text)
    if triple:
        return Location(*(str(int(g)) for g in triple.groups()))
    building = _first(_BUILDING, text)
    unit = _first(_UNIT, text)
    room = _first(_ROOM_SUFFIXED, text) or _first(_ROOM_BARE, text)
    return Location(building, unit, room)
