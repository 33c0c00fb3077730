"""Activity sign-ups and withdrawals in other words: "报名第1个", "1号活动我不去了"."""

from __future__ import annotations

import re

from bot.chat.phrasing.text import ANY_CODE, INNER_DECOR, Rewrite

# 取消 with the number before 报名: "取消2号报名", "取消第2个活动的报名", "2号活动不去了".
_CANCEL = re.compile(
    r"^(?:取消|退掉|退出)(?:第)?(\d+)(?:号|个)?(?:活动)?(?:的)?(?:报名|活动)?"
    r"|^(\d+)(?:号)?(?:活动)?(?:去不了|不去了|参加不了)"
)


def cancel(text: str, **_: bool) -> Rewrite | None:
    found = _CANCEL.match(text)
    if found is None:
        return None
    return Rewrite(f"取消报名 {found[1] or found[2]}")


_COMPANIONS = re.compile(
    r"(?:和|带|跟|同)(?:着)?(?:我|我家)?(?:的)?"
    r"(?:老伴儿?|孩子|小孩|孙子|孙女|外孙女?|老公|媳妇儿?|爱人|家人|朋友|邻居|婆婆|公公|"
    r"老妈|老爸|妈妈?|爸爸?|奶奶|爷爷|姥姥|姥爷|外婆|外公|闺女|儿子|女儿|老婆)(?:一起|一块儿?)?"
)
# Activity sign-ups in other words: "报名第1个", "1号活动我报名", "我和老伴都报1".
_SIGN = re.compile(r"报个?名|参加|算我一个|我也去|报(?=\s*(?:第|\d|[一二两三四五六七八九十]号))")
_WITHDRAW = re.compile(r"取消|不去了|去不了|来不了|参加不了|不参加了?|退出|退掉")
_ACTIVITY_REF = re.compile(
    r"(?:第|活动)?\s*(\d{1,4}|(?<=第)[一二两三四五六七八九十]|[一二两三四五六七八九十](?=号))"
    r"\s*(?:号|个)?(?:活动)?"
)
_SIGN_FILLER = re.compile(
    r"我们?|也|都|要|想|帮|给|一下|吧|了|那个|这个|就|还|的|呀|啊|哈|请|麻烦|报名|一起"
    r"|不好意思|抱歉|对不起|实在|哎|唉"
)
_JOINED = re.compile(r"和|跟|及|还有|、")  # "报名1和2": several numbers, not a companion
# Clauses end at punctuation and emoji, and at a space between two Chinese characters
# ("报名第一个 义诊那个"); a space before a number stays inside ("我也报名 2").
_CLAUSE_END = re.compile(
    r"[,，。.!！;；?？~～\u2600-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff]"
    r"|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])"
)


def signup(text: str, **_: bool) -> Rewrite | None:
    """Activity numbers with sign-up or withdrawal words and nothing else in their clause;
    apologies may come before ("不好意思啊 1号我去不了了 孙子发烧"), anything after."""
    parts = _CLAUSE_END.split(text)
    found = next((i for i, part in enumerate(parts) if _ACTIVITY_REF.search(part)), None)
    if found is None:
        return None
    # The clause with the number, with what came before it ("帮我报个名 活动1").
    clause, after = " ".join(parts[: found + 1]), parts[found + 1 :]
    numbers = _ACTIVITY_REF.findall(parts[found])
    if ANY_CODE.search(clause):
        return None
    withdraw = _WITHDRAW.search(clause)
    if withdraw is None and _SIGN.search(clause) is None:
        return None
    words = _WITHDRAW if withdraw else _SIGN
    family = _COMPANIONS.search(clause)
    residue = words.sub("", _COMPANIONS.sub("", clause))
    residue = _SIGN_FILLER.sub("", _ACTIVITY_REF.sub("", residue, count=len(numbers)))
    if len(numbers) > 1:
        residue = _JOINED.sub("", residue)
    if INNER_DECOR.sub("", residue):
        return None  # something else is said around the number: not a sign-up
    rest = "，".join(a for a in after if a.strip())
    tail = f"，{rest}" if rest else (f"，{family[0]}" if family and not withdraw else "")
    listed = "和".join(_number(n) for n in numbers)
    command = "取消报名" if withdraw else "报名"
    return Rewrite(f"{command} {listed}{tail}")


