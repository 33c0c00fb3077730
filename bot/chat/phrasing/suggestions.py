"""A suggestion moved on in words: "S0001 这个建议挺好 转成议题吧", "把S0002转为议题" (convo14b).

The suggestion's code and the words that make it a topic, in any order and with anything
around them, are the 书记's 转为议题; only a 书记 or staff may (the pipeline checks).
"""

from __future__ import annotations

import re

from bot.chat.phrasing.text import Rewrite

_CODE = re.compile(r"(?<![A-Za-z0-9])[Ss]\s*(\d{1,9})(?!\d)")
_TO_TOPIC = re.compile(r"转(?:成|为|到)?议题|立(?:为|成)?议题|作为议题|拿到议事会|上议事会")


def promote(text: str, **_: bool) -> Rewrite | None:
    codes = {int(m[1]) for m in _CODE.finditer(text)}
    if len(codes) != 1 or not _TO_TOPIC.search(text):
        return None
    return Rewrite(f"转为议题 S{codes.pop():04d}", "secretary")
