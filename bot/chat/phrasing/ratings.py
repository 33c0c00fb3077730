"""Ratings in the words people use, mapped onto the three levels (满意 / 基本满意 / 不满意).

Answers the 回访 question: "挺满意的，辛苦了", "还行", "太差了", "👍", "E0002 基本满意".
"""

from __future__ import annotations

import re
from typing import Literal

from bot.chat.phrasing.text import CASE, DECOR, MAX_PHRASE, ONLY_DECOR, Rewrite, clauses, trim

Level = Literal["满意", "基本满意", "不满意"]
UNCLEAR: Literal["?"] = "?"

# Words people use, mapped onto the three levels. Longer phrases first: 不太满意 before 满意.
_NEGATIVE = (
    "不满意",
    "不太满意",
    "很不满意",
    "非常不满意",
    "不怎么满意",
    "太差",
    "很差",
    "真差",
    "差劲",
    "太烂",
    "不怎么样",
    "不咋地",
    "不咋样",
    "没用",
    "差评",
    "不行",
    "不好",
    "不太好",
    "不太行",
    "敷衍",
    "没修好",
    "没弄好",
    "没解决",
    "没有解决",
    "还是漏",
    "还是坏",
    "还是不",
    "一星",
    "👎",
    # Round nine (convo9): stars counted in words.
    "一颗星",
    "两颗星",
    "二星",
)
_BASIC = (
    "基本满意",
    "还行",
    "还可以",
    "还凑合",
    "凑合",
    "一般",
    "马马虎虎",
    "过得去",
    "还好",
    "一般般",
    "勉强",
    "三星",
    "三颗星",
    "就那样",
    "也就那样",
    "还算可以",
    "中规中矩",
    "说得过去",
)
_POSITIVE = (
    "满意",
    "非常满意",
    "很满意",
    "挺满意",
    "十分满意",
    "特别满意",
    "好评",
    "五星",
    "五颗星",
    "四颗星",
    "满分",
    "一百分",
    "点赞",
    "赞",
    "很好",
    "非常好",
    "挺好",
    "不错",
    "还不错",
    "可以",
    "太好了",
    "好多了",
    "好很多了",
    "好多啦",
    # convofix12: praise as people say it, the degree after the word ("好得很", "棒极了").
    "好得很",
    "好得不得了",
    "好极了",
    "棒极了",
    "太棒了",
    "棒得很",
    "👍",
    "👌",
)
# convofix13: net slang for praise ("yyds 终于修好了👍👍", "太给力了", "师傅牛"). Said sarcastically
# next to the fault ("又坏了 真是绝了") it is no praise: see _slang_doubt.
_SLANG = (
    "yyds",
    "绝了",
    "绝绝子",
    "给力",
    "牛",
    "牛啊",
    "牛逼",
    "牛b",
    "牛掰",
    "nb",
    "666",
    "6666",
    "棒",
    "真棒",
    "靠谱",
    "好样的",
    "杠杠的",
    "没毛病",
    "完美",
    "优秀",
)
_CONTRAST = re.compile(r"但是|但|不过|就是|可是|只是|然而")
# After a contrast, words that say the job itself is not done: "满意，但是还是漏", "亮了 满意
# 但是楼下的还是不亮". Anything else there is a caveat ("就是来得有点晚"): the level stands and
# the words go with it as a comment (convo8).
_STILL_WRONG = re.compile(
    r"还是|又|仍|依然|没(?:有)?(?:修|弄|好|解决|处理|来|人)|不(?:亮|通|行|好|管用)|漏|坏|堵|臭|吵"
)


# Speed as the whole answer: "太慢了", "修得也太慢了吧".
_TOO_SLOW = re.compile(
    r"(?:修得|弄得|来得|处理得|办得)?(?:也|真是?|实在)?太(?:慢|拖|磨蹭)了?(?:吧|啊|呀)?"
)
# The fault is still there after the work: "晚上还是闪", "又漏了" (a new fault is a report).
_STILL = re.compile(r"还是|又|仍|依然|没(?:修|弄|整)好")


def _caveat_only(tail: str) -> bool:
    """The words after a contrast are a caveat on the work, not a fault or another rating."""
    found = _CONTRAST.search(tail)
    after = tail[found.end() :] if found is not None else tail
    words = re.sub(rf"[\s{DECOR}，,。.!！~～…]+", "", after)
    return len(words) >= 2 and not _STILL_WRONG.search(words)


