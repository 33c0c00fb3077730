"""Making a message's text ready for exact command matching."""

from __future__ import annotations

import re

from intents.normalize import to_simplified

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


# A code read out by voice input: "E零零零一", "e 零零零三", "W幺零二", "E十二". The letter of a
# code (not inside a Latin word), then at least two numerals: one Chinese numeral after a
# letter is too often a word ("B一样", "Q一下").
_SPOKEN_CODE = re.compile(
    r"(?<![A-Za-z])([EeWwHhYyQqVvBbSs])\s*([〇零一二三四五六七八九幺两十百0-9]{2,})"
)
_CN_DIGIT = str.maketrans("〇零一二三四五六七八九幺两", "0012345678912")


def spoken_codes(text: str) -> str:
    """Codes written in Chinese numerals as digits: "E零零零一" -> "E0001", "E十二" -> "E12".

    Read digit by digit, as people and voice input say codes; with 十 or 百 the numerals are a
    number (cn2an reads them). Runs of ASCII digits alone are left as typed.
    """
    return _SPOKEN_CODE.sub(_spoken_code, text)


def _spoken_code(found: re.Match[str]) -> str:
    letter, numerals = found[1], found[2]
    if numerals.isascii():
        return found[0]
    if "十" not in numerals and "百" not in numerals:
        return letter + numerals.translate(_CN_DIGIT)
    import cn2an  # deferred: ~0.1 s to import, and codes with 十 are rare

    try:
        return f"{letter}{int(cn2an.cn2an(numerals.replace('幺', '一'), 'smart'))}"
    except ValueError:
        return found[0]


# A code typed digit by digit with spaces: "E 0 0 0 1 有人接了吗" (convo9 C). Only single
# digits each behind one space, so "E0001 2号楼" keeps its words.
_SPACED_CODE = re.compile(r"(?<![A-Za-z])([EeWwHhYyQqVvBbSs]) ?(\d(?: \d){2,5})(?! ?\d)")
# Command words typed in traditional characters: "進度Ｅ０００１", "辦結 E0001" (convo9 d02).
# The command words fold here too, for callers handed text that `simplified` has not read.
_TRADITIONAL = {
    "進度": "进度",
    "進展": "进展",
    "辦結": "办结",
    "認領": "认领",
    "評價": "评价",
    "報名": "报名",
    "幫助": "帮助",
    "我的積分": "我的积分",
    "待認領": "待认领",
    "我的訴求": "我的诉求",
    "滿意": "满意",
    "不滿意": "不满意",
}
_TRADITIONAL_WORD = re.compile("|".join(sorted(_TRADITIONAL, key=len, reverse=True)))


# A command word typed with spaces between its characters, as phone keyboards and voice input
# leave them: "报 名 1", "取消 报名 2", "进 度 E0001" (convo15 activity_typed_wrong). Joined
# only at the start of the message and only before its number or code, so speech with spaces
# ("报 名 的人多吗") keeps its words.
_SPACED_WORDS = (
    "取消报名",
    "报名",
    "进度",
    "认领",
    "接单",
    "办结",
    "进展",
    "已实现",
    "投票",
    "评价",
)
_SPACED_WORD = re.compile(
    "^(?P<word>"
    + "|".join("[ \t]*".join(w) for w in sorted(_SPACED_WORDS, key=len, reverse=True))
    + r")(?=[ \t]*[:：]?[ \t]*(?:[EeWwHhYyVv][ \t]*)?\d)"
)


def _joined_word(found: re.Match[str]) -> str:
    return "".join(found["word"].split())


def _joined_code(found: re.Match[str]) -> str:
    return found[1] + found[2].replace(" ", "")


def command_text(text: str) -> str:
    """Full-width alphanumerics folded, leading @mentions and [表情] codes removed, trimmed;
    codes spoken in Chinese numerals written as digits."""
    text = text[:MAX_TEXT].translate(_FOLD)
    text = _WECHAT_EMOJI.sub("", text).strip()
    text = _TRADITIONAL_WORD.sub(lambda w: _TRADITIONAL[w[0]], text)
    text = _SPACED_CODE.sub(_joined_code, text)
    text = _SPACED_WORD.sub(_joined_word, _LEADING_MENTION.sub("", text).strip())
    return spoken_codes(text)


_MENTIONED = re.compile(r"@[^\s\u2005@]{1,40}")


def simplified(text: str) -> str:
    """The words in simplified characters, as every rule and command reads them: "好評 多謝晒",
    "E0001又壞了" from a resident in Hong Kong mean what "好评", "又坏了" mean (convo11a).
    An @name stays as written: it names a person by the name they chose. Past `MAX_TEXT`
    (matched by nothing) the words are left as they are: an over-long paste costs no time."""
    if len(text) > MAX_TEXT:
        return simplified(text[:MAX_TEXT]) + text[MAX_TEXT:]
    if not text:
        return text
    if "@" not in text:
        return to_simplified(text)
    kept, last = [], 0
    for found in _MENTIONED.finditer(text):
        kept += [to_simplified(text[last : found.start()]), found[0]]
        last = found.end()
    return "".join([*kept, to_simplified(text[last:])])
