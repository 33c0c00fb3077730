"""Answers to the bot's own questions, in the asker's words.

The 微心愿 consent ("同意公开", "不公开"), a 待确认 decision ("Q0003 不是"), the notice
preview ("好的确认", "算了 取消") and the address 帮办代办 asks for. Each applies only
while its question is pending; the pipeline checks that.
"""

from __future__ import annotations

import re

from bot.chat.phrasing.text import (
    ANY_CODE,
    END_PARTICLES,
    INNER_DECOR,
    TURNS_NO,
    TURNS_YES,
    WISH,
    Rewrite,
    clauses,
    one_answer,
)

# Answers to the 微心愿 consent question ("愿意公开到群里，请回复「公开 W0001」").
# Making it public in plain words: "让大家看见吧", "发到群里吧" (convofix12).
_PUBLIC = (
    r"(?:公开|让(?:大家|邻居们?|群里)(?:都)?(?:看见|看到|知道|瞧瞧|看看)"
    r"|(?:发|放|贴|挂)(?:到|在)?群里(?:去)?)"
)
_PUBLIC_WORDS = re.compile(_PUBLIC)
# After 公开, words that reassure ("公开没事的", "公开也行", "公开无所谓", "公开不要紧"): the
# owner saying it does not bother her is a yes, with or without 也 (convo15c wish_public).
_REASSURED = r"(?:好了|(?:也|都)?(?:行|可以|没关系|没事儿?|无所谓|不要紧|不碍事|没问题|没啥))"
_SHOW = re.compile(
    rf"(?:算了|那|还是|同意|愿意|可以|能|行|好的?|那就|就|没问题)*{_PUBLIC}(?:心愿)?{_REASSURED}?"
    r"|(?:那就?)?公开就公开"  # "公开就公开吧 没啥不好意思的": yielding is still a yes
)
_HIDE = re.compile(
    rf"(?:算了)?(?:不|别|不要|不用|不想|先不|暂时不|还是不){_PUBLIC}(?:心愿)?(?:了|吧)?"
)
# "公开不公开都行", "都可以", "随便": either is fine — privacy is the default, so 不公开, and the
# answer says how to make it public later (convo4 F85).
_EITHER = re.compile(
    r"(?:公开不公开|公不公开|公开或不公开|公开还是不公开)?(?:都|怎样都|怎么都)(?:行|可以|好|成|没关系)"
    r"|随便|无所谓|你们看着办|听你们的|你们定"
)
_ANSWER_PARTICLES = re.compile(r"(?:的|了|啦|啊|吧|呀|哈|哦|嘛|呗)+$")
_SHOW_BARE = re.compile(r"同意|愿意|可以|没问题")
_HIDE_BARE = re.compile(r"不同意|不愿意|不可以|不行|算了|不用|不要|不用了")


def consent(text: str, *, private: bool, **_: bool) -> Rewrite | None:
    """公开 / 不公开 in the owner's words: the whole reply, or the clauses that say 公开 when
    the others are fillers and reasons ("可以 公开吧 没事", "别公开了 不好意思")."""
    code = WISH.search(text)
    words = WISH.sub(" ", text) if code else text
    suffix = f" W{code[1]}" if code else ""
    whole = _ANSWER_PARTICLES.sub("", INNER_DECOR.sub("", words))
    if _SHOW.fullmatch(whole):
        return Rewrite(f"公开{suffix}", "consent")
    if _HIDE.fullmatch(whole) or _EITHER.fullmatch(whole):
        return Rewrite(f"不公开{suffix}", "consent")
    said = {
        _polarity(_ANSWER_PARTICLES.sub("", c)) for c in clauses(words) if _PUBLIC_WORDS.search(c)
    }
    if len(said) == 1 and None not in said:
        return Rewrite(f"{said.pop()}{suffix}", "consent")
    if not (private or code):
        return None  # "同意" in a group is someone agreeing with a neighbour
    if _SHOW_BARE.fullmatch(whole):
        return Rewrite(f"公开{suffix}", "consent")
    if _HIDE_BARE.fullmatch(whole):
        return Rewrite(f"不公开{suffix}", "consent")
    return None


def names_publicity(text: str) -> bool:
    """The words say 公开 (or 发到群里): about the 微心愿 consent question by name, so a 👌 beside
    them is that answer's emoji, not a verdict on some work (convo15c wish_public)."""
    return _PUBLIC_WORDS.search(text) is not None


def _polarity(clause: str) -> str | None:
    if _SHOW.fullmatch(clause):
        return "公开"
    if _HIDE.fullmatch(clause):
        return "不公开"
    return None


_REVIEW = re.compile(r"(?<![A-Za-z])[Qq]\s*(\d+)")
# 待确认 answers: "Q0003 不是", "是的，Q0004是诉求".
_REVIEW_NO = re.compile(r"(?:不是|不算|没事|不用管?)(?:诉求|问题)?(?:了|吧|啊)?")
_REVIEW_YES = re.compile(
    r"(?:是的?|对的?|确认|确实)?(?:是|算|属于)?(?:诉求|问题|要处理|转为诉求|转诉求)?(?:了|吧|啊)?"
    r"|(?:是的?|对的?|确认)(?:这个|这件)?(?:要|得|需要)?(?:管|处理|转)?(?:一下)?"
)