_FILLER = re.compile(
    r"^(?:我|我们)?(?:也|都)?(?:觉得|感觉|总体|整体|总的来说|还是|这个|这次|给个|给你们|给师傅|给|打个|必须)*"
)
_PARTICLES = re.compile(r"(?:的|了|啦|啊|吧|呀|哈|哦|嘛)+")
_END_PARTICLES = re.compile(r"(?:的|了|啦|啊|吧|呀|哈|哦|嘛|分)+$")
_CLAUSE = re.compile(rf"[{DECOR}]+")  # emoji end a clause too: "给个好评👍👍 小王辛苦了"
_DIGIT_RATING: dict[str, Level] = {"1": "满意", "2": "基本满意", "3": "不满意"}
# A degree word may come before any term ("很一般", "特别满意"); the term is group 1.
_DEGREE = r"(?:很|非常|挺|特别|比较|还算|蛮|相当|十分|真|超级?)"
# Thanks and fillers before the rating: "谢谢，很满意", "辛苦了！五星好评", "好 谢谢小孙 很满意".
_THANKS = re.compile(
    r"(?:谢谢|感谢|多谢|辛苦|麻烦)(?:了|啦|你们|您|大家|孙书记|师傅)*|好的?|收到|嗯+|哦+|已经?修好了?"
    r"|(?:谢谢|感谢|多谢)\S{1,6}|\S{0,4}(?:修|弄|换|搞|装)好了?"
)
# Stars as people send them: five (or four) is 满意, three 基本满意, fewer 不满意.
_STARS = ("⭐", "🌟")


def _lexicon(words: tuple[str, ...]) -> re.Pattern[str]:
    ordered = sorted(words, key=len, reverse=True)
    return re.compile(rf"{_DEGREE}?({'|'.join(re.escape(w) for w in ordered)})", re.IGNORECASE)


_RATING_TERMS = _lexicon(_NEGATIVE + _BASIC + _POSITIVE + _SLANG)
_RATING_AT_END = re.compile(_RATING_TERMS.pattern + "$", re.IGNORECASE)
_SLANG_TERMS = _lexicon(_SLANG)
_LEVEL_OF: dict[str, Level] = {
    **{w: "满意" for w in _POSITIVE + _SLANG},
    **{w: "基本满意" for w in _BASIC},
    **{w: "不满意" for w in _NEGATIVE},
}


# A score on the five-point habit ("3分"): 4–5 is 满意, 3 is in the middle (ask), 1–2 不满意.
_SCORE = re.compile(r"([1-5])分")
_SCORE_LEVEL: dict[str, Level | Literal["?"]] = {
    "5": "满意",
    "4": "满意",
    "3": "?",
    "2": "不满意",
    "1": "不满意",
}
# A rating ending a clause after a short observation: "亮了 满意", "装得挺好", "给你点个赞".
# Plain words of quality judge the work at a clause's end only after a verb with 得.
_PLAIN = frozenset(
    [
        "很好",
        "非常好",
        "挺好",
        "太好了",
        "还好",
        "不好",
        "不太好",
        "不错",
        "还不错",
        "可以",
        "一般",
        "还行",
        "不行",
        "没用",
        "一般般",
        "还可以",
        "不太行",
        "不怎么样",
        "勉强",
    ]
)
# An opinion aimed at someone else than this piece of work ("对物业不满意").
_AIMED = re.compile(r"对(?!(?:这次|这个|处理|结果|服务|工作|你们|师傅|您))")
_FAULT = frozenset(("没修好", "没弄好", "没解决", "没有解决", "还是漏", "还是坏", "还是不", "没用"))
_TAIL_PARTICLES = re.compile(r"(?:的|了|啦|啊|吧|呀|哈|哦|嘛)+$")
_NEGATED = re.compile(r"(?:不|没|没有|并不|不是|不算|谈不上)$")


# convofix12: thanks glued to the words before them ("亮了亮了好得很谢谢吴师傅") end a clause.
_THANKS_GLUED = re.compile(r"(?<=[^\s，,。.!！~～…])(?=谢谢|感谢|多谢|辛苦)")
# The fault is gone, said as the news: "亮了亮了", "通了", "修好了", "不漏了", "暖和了".
_FIXED = re.compile(
    r"(?:(?:已经|终于|总算|现在|都)?(?:亮|通|热|暖和?|好|修好|弄好|换好|装好|能用|不漏|不堵|不响|不吵)"
    r"(?:了|啦)(?:的|呀|哈)?)+"
)
_ASKED = re.compile(r"[吗么嘛？?]|没有$|了没")
_MORE = re.compile(r"^(?:太|真|非常|特别|十分)")


def fixed_and_thanked(text: str) -> bool:
    """ "亮了亮了 谢谢吴师傅": the news that the fault is gone, then thanks, answers the 回访
    question with 满意 (convofix12); a question ("修好了吗") or any other words do not. Only
    from someone the bot waits on for a rating: from a member the same words report the work
    done ("修好了 谢谢大家")."""
    if _ASKED.search(text):
        return False
    parts = [_MORE.sub("", c) for p in _CLAUSE.split(trim(text)) for c in _THANKS_GLUED.split(p)]
    parts = [c for c in parts if c]
    fixed = [c for c in parts if _FIXED.fullmatch(c)]
    thanks = [c for c in parts if _THANKS.fullmatch(c) and not _FIXED.fullmatch(c)]
    return bool(fixed and thanks) and len(fixed) + len(thanks) == len(parts)


