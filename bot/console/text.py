"""Text as the console shows it: bidirectional controls are dropped.

A display name or message with U+202E (right-to-left override) and friends can make
"gnp.exe" read as "exe.png" or flip a case code; they are kept in the database (nothing a
resident said is lost) and neutralised here, once, for every template expression and the
simulator's feed.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_DROP = {ord(c): None for c in BIDI_CONTROLS}


def without_bidi(text: str) -> str:
    return text.translate(_DROP)


def finalize(value: Any) -> Any:
    """Jinja's finalize hook: runs on every {{ expression }} before escaping."""
    if isinstance(value, Markup):
        return Markup(str(value).translate(_DROP))
    if isinstance(value, str):
        return value.translate(_DROP)
    return value
