"""Commands as people type them: one place that turns natural phrasing into command text.

The rule (issue 11): a command that carries its code (E0001, W0001, an activity number), or
that answers the bot's own question (the 回访 rating, the 微心愿 consent), works with
punctuation, emoji, politeness and a few trailing words around it. Chinese glued to a command
word without a code stays speech: "进度太慢了", "办结了吗".

`rewrite()` is tried only when the exact command table did not understand a message. It
returns the command text the table should see, and what must hold for it to apply: an
answer to the bot's question applies only while that question is pending (the pipeline
checks), so "不满意，电梯又坏了" from someone with nothing to rate is still a new report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Needs = Literal["rating", "consent", "member", "handler", "secretary", "address", "draft"]
Level = Literal["满意", "基本满意", "不满意"]
UNCLEAR: Literal["?"] = "?"

MAX_PHRASE = 40  # longer messages are reports or chat, never a rephrased command

# Punctuation, symbols and emoji that decorate a message; trimmed from both ends.
_DECOR = (
    r"\s,.!?;:~…\-—·、，。！？；：～“”‘’\"'（）()【】\[\]<>《》"
    r"\u2600-\u27bf\U0001f000-\U0001faff\ufe0f\u200d"
)
_TRIM = re.compile(rf"^[{_DECOR}]+|[{_DECOR}]+$")
_ONLY_DECOR = re.compile(rf"^[{_DECOR}]*$")
_LEADING_NOTE = re.compile(r"^[\s,.;:!?、，。；：！？~～\-—]+")

# Politeness and address in front of a command: "请问进度 E0001", "麻烦帮我查进度 E0001".
_POLITE = re.compile(
    r"^(?:(?:请问|请|麻烦(?:你|您)?|劳驾|帮(?:我|忙)|你好|您好|小助手|在吗|那个|嗯+|哦+)"
    rf"[{_DECOR}]*|好的[{_DECOR}]+)+"
)
# Subject words before a resident's command word: "我也报名2", "我想取消报名 3" (only with a
# number, or quoting the activity message: "我也报名了" is news, not a command).
_SUBJECT = re.compile(r"^(?:我们?|咱)?(?:也|还)?(?:要|想|就)?(?=报名|取消|已实现|公开|不公开)")
_DIGIT = re.compile(r"\d")

_CASE = re.compile(r"(?<![A-Za-z])[Ee]\s*(\d+)")
_WISH = re.compile(r"(?<![A-Za-z])[Ww]\s*(\d+)")
_ANY_CODE = re.compile(r"(?<![A-Za-z])[EeWw]\s*\d+")
_CLAIMABLE = re.compile(r"(?<![A-Za-z])[EeWwHh]\s*\d+")
_NOTICE_CODE = re.compile(r"(?<![A-Za-z])[Bb]\s*\d+")

# A question about a code: "E0003到哪一步了", "请问E0003现在怎么样了", "w0002呢".
_ASKING = re.compile(
    r"到哪|哪一步|哪步|怎么样|怎样|如何|进度|进展|状态|情况|处理|弄好|修好|办好|好了没|好没|"
    r"多久|什么时候|啥时候|几时|咋样|呢|吗|么|没有?$|[?？]"
)

# 取消 with the number before 报名: "取消2号报名", "取消第2个活动的报名", "2号活动不去了".
_CANCEL = re.compile(
    r"^(?:取消|退掉|退出)(?:第)?(\d+)(?:号|个)?(?:活动)?(?:的)?(?:报名|活动)?"
    r"|^(\d+)(?:号)?(?:活动)?(?:去不了|不去了|参加不了)"
)

# Answers to the 微心愿 consent question ("愿意公开到群里，请回复「公开 W0001」").
_SHOW = re.compile(
    r"(?:同意|愿意|可以|能|行|好的?|那就|就|没问题)*公开(?:心愿)?(?:好了|也行|也可以)?"
)
_HIDE = re.compile(r"(?:算了)?(?:不|别|不要|不用|不想|先不|暂时不|还是不)公开(?:心愿)?(?:了|吧)?")
_SHOW_BARE = re.compile(r"同意|愿意|可以|没问题")
_HIDE_BARE = re.compile(r"不同意|不愿意|不可以|不行|算了|不用|不要|不用了")
_INNER_DECOR = re.compile(rf"[{_DECOR}]+")

# Claiming in a member's words, with a quoted case message or a code.
_CLAIM = re.compile(
    r"^(?:好的?|行|嗯+|那|收到|没问题|明白|OK|ok|Ok)*(?:这个|这件事?|这单|这事|那个|那|这)?(?:就|由)?"
    r"(?:我来认领|我来接单?|我来|我去|交给我|我接了|我接|我来吧|我来处理|我来办|我负责|我去处理|"
    r"我去看看|我跟进|我认领|认领|接单|我接单)"
    r"(?:处理|办|吧|了|啊|哈|呀|帮忙|帮|看看|一下)*$"
)

# A code in front of the command word: "E0001 办结 水管换好了", "E0002进展：师傅下午到".
_CODE_FIRST = re.compile(
    r"^(?P<code>[EeWwHhYyQq]\s*\d+)[\s,，:：]*"
    r"(?P<verb>办结|进展|方案|认领|接单|退回|进度|已实现|派单给|派给|派单|评议|意见)(?P<rest>.*)$",
    re.S,
)
# What a handler writes under a code without a command word: done, or else news.
_DONE = re.compile(
    r"(?:已经?|都)?(?:修|换|弄|搞|处理|清理|清|疏通|通|装|补|办|解决|整改|完工|完成)(?:好|完|掉|了)"
    r"|已(?:经)?(?:修复|解决|办结|完工|完成|疏通|处理|更换|清理)|搞定|弄妥|完事"
)

_VERB_ECHO = re.compile(r"^(?:已经?|都)?(?:办结|完成|处理完|搞定)(?:了|啦)?[\s,，。.:：!！]*")
_QUESTION = re.compile(r"吗|么|没有?$|没呢|呢|[?？]|几时|什么时候|啥时候|多久|到哪|怎么样|咋样")

# A notice with the audience glued to the command word: "通知全部：今晚8点消防演练".
_GLUED_NOTICE = re.compile(
    r"^(?P<verb>通知|群发)(?P<who>全部|全体|所有群|所有人|各群)[\s:：,，]*(?P<body>\S.*)$", re.S
)
# "W0001实现了", "心愿已经实现了 W0001": the owner says it came true.
_FULFILLED = re.compile(
    r"(?:我的?)?(?:微?心愿)?(?:已经?|都|终于)?实现(?:了|啦|喽)?(?:谢谢.*|感谢.*)?"
)
# A suggestion in the words people use: "建议小区多装几个充电桩", "我有个建议：…".
_SUGGESTION = re.compile(
    r"^(?:我|我们)?(?:有个|有一个|有条|提个|提一个|提条|想提个|想提一个)?(?:小)?建议"
    r"(?:一下)?(?:[:：,，\s]+|(?=小区|社区|物业|居委|楼下|楼道|门口|在|把|给|增加|加装|多|能|可以|装|设|开))"
    r"(?P<text>\S.{3,})$",
    re.S,
)
_ADVICE_TO_PEOPLE = re.compile(r"^(?:大家|各位|你|您|邻居们?|家长们?)")
MAX_SUGGESTION = 300

# Codes of the other features, each for its own rule.
_TOPIC = re.compile(r"(?<![A-Za-z])[Yy]\s*(\d+)")
_REVIEW = re.compile(r"(?<![A-Za-z])[Qq]\s*(\d+)")
_VOTE = re.compile(r"(?<![A-Za-z])[Vv]\s*(\d+)")
# An opinion on a topic: "Y0001 我同意 早该管管了", "对Y0001我没意见 同意".
_OPINION = re.compile(r"同意|支持|赞成|反对|没意见|有意见|意见|建议|不行|可以|挺好|不好")
_OPINION_LEAD = re.compile(r"^(?:对|关于)?(?:的意见|意见)?[\s:：,，]*")
# 待确认 answers: "Q0003 不是", "是的，Q0004是诉求".
_REVIEW_NO = re.compile(r"(?:不是|不算|没事|不用管?)(?:诉求|问题)?(?:了|吧|啊)?")
_REVIEW_YES = re.compile(
    r"(?:是的?|对的?|确认|确实)?(?:是|算|属于)?(?:诉求|问题|要处理|转为诉求|转诉求)?(?:了|吧|啊)?"
)
# A vote in words: "我投同意 V0001", "V0001 我选1".
_VOTE_WORDS = re.compile(r"^(?:我)?(?:投|选)(?:票|了)?")
# An address as the answer to 帮办代办's question: "1号楼1单元102 下午三点以后都在家".
# A door, not just a building: a unit, a room or 3-2-502, so "3号楼电梯坏了" stays a report.
_ADDRESS = re.compile(
    r"(?:\d+|[一二三四五六七八九十]+)\s*单元|\d{3,4}\s*(?:室|号房|房)?(?!\d)(?:\s|$|[,，])"
    r"|\d+-\d+(?:-\d+)?"
)
# 帮办代办 glued to what is wanted: "代办取快递", "我想代办 养老金认证".
_GLUED_HELP = re.compile(
    r"^(?:我|我们)?(?:想|要|需要|申请)?(代办|帮办)[\s:：,，]*(?![的呢吗嘛清单])(\S.*)$"
)
# Answers to the notice preview: "好的确认", "确认！发吧", "算了 取消".
_CONFIRM = re.compile(
    r"(?:好的?|嗯|行|可以|没问题|OK|ok)?(?:确认|确定)(?:发送|发吧|发出|发|了|吧)*"
)
_DROP = re.compile(r"(?:算了|那|还是)?(?:取消|不发了|别发了|先不发|作废)(?:吧|了|掉)*")
_CN_NUMBER = {
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
}
_COMPANIONS = re.compile(
    r"(?:和|带|跟|同)(?:着)?(?:老伴儿?|孩子|小孩|孙子|孙女|外孙|老公|媳妇|爱人|家人|朋友|邻居)"
)

# Activity sign-ups in other words: "报名第1个", "1号活动我报名", "帮我报个名 活动1".
_SIGN = re.compile(r"报个?名|参加|算我一个|我也去")
_WITHDRAW = re.compile(r"取消|不去了|去不了|参加不了|不参加了?|退出|退掉")
_ACTIVITY_REF = re.compile(
    r"(?:第|活动)?\s*(\d{1,4}|(?<=第)[一二两三四五六七八九十]|[一二两三四五六七八九十](?=号))"
    r"\s*(?:号|个)?(?:活动)?"
)
_SIGN_FILLER = re.compile(
    r"我们?|也|要|想|帮|给|一下|吧|了|那个|这个|就|还|的|呀|啊|哈|请|麻烦|报名"
)
_CLAUSE_END = re.compile(r"[,，。.!！;；]")

# ---- ratings ------------------------------------------------------------------------------
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
    "没修好",
    "没弄好",
    "没解决",
    "没有解决",
    "还是漏",
    "还是坏",
    "还是不",
    "一星",
    "👎",
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
    "点赞",
    "赞",
    "很好",
    "非常好",
    "挺好",
    "不错",
    "太好了",
    "👍",
    "👌",
)
_CONTRAST = re.compile(r"但是|但|不过|就是|可是|只是|然而")
_FILLER = re.compile(r"^(?:我|我们)?(?:觉得|感觉|总体|整体|总的来说|还是)*")
_PARTICLES = re.compile(r"(?:的|了|啦|啊|吧|呀|哈|哦|嘛)+")
_END_PARTICLES = re.compile(r"(?:的|了|啦|啊|吧|呀|哈|哦|嘛)+$")
_CLAUSE = re.compile(r"[,，。.!！?？;；、~～\s]+")
_DIGIT_RATING: dict[str, Level] = {"1": "满意", "2": "基本满意", "3": "不满意"}


# A degree word may come before any term ("很一般", "特别满意"); the term is group 1.
_DEGREE = r"(?:很|非常|挺|特别|比较|还算|蛮|相当|十分|真|超级?)"
# Thanks before the rating: "谢谢，很满意", "辛苦了！五星好评".
_THANKS = re.compile(
    r"(?:谢谢|感谢|多谢|辛苦|麻烦)(?:了|啦|你们|您|大家|孙书记|师傅)*|好的|收到|嗯+|已经?修好了?"
)


def _lexicon(words: tuple[str, ...]) -> re.Pattern[str]:
    ordered = sorted(words, key=len, reverse=True)
    return re.compile(rf"{_DEGREE}?({'|'.join(re.escape(w) for w in ordered)})")


_RATING_TERMS = _lexicon(_NEGATIVE + _BASIC + _POSITIVE)
_LEVEL_OF: dict[str, Level] = {
    **{w: "满意" for w in _POSITIVE},
    **{w: "基本满意" for w in _BASIC},
    **{w: "不满意" for w in _NEGATIVE},
}


@dataclass(frozen=True)
class Rewrite:
    text: str  # what the command table should see
    # What must hold for the rewrite to apply: a pending rating request or consent question
    # (the answer to the bot's own question), or a party member as sender (claiming).
    needs: Needs | None = None


def trim(text: str) -> str:
    """Punctuation, emoji and spaces off both ends: "进度E0002？？" -> "进度E0002"."""
    return _TRIM.sub("", text)


def clean_note(text: str) -> str:
    """A note relayed to residents without stray leading punctuation: "：已疏通" -> "已疏通"."""
    return _LEADING_NOTE.sub("", " ".join(text.split()))


def rating_level(text: str) -> Level | Literal["?"] | None:
    """The level a reply to a rating request means; UNCLEAR for mixed signals; None if none.

    The first clause decides ("挺满意的，辛苦了"); a later clause may agree ("不满意，还是漏")
    but a contrast ("还可以吧但是…") or an opposite level elsewhere makes it a question.
    A rating word that starts other speech ("满意度调查", "一般来说…") is no rating.
    """
    if _ONLY_DECOR.match(text):
        return _emoji_only(text)
    text = trim(text)
    if text in _DIGIT_RATING:
        return _DIGIT_RATING[text]
    if not text or len(text) > MAX_PHRASE:
        return None
    clauses = [c for c in _CLAUSE.split(text) if c]
    while len(clauses) > 1 and _THANKS.fullmatch(clauses[0]):
        clauses = clauses[1:]
    first, *rest = clauses
    head = _FILLER.sub("", first)
    found = _RATING_TERMS.match(head)
    if found is None:
        return None
    level = _LEVEL_OF[found[1]]
    after = _PARTICLES.sub("", head[found.end() :])
    if after and not (_CONTRAST.match(after) or _RATING_TERMS.match(after)):
        return None
    tail = after + " ".join(rest)
    if _CONTRAST.search(tail):
        return UNCLEAR
    others = {_LEVEL_OF[t] for t in _RATING_TERMS.findall(tail)}
    return UNCLEAR if others - {level} else level


def _emoji_only(text: str) -> Level | None:
    ups, downs = text.count("👍") + text.count("👌"), text.count("👎")
    if ups == downs:
        return None
    return "满意" if ups > downs else "不满意"


def rewrite(text: str, *, quoted: bool = False, private: bool = False) -> Rewrite | None:
    """The command a natural phrasing stands for, or None when it is speech."""
    if not text:
        return None
    long = _long_form(text)
    if long is not None or len(text) > MAX_PHRASE:
        return long
    if _ONLY_DECOR.match(text):
        return Rewrite(f"评价 {text}", "rating") if _emoji_only(text) else None
    bare = trim(_POLITE.sub("", trim(text)))
    if not bare:
        return None
    if quoted or _DIGIT.search(bare):
        bare = _SUBJECT.sub("", bare)
    for rule in _RULES:
        found = rule(bare, quoted=quoted, private=private)
        if found is not None:
            return found
    return Rewrite(bare) if bare != text else None


def _cancel(text: str, **_: bool) -> Rewrite | None:
    found = _CANCEL.match(text)
    if found is None:
        return None
    return Rewrite(f"取消报名 {found[1] or found[2]}")


def _claim(text: str, *, quoted: bool, **_: bool) -> Rewrite | None:
    codes = _CLAIMABLE.findall(text)
    rest = _INNER_DECOR.sub("", _CLAIMABLE.sub("", text))
    if _CLAIM.match(rest) is None or len(codes) > 1 or not (codes or quoted):
        return None
    if codes and codes[0][:1] in "Hh":
        return Rewrite(f"认领 {codes[0]}")  # 帮办代办 volunteers need not be party members
    return Rewrite(f"认领 {codes[0]}" if codes else "我来", "member")


def _consent(text: str, *, private: bool, **_: bool) -> Rewrite | None:
    code = _WISH.search(text)
    words = _WISH.sub("", text) if code else text
    words = _END_PARTICLES.sub("", _INNER_DECOR.sub("", words))
    suffix = f" W{code[1]}" if code else ""
    if _SHOW.fullmatch(words):
        return Rewrite(f"公开{suffix}", "consent")
    if _HIDE.fullmatch(words):
        return Rewrite(f"不公开{suffix}", "consent")
    if not (private or code):
        return None  # "同意" in a group is someone agreeing with a neighbour
    if _SHOW_BARE.fullmatch(words):
        return Rewrite(f"公开{suffix}", "consent")
    if _HIDE_BARE.fullmatch(words):
        return Rewrite(f"不公开{suffix}", "consent")
    return None


def _rating(text: str, **_: bool) -> Rewrite | None:
    code = _CASE.search(text)
    words = (_CASE.sub(" ", text)).strip() if code else text
    if rating_level(words) is None:
        return None
    return Rewrite(f"评价 E{code[1]} {words}" if code else f"评价 {words}", "rating")


def _status(text: str, **_: bool) -> Rewrite | None:
    notices = _NOTICE_CODE.findall(text)
    if len(notices) == 1 and not _ANY_CODE.search(text):
        rest = trim(text.replace(notices[0], " ", 1))
        if not rest or ((len(rest) <= 16 and _ASKING.search(rest)) or "发" in rest):
            return Rewrite(f"通知进度 {notices[0].replace(' ', '')}")
        return None
    codes = _ANY_CODE.findall(text)
    if len(codes) != 1:
        return None
    code = codes[0]
    rest = trim(text.replace(code, " ", 1))
    if rest and (len(rest) > 16 or _ASKING.search(rest) is None):
        return None  # "E0003的水管又漏了" is a report about it, not a question
    if rest and _DONE.search(rest) and not _QUESTION.search(rest):
        return None  # "E0001 弄好了" is a handler saying so, not asking
    return Rewrite(f"进度 {code.replace(' ', '')}")


def _long_form(text: str) -> Rewrite | None:
    """Commands whose words may run long: a suggestion, a notice to everyone."""
    if len(text) > MAX_SUGGESTION:
        return None
    notice = _GLUED_NOTICE.match(text)
    if notice is not None:
        return Rewrite(f"{notice['verb']} 全部 {notice['body']}", "secretary")
    suggestion = _SUGGESTION.match(text)
    if suggestion is not None and not _ADVICE_TO_PEOPLE.match(suggestion["text"]):
        return Rewrite(f"建议 {suggestion['text']}")
    return None


def _fulfilled(text: str, **_: bool) -> Rewrite | None:
    codes = _WISH.findall(text)
    if len(codes) != 1:
        return None
    words = _END_PARTICLES.sub("", _INNER_DECOR.sub("", _WISH.sub("", text)))
    if not words or not _FULFILLED.fullmatch(words):
        return None
    return Rewrite(f"已实现 W{codes[0]}")


def _code_first(text: str, **_: bool) -> Rewrite | None:
    found = _CODE_FIRST.match(text)
    if found is None:
        return None
    code = found["code"].replace(" ", "")
    rest = clean_note(found["rest"])
    verb = "派单" if found["verb"].startswith("派") else found["verb"]
    return Rewrite(f"{verb} {code} {rest}".strip())


def _signup(text: str, **_: bool) -> Rewrite | None:
    """One activity number with sign-up or withdrawal words and nothing else in the clause."""
    clause = _CLAUSE_END.split(text, maxsplit=1)[0]
    numbers = _ACTIVITY_REF.findall(clause)
    if len(numbers) != 1 or _ANY_CODE.search(clause):
        return None
    withdraw = _WITHDRAW.search(clause)
    if withdraw is None and _SIGN.search(clause) is None:
        return None
    words = _WITHDRAW if withdraw else _SIGN
    family = _COMPANIONS.search(clause)
    residue = _ACTIVITY_REF.sub("", _COMPANIONS.sub("", clause), count=1)
    residue = _SIGN_FILLER.sub("", words.sub("", residue))
    if _INNER_DECOR.sub("", residue):
        return None
    tail = text[len(clause) :] or (f"，{family[0]}一起" if family and not withdraw else "")
    number = _CN_NUMBER.get(numbers[0], numbers[0])
    command = "取消报名" if withdraw else "报名"
    return Rewrite(f"{command} {number}{tail}")


def _note(text: str, **_: bool) -> Rewrite | None:
    """ "E0001 已联系维修师傅" from the case's handler: news (进展), or done (办结)."""
    codes = _CASE.findall(text)
    found = _CASE.match(text)
    if found is None or len(codes) != 1:
        return None
    rest = clean_note(text[found.end() :])
    if not rest or rest.startswith(("的", "和", "跟", "也", "还", "又")):
        return None  # "E0003的水管又漏了" speaks about the case; news starts with a statement
    verb = "办结" if _DONE.search(rest) else "进展"
    rest = _VERB_ECHO.sub("", rest) or rest  # "E0001 已办结 换了新灯" relays "换了新灯"
    return Rewrite(f"{verb} E{found[1]} {rest}", "handler")