def _term_at_end(clause: str) -> tuple[Level, bool] | None:
    """The rating a clause ends with ("太好了" as said, "满意的" without its particle), and
    whether a negation stands right before it."""
    found = _RATING_AT_END.search(clause)
    if found is None:
        clause = _TAIL_PARTICLES.sub("", clause)
        found = _RATING_AT_END.search(clause)
    if found is None:
        return None
    before = clause[: found.start()]
    if found[1] in _FAULT:
        return None  # "2号楼还是漏" reports the fault again: a case's words, not a rating
    if found[1] in _PLAIN and before and not before.endswith("得"):
        return None  # "今天天气挺好" is chat; "装得挺好" judges the work
    if found[1] == "牛" and before.endswith("吹"):
        return None  # "别吹牛了" is no praise
    if _AIMED.search(before):
        return None  # "我对物业不满意，电梯又坏了" is a complaint about someone, not the answer
    return _LEVEL_OF[found[1].lower()], bool(_NEGATED.search(before))


def _anywhere(clauses: list[str]) -> Level | Literal["?"] | None:
    """The answer when the rating is not the first words: an observation or thanks before it
    ("亮了 满意", "收到了 小孙这孩子真好 满意"). Each clause may start or end with a rating
    term; clauses without one (亮了, 看到了, 根本没人来收) only explain. A negated term or two
    levels make it a question."""
    levels: set[Level] = set()
    for clause in clauses:
        head = _FILLER.sub("", clause)
        start = _RATING_TERMS.match(head)
        if start is not None and not _PARTICLES.sub("", head[start.end() :]):
            levels.add(_LEVEL_OF[start[1].lower()])
            continue
        end = _term_at_end(clause)
        if end is None:
            continue
        if end[1]:
            return UNCLEAR  # "没有很满意": not what the term says
        levels.add(end[0])
    if not levels:
        return None
    level = levels.pop() if len(levels) == 1 else UNCLEAR
    contrast = [c for c in clauses if _CONTRAST.search(c)]
    if level != "不满意" and contrast and not _caveat_only(" ".join(contrast)):
        return UNCLEAR  # "亮了 满意 但是楼下的还是不亮"
    return level


def rating_level(text: str) -> Level | Literal["?"] | None:
    """The level a reply to a rating request means (see _plain_level); slang praise beside
    words that the fault is still there ("又坏了 真是绝了") is sarcasm or mixed: a question."""
    level = _plain_level(text)
    if level == "满意" and _SLANG_TERMS.search(text) and _STILL_WRONG.search(text):
        return UNCLEAR
    return level


def _plain_level(text: str) -> Level | Literal["?"] | None:
    """The level a reply to a rating request means; UNCLEAR for mixed signals; None if none.

    The first clause decides ("挺满意的，辛苦了"); a later clause may agree ("不满意，还是漏")
    but a contrast ("还可以吧但是…") or an opposite level elsewhere makes it a question.
    A rating word that starts other speech ("满意度调查", "一般来说…") is no rating.
    """
    if ONLY_DECOR.match(text):
        return emoji_only(text)
    thumbs = emoji_only("".join(re.findall(rf"[{DECOR}]", text)))
    text = trim(text)
    if text in _DIGIT_RATING:
        return _DIGIT_RATING[text]
    if _TOO_SLOW.fullmatch(text):
        return "不满意"  # "太慢了" alone is the verdict; after "还行，不过" it is a caveat
    if not text or len(text) > MAX_PHRASE:
        return None
    clauses = [c for part in _CLAUSE.split(text) for c in _THANKS_GLUED.split(part) if c]
    while len(clauses) > 1 and _THANKS.fullmatch(clauses[0]):
        clauses = clauses[1:]
    if thumbs is not None and all(_THANKS.fullmatch(c) for c in clauses):
        return thumbs  # "谢谢王书记👍": thanks and a thumb are the rating (convo8)
    if thumbs == "不满意" and all(_STILL.search(c) or _THANKS.fullmatch(c) for c in clauses):
        return thumbs  # "👎 晚上还是闪": a thumbs-down and the fault still there (convo9)
    first, *rest = clauses
    first = _after_thanks(first)
    score = _SCORE.fullmatch(_PARTICLES.sub("", first))
    if score is not None:
        return _SCORE_LEVEL[score[1]]
    digit = _END_PARTICLES.sub("", first)
    if digit in _DIGIT_RATING:
        return _DIGIT_RATING[digit]  # "2吧 有两层还是不太灵": the number chose, the rest is why
    head = _FILLER.sub("", first)
    found = _RATING_TERMS.match(head)
    after = _PARTICLES.sub("", head[found.end() :]) if found is not None else ""
    if found is None or (after and not (_CONTRAST.match(after) or _RATING_TERMS.match(after))):
        return _anywhere(clauses)
    level = _LEVEL_OF[found[1].lower()]
    tail = after + " ".join(rest)
    if _CONTRAST.search(tail) and level != "不满意" and not _caveat_only(tail):
        # "还可以吧 但是…" is a question; "差评 …就是敷衍" is 不满意 with its reason;
        # "还凑合吧 就是来得有点晚" is 基本满意 with its caveat (convo8).
        return UNCLEAR
    others = {_LEVEL_OF[t.lower()] for t in _RATING_TERMS.findall(tail)}
    return UNCLEAR if others - {level} else level


