"""The codes commands carry (E0001, W0001, an activity number) and one check that they are sane.

The argument patterns capture the whole run of digits, so a code too long to be real is
reported as typed ("E12345678901234567890") instead of being cut to nine digits and looked up.
Every command's arguments pass `malformed()` in the pipeline before the handler runs.
"""

from __future__ import annotations

import re

CASE_CODE = r"(?P<code>[Ee]\s*\d+)"
WISH_CODE = r"(?P<code>[Ww]\s*\d+)"
WISH_CLAIM = r"(?P<wish>[Ww]\s*\d+)"  # for the shared 认领/接单 command
BROADCAST_CODE = r"(?P<code>[Bb]\s*\d+)"
NUMBER = r"(?P<n>\d+)"

MAX_DIGITS = 8  # E00000001 .. E99999999; ids never come near this
# Leading zeros count too past this many digits: "E" and 5,000 zeros and a 1 is no code a
# person types, and the answer echoing it was a 5,000-character group message (probe9).
MAX_TYPED_DIGITS = 12
_SHOWN = 24  # echo at most this much of what was typed

# group name -> (what it is, an example) for the answer to a malformed code
_KINDS = {
    "code": ("编号", ""),  # E, W or B: the example follows the letter typed
    "wish": ("微心愿编号", "W0001"),
    "n": ("活动编号", "3"),
    "id": ("记录编号", "#12"),
}
_BY_LETTER = {"E": ("诉求编号", "E0001"), "W": ("微心愿编号", "W0001"), "B": ("通知编号", "B0001")}


def malformed(args: re.Match[str]) -> str | None:
    """A polite answer naming the first code in `args` that cannot be real, else None."""
    for group, (what, example) in _KINDS.items():
        token = args.groupdict().get(group)
        if token is None:
            continue
        digits = re.sub(r"\D", "", token)
        if len(digits.lstrip("0")) > MAX_DIGITS or len(digits) > MAX_TYPED_DIGITS:
            shown = token if len(token) <= _SHOWN else token[:_SHOWN] + "…"
            if not example:
                what, example = _BY_LETTER.get(token[:1].upper(), (what, "E0001"))
            return f"「{shown}」不是有效的{what}，请核对后再发，例如 {example}。"
    return None