# Signing up by the activity's title (convofix3 #1): "反诈那个我报一个", "我报名周六那个义诊",
# "插花活动算我一个". The words left around the sign-up verb are the title; the handler finds
# the activity among the open ones. Numbers are the rule above's; questions, withdrawals and
# news ("报名了", "参加过", "报名的人多不多") are not sign-ups.
_BY_TITLE = re.compile(r"报个?名|报一个|报一下|报上|算我一个|算上我|参加")
_NOT_A_SIGNUP = re.compile(
    r"[0-9０-９了过吗么呢?？]|没|怎么|怎样|哪|几|什么|啥|谁|多少|可以|能不能|是不是|(.)不\1"
    r"|取消|不去|去不了|不参加|参加不了|来不了|退|人"
)
# What stands between the title and the verb: "反诈那个我报一个", "我也想报名周六的义诊".
_EDGE_WORDS = (
    r"(?:我们?|咱们?|也|都|要|想|就|还|帮我|给我|替我|麻烦|请|一下|一个|吧|呀|啊|哈|嘛|哦"
    r"|那个|这个|的|报个?名|参加|一起|[\s,，。!！~～])+"
)
_LEADING = re.compile(rf"^{_EDGE_WORDS}")
_TRAILING = re.compile(rf"{_EDGE_WORDS}$")
MAX_TITLE_WORDS = 12


# A head count as the verb (convofix13): "我和老伴报两个 写春联那个", "写春联报俩". Said with a
# title, the number is people, not activities; each person still signs up for herself.
_COUNTED = re.compile(r"报(?:上|名)?\s*(?P<n>[两二俩三仨四五])\s*(?:个|位)?(?:人|名额|名)?")

_HEADS = {"二": "两", "俩": "两", "仨": "三"}


def signup_by_title(text: str, **_: bool) -> Rewrite | None:
    counted = _COUNTED.search(text)
    verb = _BY_TITLE.search(text) or counted
    checked = text if counted is None else text[: counted.start()] + "报名" + text[counted.end() :]
    if verb is None or _NOT_A_SIGNUP.search(checked) or ANY_CODE.search(text):
        return None
    family = _COMPANIONS.search(text)
    note = family[0] if family else None
    if note is None and counted is not None and verb is counted:
        note = f"{_HEADS.get(counted['n'], counted['n'])}个人"
    before = _COMPANIONS.sub("", text[: verb.start()])
    after = _COMPANIONS.sub("", text[verb.end() :])
    words = " ".join(
        w for w in (_TRAILING.sub("", _LEADING.sub("", p)) for p in (before, after)) if w
    )
    if not words or len(words) > MAX_TITLE_WORDS:
        return None
    return Rewrite(f"报名活动 {words}" + (f"，{note}" if note else ""))


# A question about one activity: "2号活动在哪", "第1个活动几点开始", "活动2什么时候".
_ABOUT = re.compile(r"^(?:请问)?(?:第)?(\d{1,4})\s*(?:号|个)?\s*活动\s*|^活动\s*(\d{1,4})\s*")
_WHERE_WHEN = re.compile(
    r"^(?:是|在)?(?:在哪|在哪儿|在哪里|哪里|几点|什么时候|啥时候|怎么去|在什么地方|地点|时间)"
    r"(?:开始|举行|上课|办|集合|呢|啊|呀|吗|了|\s|[?？，,])*"
    r"(?:(?:几点|什么时候|在哪儿?)(?:开始|举行)?(?:呢|啊|呀|吗|[?？])*)?$"
)


def about_activity(text: str, **_: bool) -> Rewrite | None:
    """ "2号活动在哪": that activity's card. By title ("手机课在哪儿上") is not read here."""
    found = _ABOUT.match(text)
    if found is None or _WHERE_WHEN.match(text[found.end() :]) is None:
        return None
    return Rewrite(f"活动 {found[1] or found[2]}")


def _number(written: str) -> str:
    """An activity number as digits: "2" stays, "两" and "十" are read by cn2an."""
    if written.isdigit():
        return written
    import cn2an  # deferred: ~0.1 s to import, and numbers in characters are the rarer case

    return str(int(cn2an.cn2an(written, "smart")))
