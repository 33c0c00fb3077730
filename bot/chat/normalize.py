"""Making a message's text ready for exact command matching."""

from __future__ import annotations

import re
import unicodedata

MAX_TEXT = 5000  # longer messages are stored whole but matched on this much
_LEADING_MENTION = re.compile(r"^(?:@[^\s\u2005@]{1,40}[\s\u2005]*)+")
_WECHAT_EMOJI = re.compile(r"\[[\u4e00-\u9fa5A-Za-z]{1,6}\]")


def command_text(text: str) -> str:
    """NFKC (full-width to half-width), leading @mentions and [表情] codes removed, trimmed."""
    text = unicodedata.normalize("NFKC", text[:MAX_TEXT])
    text = _WECHAT_EMOJI.sub("", text).strip()
    return _LEADING_MENTION.sub("", text).strip()
