"""Text clean-up applied before segmentation and matching.

Residents type on phones: full-width digits from some IMEs, traditional characters from relatives
in Hong Kong or Taiwan, @mentions, emoji and WeChat's bracketed [表情] codes, "！！！！". None of
that carries intent, and all of it would split or hide lexicon words.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

# Full-width ASCII (U+FF01..U+FF5E) maps to ASCII by a fixed offset; U+3000 is the wide space.
_WIDTH_TABLE: dict[int, int] = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_WIDTH_TABLE[0x3000] = 0x20
# str.translate looks every character up in the table; most messages have no wide character at
# all, and one regex scan in C says so.
_WIDE = re.compile("[\uff01-\uff5e\u3000]")

# WeChat inserts U+2005 (four-per-em space) after a mention; a trailing mention has no separator.
_MENTION = re.compile(r"@[^\s@\u2005]{1,20}[\u2005\s]|(?<=\S)@[^\s@\u2005]{1,20}$|@")
_WECHAT_EMOTE = re.compile(r"\[[\u4e00-\u9fffA-Za-z]{1,6}\]")
_EMOJI = re.compile(
    "[\U0001f000-\U0001faff\U0001f1e6-\U0001f1ff\u2600-\u27bf\u2b00-\u2bff\u2300-\u23ff"
    "\ufe0e\ufe0f\u200d\u20e3]"
)
# "！！！" and "。。。" carry emphasis we do not use; fold runs so they don't inflate token counts.
_REPEATED_PUNCT = re.compile(r"([^\w\s])\1+")
_SPACES = re.compile(r"[\s\u2005]+")

# English words young residents use for the estate's things (3栋的lift又坏了): the lexicon and
# the model know them in Chinese only. Objects only, never a danger or a feeling: "fire" or
# "help" in a message is as often a figure as not, and the words around the object decide.
_ENGLISH_OBJECTS: dict[str, str] = {
    "lift": "电梯",
    "elevator": "电梯",
    "streetlight": "路灯",
    "light": "灯",
    "lamp": "灯",
    "door": "门",
    "gate": "大门",
    "toilet": "马桶",
    "pipe": "水管",
    "heater": "暖气",
    "heating": "暖气",
    "garbage": "垃圾",
    "trash": "垃圾",
    "rubbish": "垃圾",
    "parking": "停车",
}
_ENGLISH = re.compile(
    r"(?<![A-Za-z])(" + "|".join(_ENGLISH_OBJECTS) + r")s?(?![A-Za-z])", re.IGNORECASE
)
_LATIN = re.compile("[A-Za-z]")


def _english_object(match: re.Match[str]) -> str:
    return _ENGLISH_OBJECTS[match[1].lower()]


def _first_group(match: re.Match[str]) -> str:
    return match[1]


def fold_width(text: str) -> str:
    if _WIDE.search(text) is None:
        return text
    return text.translate(_WIDTH_TABLE)


class Normalizer:
    """Holds the OpenCC converter; conversion runs only when a traditional character is present.

    OpenCC's pure-Python converter costs more than segmentation itself, and almost every message
    in a mainland group is already simplified, so a set-membership test gates it.
    """

    def __init__(self) -> None:
        from opencc import OpenCC  # deferred: importing intents must stay cheap

        self._converter = OpenCC("t2s")
        self._traditional = _traditional_chars(Path(_opencc_dir()) / "TSCharacters.txt")

    def simplified(self, text: str) -> str:
        """Traditional characters as simplified ones; the text is otherwise left as it is."""
        if not text or self._traditional.isdisjoint(text):
            return text
        return str(self._converter.convert(text))

    def __call__(self, text: str) -> str:
        if not text:
            return ""
        text = self.simplified(fold_width(text))
        if "@" in text:
            text = _MENTION.sub(" ", text)
        if "[" in text:
            text = _WECHAT_EMOTE.sub(" ", text)
        if not text.isascii():
            text = _EMOJI.sub(" ", text)
        # A function, not the template r"\1": a template is parsed again on every call
        # (re._subx), the function runs only per match and most messages have none.
        text = _REPEATED_PUNCT.sub(_first_group, text)
        if _LATIN.search(text) is not None:
            text = _ENGLISH.sub(_english_object, text)
        return _SPACES.sub(" ", text).strip()


def _opencc_dir() -> str:
    import opencc

    return str(Path(opencc.__file__).parent / "dictionary")


def _traditional_chars(path: Path) -> frozenset[str]:
    chars: set[str] = set()
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            source, _, targets = line.rstrip("\n").partition("\t")
            # Characters that may map to themselves (乾, 著 …) are valid simplified text too.
            if len(source) == 1 and source not in targets.split():
                chars.add(source)
    return frozenset(chars)


@cache
def _default_normalizer() -> Normalizer:
    return Normalizer()


def normalize(text: str) -> str:
    """Full-width → half-width, traditional → simplified, mentions/emoji/[表情] removed."""
    return _default_normalizer()(text)


def to_simplified(text: str) -> str:
    """Traditional → simplified and nothing else: "2號樓電梯又壞了" → "2号楼电梯又坏了"
    (widths, emoji and mentions stay), for code outside the engine that reads words."""
    return _default_normalizer().simplified(text)
