"""Commands as people type them: one place that turns natural phrasing into command text.

The rule (issue 11): a command that carries its code (E0001, W0001, an activity number), or
that answers the bot's own question (the 回访 rating, the 微心愿 consent), works with
punctuation, emoji, politeness and a few trailing words around it. Chinese glued to a command
word without a code stays speech: "进度太慢了", "办结了吗".

`rewrite()` is tried only when the exact command table did not understand a message. It
returns the command text the table should see, and what must hold for it to apply: an
answer to the bot's question applies only while that question is pending (the pipeline
checks), so "不满意，电梯又坏了" from someone with nothing to rate is still a new report.

Each module holds the rules of one feature; this one fixes their order.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from bot.chat.phrasing.answers import (
    address,
    consent,
    names_publicity,
    notice_answer,
    notice_answer_words,
    review_answer,
    withdrawal,
)
from bot.chat.phrasing.claims import claim
from bot.chat.phrasing.dispatch import at_names, dispatch_words, plain_dispatch_words
from bot.chat.phrasing.embedded import embedded
from bot.chat.phrasing.handling import (
    code_first,
    done_without_code,
    hand_back_without_code,
    long_note,
    note,
    plan_without_code,
)
from bot.chat.phrasing.publicity import publicity_name
from bot.chat.phrasing.ratings import (
    UNCLEAR,
    Level,
    emoji_only,
    fixed_and_thanked,
    rating,
    rating_level,
    subject_ratings,
)
from bot.chat.phrasing.requests import glued_help, long_form
from bot.chat.phrasing.signups import about_activity, cancel, signup, signup_by_title
from bot.chat.phrasing.staffing import staff_words
from bot.chat.phrasing.status import status
from bot.chat.phrasing.suggestions import promote
from bot.chat.phrasing.text import (
    DECOR,
    MAX_PHRASE,
    ONLY_DECOR,
    Needs,
    Rewrite,
    clean_note,
    trim,
)
from bot.chat.phrasing.votes import opinion, quoted_ballot, vote  # noqa: F401 (re-exported)
from bot.chat.phrasing.wishes import fulfilled

__all__ = [
    "MAX_PHRASE",
    "UNCLEAR",
    "Level",
    "Needs",
    "Rewrite",
    "at_names",
    "clean_note",
    "fixed_and_thanked",
    "notice_answer_words",
    "rating_level",
    "rewrite",
    "subject_ratings",
    "trim",
    "withdrawal",
    "without_staff_words",
]

_COMMAND_WORDS = "进展|进度|办结|认领|接单|退回|已实现|派单|查询|查"
# Politeness and address in front of a command: "请问进度 E0001", "麻烦帮我查进度 E0001".
_POLITE = re.compile(
    r"^(?:(?:请问|请|麻烦(?:你|您)?|劳驾|帮(?:我|忙)|你好|您好|小助手|在吗|那个|嗯+|哦+)"
    rf"[{DECOR}]*|好的[{DECOR}]+"
    # "那E0001 安排吴师傅去", "不好意思打错了 进展 E0001 …" (convofix11c): a link word or an
    # apology for a typo in front of a command that carries its code. Only there: "那边电梯
    # 坏了", "不好意思 电梯又坏了" stay as they were written.
    rf"|(?:那(?:就|么)?|(?:不好意思|抱歉|对不起|sorry)?[{DECOR}]*(?:刚才|上面|前面)?"
    r"(?:打错了?|写错了?|发错了?|输错了?|编号错了?|搞错了?|弄错了?)(?:编号)?)"
    rf"[{DECOR}]*(?=(?:{_COMMAND_WORDS})?[{DECOR}]*[EeWwHhYyQq]\s*\d))+"
)
# Subject words before a resident's command word: "我也报名2", "我想取消报名 3" (only with a
# number, or quoting the activity message: "我也报名了" is news, not a command).
_SUBJECT = re.compile(r"^(?:我们?|咱)?(?:也|还)?(?:要|想|就)?(?=报名|取消|已实现|公开|不公开)")
_DIGIT = re.compile(r"\d")
# A neighbour's agreement in front of their own command: "+1 我也报名1", "同上 我也报名2"
# (convo8 B10). Taken off only when a command with its number follows; "+1" alone is agreement.
# Emoji that carry a verdict on the work (thumbs, angry faces, stars).
_VERDICT = re.compile("[👍👌👎😡😠👿💢⭐🌟]")
_AGREE = re.compile(rf"^(?:[+＋]\s*1(?!\d)|加一|同上|附议|一样)[{DECOR}]*")

Rule = Callable[..., Rewrite | None]

_QUOTED_WORD = re.compile(r"[「『“\"‘]([^「」『』“”\"‘’\s]{1,6})[」』”\"’]")

# In order: the first rule that recognises the message wins.
_RULES = (
    dispatch_words,
    promote,
    staff_words,
    code_first,
    about_activity,
    signup,
    cancel,
    signup_by_title,
    fulfilled,
    claim,
    consent,
    rating,
    status,
    note,
    opinion,
    review_answer,
    vote,
    publicity_name,
    glued_help,
    address,
    notice_answer,
    embedded,
    done_without_code,
    hand_back_without_code,
    plan_without_code,
    withdrawal,
    notice_answer_words,
)

# The rules without the leaders' instructions: a 派单 then needs its code in the words.
_PLAIN_RULES = tuple(
    plain_dispatch_words if rule is dispatch_words else rule
    for rule in _RULES
    if rule is not staff_words
)

# Rewrites kept, and the longest text kept: every rule is a pure function of the text and the
# two flags, and group chat repeats its short lines all day (a tenth of a chat line's CPU).
CACHED = 4096
CACHED_CHARS = 200


def rewrite(text: str, *, quoted: bool = False, private: bool = False) -> Rewrite | None:
    """The command a natural phrasing stands for, or None when it is speech."""
    if not text:
        return None
    if len(text) <= CACHED_CHARS:
        return _rewrite_cached(text, quoted, private)
    return _rewrite(text, quoted, private)


@lru_cache(maxsize=CACHED)
def _rewrite_cached(text: str, quoted: bool, private: bool) -> Rewrite | None:
    return _rewrite(text, quoted, private)


def _rewrite(
    text: str, quoted: bool, private: bool, rules: tuple[Rule, ...] | None = None
) -> Rewrite | None:
    if not text:
        return None
    long = long_form(text)
    if long is None and len(text) > MAX_PHRASE:
        long = long_note(trim(text))
    if long is not None or len(text) > MAX_PHRASE:
        return long
    if ONLY_DECOR.match(text):
        return Rewrite(f"评价 {text}", "rating") if emoji_only(text) else None
    if (
        _VERDICT.search(text)
        and rating_level(text) not in (None, UNCLEAR)
        and not names_publicity(text)  # "可以 公开没事的👌": the consent, by its own word
    ):
        # "👎 晚上还是闪", "谢谢 😡": the face is the verdict, and trimming would drop it.
        return Rewrite(f"评价 {text}", "rating")
    # "「不满意」E0003", "“认领” E0001": a command word quoted as the help text shows it is
    # the word itself (convofix11b); only a short quoted word, never quoted speech.
    text = _QUOTED_WORD.sub(r" \1 ", text).strip() or text
    bare = trim(_POLITE.sub("", trim(text)))
    if not bare:
        return None
    if quoted or _DIGIT.search(bare):
        rest = _AGREE.sub("", bare)
        if rest and (quoted or _DIGIT.search(rest)):
            bare = rest
        bare = _SUBJECT.sub("", bare)
    for rule in rules or _RULES:
        found = rule(bare, quoted=quoted, private=private)
        if found is not None:
            return found
    return Rewrite(bare) if bare != text else None


def without_staff_words(
    text: str, *, quoted: bool = False, private: bool = False
) -> Rewrite | None:
    """What the words are read as when a leader's instruction does not apply to the sender
    ("E0001 抓紧" from a resident, "E0001 交给我吧" on a case nobody holds): every rule but
    the leader's ones, as before they existed (convofix14d)."""
    return _rewrite(text, quoted, private, _PLAIN_RULES)