# A yes clause that says something ("是的", "是诉求", "确认"), never particles alone.
_REVIEW_YES_WORD = re.compile(rf"(?=[是对确算属转要])(?:{_REVIEW_YES.pattern})")


def review_answer(text: str, **_: bool) -> Rewrite | None:
    """A 楼栋党小组长's answer about a 待确认 message, the code first or inside."""
    codes = _REVIEW.findall(text)
    if len(codes) != 1:
        return None
    words = END_PARTICLES.sub("", INNER_DECOR.sub("", _REVIEW.sub("", text)))
    if _REVIEW_NO.fullmatch(words):
        return Rewrite(f"不是 Q{codes[0]}")
    if words and _REVIEW_YES.fullmatch(words):
        return Rewrite(f"是 Q{codes[0]}")
    # "Q0003 不是 就是闲聊", "是的 Q0004 麻烦安排一下": the answer and a few words (issue 11).
    said = one_answer(
        _REVIEW.sub(" ", text),
        {"不是": _REVIEW_NO, "是": _REVIEW_YES_WORD},
        {"是": TURNS_YES, "不是": TURNS_NO},
    )
    return Rewrite(f"{said} Q{codes[0]}") if said is not None else None


# Answers to the notice preview: "好的确认", "确认！发吧", "算了 取消".
_CONFIRM = re.compile(
    r"(?:好的?|嗯|行|可以|没问题|OK|ok)?(?:确认|确定)(?:发送|发吧|发出|发|了|吧)*"
    r"|(?:好的?|嗯|行|可以|没问题|OK|ok)*(?:发吧|发送吧?|发出去吧?|就这样发吧?)"
)
_DROP = re.compile(r"(?:算了|那|还是)?(?:取消|不发了|别发了|先不发|作废)(?:吧|了|掉)*")


def notice_answer(text: str, *, private: bool, **_: bool) -> Rewrite | None:
    """A secretary's answer to the notice preview in her own words (private only)."""
    if not private:
        return None
    words = INNER_DECOR.sub("", text)
    if _CONFIRM.fullmatch(words):
        return Rewrite("确认", "draft")
    if _DROP.fullmatch(words):
        return Rewrite("取消", "draft")
    return None


def notice_answer_words(text: str, *, private: bool, **_: bool) -> Rewrite | None:
    """ "算了 取消 时间还没定", "确认 辛苦了": the preview's answer and a few words around it
    (issue 11). After the other rules: "我自己拿了 不用了 取消吧" is a resident's withdrawal;
    the pipeline prefers this reading while her notice waits in preview."""
    if not private:
        return None
    said = one_answer(
        text,
        {"确认": _CONFIRM, "取消": _DROP},
        {"确认": TURNS_YES, "取消": TURNS_NO},
    )
    return Rewrite(said, "draft") if said is not None else None


# An address as the answer to 帮办代办's question: "1号楼1单元102 下午三点以后都在家".
# A door, not just a building: a unit, a room or 3-2-502, so "3号楼电梯坏了" stays a report.
_ADDRESS = re.compile(
    r"(?:\d+|[一二三四五六七八九十]+)\s*单元|\d{3,4}\s*(?:室|号房|房)?(?!\d)(?:\s|$|[,，])"
    r"|\d+-\d+(?:-\d+)?"
)


_HELP_CODE = re.compile(r"(?<![A-Za-z])[Hh]\s*\d+")
# "地址同上", "还是那个地址 明天下午": the address of the person's previous 帮办 (convo4 F97).
SAME_ADDRESS = re.compile(
    r"^(?:地址)?[\s:：,，]*(?:同上|跟上面一样|和上面一样|跟上次一样|和上次一样|还是那个地址|还是老地址"
    r"|老地址|地址一样|一样的地址)"
)


def address(text: str, *, private: bool, **_: bool) -> Rewrite | None:
    """The address the 帮办代办 question asked for (the pipeline checks that it is pending)."""
    if private and SAME_ADDRESS.match(text):
        return Rewrite(f"地址 {text.removeprefix('地址').strip()}", "address")
    if private and _ADDRESS.search(text) and not (ANY_CODE.search(text) or _HELP_CODE.search(text)):
        return Rewrite(f"地址 {text}", "address")
    return None


# Taking back one's own request in words: "我自己拿了 不用了 取消吧", "不要了 撤回吧".
_WITHDRAW = re.compile(r"(?:那就|还是|算了)?(?:取消|撤回|撤销|撤了|不要了)(?:吧|了|掉|算了)*")


def withdrawal(text: str, *, private: bool, **_: bool) -> Rewrite | None:
    """Privately, a withdrawal phrase without a code: the pipeline picks the sender's one open
    帮办 or 微心愿, and does nothing when there are none or several."""
    if not private or ANY_CODE.search(text):
        return None
    parts = [END_PARTICLES.sub("", c) or c for c in clauses(text)]
    if len(parts) > 4 or not any(_WITHDRAW.fullmatch(c) for c in parts):
        return None
    return Rewrite("撤回", "withdraw")