def _after_thanks(clause: str) -> str:
    """ "修好了挺满意", "谢谢小孙很满意": thanks or the news glued to the rating, dropped (the
    shortest such lead: the rating term must follow it)."""
    for cut in range(1, len(clause)):
        if _THANKS.fullmatch(clause[:cut]) and _RATING_TERMS.match(_FILLER.sub("", clause[cut:])):
            return clause[cut:]
    return clause


# Faces people send as a verdict on the work (an angry face is a thumbs-down).
_CROSS = ("😡", "😠", "👿", "💢")


def emoji_only(text: str) -> Level | None:
    ups = text.count("👍") + text.count("👌")
    downs = text.count("👎") + sum(text.count(face) for face in _CROSS)
    stars = sum(text.count(s) for s in _STARS)
    if ups == downs and stars:
        return "满意" if stars >= 4 else "基本满意" if stars == 3 else "不满意"
    if ups == downs:
        return None
    return "满意" if ups > downs else "不满意"


# "门那个满意", "减速带的一般": a case named by its thing, then the rating (convo3 D29).
_BY_SUBJECT = re.compile(
    r"^(?P<subject>[\u4e00-\u9fff]{1,8}?)(?:的那个|那个|那件|这个|那边|的事|的)(?P<words>.+)$"
)


# "减速带一般", "单元门满意": the thing glued to the rating, in a clause of its own (convo10).
_GLUED_SUBJECT = re.compile(
    r"^(?P<subject>[\u4e00-\u9fff]{1,8}?)"
    r"(?P<words>(?:非常|很|挺|特别|比较|还算|基本|不太|不)?(?:满意|一般|还行|凑合|差劲|太差).*)$"
)
# Words that start a rating, never a thing: "非常满意", "都满意", "总体满意".
_NOT_A_THING = re.compile(
    r"^(?:非常|很|挺|特别|比较|还算|基本|都|也|总体|整体|还|就|真|太|我|都还)+$"
)


def subject_ratings(text: str) -> list[tuple[str, Level]] | None:
    """Each clause's thing and rating, when every clause is "<thing>那个<rating>" (or the
    thing glued to it: "减速带一般")."""
    found: list[tuple[str, Level]] = []
    for part in clauses(text):
        match = _BY_SUBJECT.match(part) or _GLUED_SUBJECT.match(part)
        if match is not None and _NOT_A_THING.match(match["subject"]):
            match = None
        level = rating_level(match["words"]) if match is not None else None
        if match is None or level is None or level == UNCLEAR:
            return None
        found.append((match["subject"], level))
    return found or None


_HELP = re.compile(r"(?<![A-Za-z])[Hh]\s*(\d+)")
_DOOR = re.compile(r"\d+\s*[-－—#＃]\s*\d+|单元\s*\d{2,4}|\d+\s*(?:号楼|栋|幢)\s*\d{3,4}")
_OTHER_CODE = re.compile(r"(?<![A-Za-z])[WwYyVvQqBbSs]\s*\d+")


def rating(text: str, **_: bool) -> Rewrite | None:
    """A rating in words, with the case's or the 帮办's code anywhere ("H0001 满意 谢谢小孙").
    Another feature's code makes it that feature's: "Y0001 划得挺好 满意" is a 评议."""
    if _OTHER_CODE.search(text) or _DOOR.search(text):
        return None  # "3-1-101" is a door (楼-单元-室) answering where, never "3 满意" (F4)
    code, kind = CASE.search(text), "E"
    if code is None:
        code, kind = _HELP.search(text), "H"
    words = (text[: code.start()] + " " + text[code.end() :]).strip() if code else text
    if rating_level(words) is None:
        if not code and subject_ratings(text):
            return Rewrite(f"评价 {text}", "rating")
        return None
    return Rewrite(f"评价 {kind}{code[1]} {words}" if code else f"评价 {words}", "rating")
