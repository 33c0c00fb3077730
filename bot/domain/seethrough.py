"""Pattern matching that sees text as a reader does, for the personal-information masks.

A phone number with a zero-width space after every digit looks like a phone number in the
chat, yet no pattern over the raw characters matches it. So a mask matches over a view of
the text without the characters nobody sees (format characters such as U+200B/200D/2060/
FEFF and the soft hyphen, combining marks, variation selectors and keycap enclosers, the
Hangul fillers that render blank), with every decimal digit as its ASCII digit (１, 𝟏) and
full-width letters as ASCII (Ｘ). A match replaces the whole span of the original text it
covers, hidden characters included (and those right after its last character: a keycap's
selector and encloser). Text outside a match is returned exactly as it came: an emoji's ZWJ
sequence, a keycap or a combining accent elsewhere in the message stays untouched.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

# Rendered blank (category Lo, so not caught by the categories below).
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0")
_UNSEEN_CATEGORIES = frozenset({"Cf", "Mn", "Me"})


def unseen(ch: str) -> bool:
    """True for a character a reader does not see between two others."""
    return ch in _BLANK_LETTERS or unicodedata.category(ch) in _UNSEEN_CATEGORIES


def reader_view(text: str) -> tuple[str, list[int]]:
    """The text as read (see the module docstring), and for each of its characters the index
    of the original character it came from."""
    view: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        if unseen(ch):
            continue
        if "\uff01" <= ch <= "\uff5e":  # full-width ASCII: １, Ｘ, －
            ch = chr(ord(ch) - 0xFEE0)
        elif not ch.isascii() and unicodedata.category(ch) == "Nd":
            ch = str(unicodedata.decimal(ch))
        view.append(ch)
        index.append(i)
    return "".join(view), index


def sub_seeing_through(
    pattern: re.Pattern[str], repl: Callable[[re.Match[str]], str], text: str
) -> str:
    """pattern.sub(repl, text), matched over the reader's view of the text; each match
    replaces the original span from its first to its last character."""
    if text.isascii():  # nothing hidden, nothing wide: the common case, at regex speed
        return pattern.sub(repl, text)
    view, index = reader_view(text)
    out: list[str] = []
    done = 0
    for m in pattern.finditer(view):
        if m.end() == m.start():
            continue
        start, end = index[m.start()], index[m.end() - 1] + 1
        while end < len(text) and unseen(text[end]):  # the last digit's own marks (keycap)
            end += 1
        out.append(text[done:start])
        out.append(repl(m))
        done = end
    if not out:
        return text
    out.append(text[done:])
    return "".join(out)