def _opinion(text: str, **_: bool) -> Rewrite | None:
    """An opinion on a topic under consultation, the code anywhere: "Y0001 我同意 早该管管了"."""
    codes = _TOPIC.findall(text)
    if len(codes) != 1 or _ANY_CODE.search(text):
        return None
    words = clean_note(_OPINION_LEAD.sub("", _TOPIC.sub(" ", text, count=1).strip()))
    if not words or _QUESTION.search(words):
        return Rewrite(f"议题 Y{codes[0]}")  # "Y0001到哪一步了？" asks where it stands
    if _OPINION.search(words) is None:
        return None
    return Rewrite(f"意见 Y{codes[0]} {words}")


def _review_answer(text: str, **_: bool) -> Rewrite | None:
    """A 楼栋党小组长's answer about a 待确认 message, the code first or inside."""
    codes = _REVIEW.findall(text)
    if len(codes) != 1:
        return None
    words = _END_PARTICLES.sub("", _INNER_DECOR.sub("", _REVIEW.sub("", text)))
    if _REVIEW_NO.fullmatch(words):
        return Rewrite(f"不是 Q{codes[0]}")
    if words and _REVIEW_YES.fullmatch(words):
        return Rewrite(f"是 Q{codes[0]}")
    return None


def _vote(text: str, **_: bool) -> Rewrite | None:
    """A vote with its code after the choice: "我投同意 V0001", "V0001 我选1"."""
    codes = _VOTE.findall(text)
    if len(codes) != 1:
        return None
    words = _VOTE.sub(" ", text, count=1).strip(" ，,：:")
    if not _VOTE_WORDS.match(words):
        return None
    return Rewrite(f"投票 V{codes[0]} {_VOTE_WORDS.sub('', words).strip()}")


def _help_request(text: str, *, private: bool, **_: bool) -> Rewrite | None:
    """帮办代办 asked in words, or the address it asked for (only while that is pending)."""
    glued = _GLUED_HELP.match(text)
    if glued is not None:
        return Rewrite(f"{glued[1]} {glued[2]}")
    if private and _ADDRESS.search(text) and not _ANY_CODE.search(text):
        return Rewrite(f"地址 {text}", "address")
    return None


def _notice_answer(text: str, *, private: bool, **_: bool) -> Rewrite | None:
    """A secretary's answer to the notice preview in her own words (private only)."""
    if not private:
        return None
    words = _INNER_DECOR.sub("", text)
    if _CONFIRM.fullmatch(words):
        return Rewrite("确认", "draft")
    if _DROP.fullmatch(words):
        return Rewrite("取消", "draft")
    return None


# In order: the first rule that recognises the message wins.
_RULES = (
    _code_first,
    _signup,
    _cancel,
    _fulfilled,
    _claim,
    _consent,
    _rating,
    _status,
    _note,
    _opinion,
    _review_answer,
    _vote,
    _help_request,
    _notice_answer,
)
