"""Words about a vote without its code: a ballot ("我投赞成"), a question ("投票截止什么时候"),
a result asked by the vote's matter ("粉刷那个事通过了没", convo14), or how to vote ("怎么投票啊
我不会") — convo4 F14, F15, F106.

They fell to the generic introduction or to silence, although one vote was open where the
person lives. Which vote is meant is settled by the votes service (one ⇒ it; several ⇒ ask);
this module only tells the three kinds of words apart.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from bot.domain.deliberation.votes import Vote

Kind = Literal["ballot", "question", "result", "how"]

_CODE = re.compile(r"(?<![A-Za-z])[Vv]\s*\d")
# "我投赞成", "我选同意", "投反对票吧", "我家投同意" — privately only, a verb then the choice.
_BALLOT = re.compile(
    r"^(?:我们?家?|俺家?)?(?:就|要|想|还是)?(?:投|选)(?:个|一个|了)?(?P<choice>[^\s，,。]{1,6}?)"
    r"(?:票)?(?:吧|了|啊|呀)?$"
)
_HOW = re.compile(
    r"(?:怎么|如何|咋|怎样)(?:样)?(?:投票|投|表决)|投票(?:怎么|咋)(?:投|弄|操作)|不会投"
)
_VOTE = re.compile(r"投票|表决")
_ASKS = re.compile(r"截止|什么时候|啥时候|几号|几点|结果|多少人|进度|到哪|结束|还能投|开始|通过")
# "粉刷那个事通过了没", "粉刷的结果出来了吗": a result asked without the word 投票; it is
# about a vote only when the words name one (convo14).
_RESULT = re.compile(
    r"结果|通过(?:了)?(?:没|吗|么|没有)|过了(?:没|吗|么)|(?:多少|几)(?:个人|人|户|家)同意|多少票|几票"
)
MAX_WORDS = 40


def kind(text: str, *, private: bool) -> tuple[Kind, str] | None:
    """Which of the three the words are (with the choice, for a ballot), or None."""
    if len(text) > MAX_WORDS or _CODE.search(text):
        return None
    if _HOW.search(text):
        return "how", ""
    if _VOTE.search(text) and _ASKS.search(text):
        return "question", ""
    if _RESULT.search(text):
        return "result", ""
    ballot = _BALLOT.match(text)
    if private and ballot is not None and not ballot["choice"].startswith("票"):
        return "ballot", ballot["choice"]
    return None


# ---- a ballot in words, with or without the vote's name (convofix10a) ------------------------
# "粉刷那个我家不同意", "加装电梯那个投票我同意", "我选1", "选第二个", "我投反对票", "同意同意",
# "我改成同意", "我同意加装电梯". The choice must close the words, or stand right before the name
# of a vote: "我同意楼上说的" and "不同意物业涨价" (no such vote) are about something else.

_CHOICE_WORD = r"不同意|同意|不赞成|赞成|不支持|支持|反对|弃权"
_ORDINAL = r"第?[1-9一二三四五六七八九](?:个|项|号|种)?(?:选项)?|第[1-9一二三四五六七八九]"
_SUBJECT = r"(?:我们家|我们|我家|俺家|咱家|我|俺|咱)?"
_ADVERB = r"(?:也|就|都|还是|还|要|想|肯定|坚决|当然|一定|是)*"
_MARK = r"(?P<mark>改成|改为|改投|改选|改|投个|投了|投|选个|选了|选)?"
_REST = r"(?:票)?(?:的|了|吧|啊|呀|哈|呢|哦|嘛)*"
_LEAD = re.compile(
    rf"^{_SUBJECT}{_ADVERB}{_MARK}(?P<choice>{_CHOICE_WORD}|{_ORDINAL})(?P<piao>票)?"
    r"(?:的|了|吧|啊|呀|哈|呢|哦|嘛)*"
)
# The vote named in front: "粉刷那个", "加装电梯那个投票", "电梯的", "关于粉刷的投票".
_NAMED_FIRST = re.compile(
    r"^(?:关于|对于|对|给)?(?P<ref>[^\s，,。!！?？]{2,14}?)"
    r"(?:那个投票|这个投票|的投票|投票|那个表决|的表决|表决|那个事|的事|那个|这个|的)"
    r"(?:上|里|啊|呀|嘛)?[\s，,:：]*(?P<rest>.+)$"
)
_REPEATED = re.compile(rf"({_CHOICE_WORD})(?:[\s，,、]*\1)+")
_DIGITS_CN = "一二三四五六七八九"
_WHOSE = re.compile(r"(?:我们家|我们|我家|俺家|咱家|我|俺|咱)(?:的|这一?票|这边)?")
# Words around a vote's name that name no vote: "3号楼", "小区", "投票", "方案", "的事".
_GENERIC = re.compile(r"\d+号?楼|\d+栋|小区|投票|表决|方案|的事|事情|这个|那个|的|关于")


@dataclass(frozen=True)
class Ballot:
    choice: str  # "同意", "反对", "2" …
    ref: str  # the vote's name in the words ("粉刷"), or ""
    marked: bool  # 投/选/改成/票 said: surely a ballot, not an "I agree"


def ballot(text: str) -> Ballot | None:
    """A ballot said in words, with the name of its vote if the words give one."""
    text = _REPEATED.sub(r"\1", text.strip())
    if not text or len(text) > MAX_WORDS or _CODE.search(text):
        return None
    named = _NAMED_FIRST.match(text)
    if named is not None:
        found = _lead(named["rest"])
        if found is not None and not found[1]:
            return Ballot(found[0].choice, _own_words(named["ref"]), True)
    found = _lead(text)
    if found is None:
        return None
    said, after = found
    if not after:
        return said
    # "我同意加装电梯", "投反对票 粉刷那个": the words after the choice name the vote.
    ref = _own_words(after.strip(" ，,的那个这投票"))
    return Ballot(said.choice, ref, True) if ref else None


def _own_words(ref: str) -> str:
    """The vote's name, or "" when the words only say whose ballot it is ("我家的投票")."""
    return "" if _WHOSE.fullmatch(ref) else ref


def _lead(text: str) -> tuple[Ballot, str] | None:
    found = _LEAD.match(text)
    if found is None:
        return None
    choice = found["choice"]
    if choice[-1] not in "意成持对权":  # an ordinal: "第二个" -> "2"
        if found["mark"] is None or not found["mark"].startswith(("选", "投", "改")):
            return None  # "2号" alone, "第一个" alone: not a ballot
        digit = next(c for c in choice if c.isdigit() or c in _DIGITS_CN)
        choice = digit if digit.isdigit() else str(_DIGITS_CN.index(digit) + 1)
    marked = bool(found["mark"] or found["piao"])
    return Ballot(choice, "", marked), text[found.end() :].strip(" ，,。")


def meant(ref: str, open_votes: Sequence[Vote]) -> list[Vote]:
    """The open votes whose titles the words name: the words inside the title, or most of them
    in one stretch ("加装电梯的方案" for 3号楼加装电梯; "楼道堆东西" is not 楼道粉刷)."""
    words = _GENERIC.sub("", ref)
    if len(words) < 2:
        return []
    titles = [(vote, _GENERIC.sub("", vote.title)) for vote in open_votes]
    holding = [vote for vote, title in titles if words in title]
    if holding:
        return holding  # "加装电梯" is 3号楼加装电梯, not 电梯间广告招租
    return [vote for vote, title in titles if _shared(words, title) * 2 >= len(words)]


def _shared(a: str, b: str) -> int:
    """The longest stretch of characters the two share (at least two counts)."""
    best = 0
    for i in range(len(a)):
        for j in range(i + best + 1, len(a) + 1):
            if a[i:j] in b:
                best = j - i
            else:
                break
    return best if best >= 2 else 0


# ---- a choice said to the group (convo15): "我家同意", "同意 +1", "反对！一楼凭什么出钱" -------
# Under the vote post, without quoting it, residents answer it as they would a show of hands.
# Nothing is counted in a group; the words are a ballot only when they open with the choice and
# end there (a "+1" or a stance sign may follow) or pause before a reason. "我同意楼上说的",
# "不同意物业涨价", "反对无效" run on without a pause: they are about something else; a reason
# that points at a neighbour's words ("同意，楼上说得对") is agreeing with the neighbour.
_GROUP_CHOICE = re.compile(
    rf"^{_SUBJECT}{_ADVERB}(?P<choice>{_CHOICE_WORD})(?:票)?(?:的|了|吧|啊|呀|哈|呢|哦|嘛)*"
    r"(?P<rest>.*)$"
)
_PLUS_ONE = re.compile(r"[\s+＋]*(?:[+＋]\s*[1１一]|加一|\+1)[\s!！。.~～]*")
_PAUSE = re.compile(r"^(?:[\s，,。.!！~～；;、：:]+|因为|理由|原因|主要是|毕竟|反正)")
_NEIGHBOUR_WORDS = re.compile(r"楼上|楼主|你说|他说|她说|说的|说得|的看法|的意见|的想法|的说法")
MAX_GROUP_CHOICE = 30


def choice_to_group(text: str) -> str | None:
    """The choice a group message states as if voting ("同意", "反对" …), or None."""
    if not text or len(text) > MAX_GROUP_CHOICE or _CODE.search(text):
        return None
    found = _GROUP_CHOICE.match(_REPEATED.sub(r"\1", text))
    if found is None:
        return None
    rest = found["rest"]
    if not rest or _PLUS_ONE.fullmatch(rest):
        return found["choice"]
    if not _PAUSE.match(rest) or _NEIGHBOUR_WORDS.search(rest):
        return None  # runs on into its own matter, or agrees with a neighbour's words
    return found["choice"]


# ---- a ballot for someone else (convo15): "我奶奶不会用手机 我替我家投 同意" -----------------
# One ballot per household, cast by an owner on the roll from their own WeChat: nobody votes for
# another person, so such words are never counted, whoever says them. "帮我投同意" asks the bot
# to take the speaker's own ballot; "帮我家孩子投一票" with no choice and no 投票 is a contest.
_PROXY = re.compile(
    r"(?:代替|替|帮|代)(?P<whom>[^\s，,。!！?？投]{1,8}?)(?:投票|投|表决)(?:个|一票|了|一下)?(?:票)?"
)
_SELF = re.compile(r"我们?|俺|咱")
# "帮忙投票", "帮我妈问一下投票的事": a verb between, so nobody is voted for.
_NOT_WHOM = re.compile(r"^忙|[问说看查弄办找打叫请想去]")
_HOUSEHOLD = re.compile(r"(?:我们?|俺|咱)?家(?:里|里人)?")
_ANY_CHOICE = re.compile(rf"{_CHOICE_WORD}|选?第?[1-9一二三四五六七八九](?:个|项|号)")
# Who the household's owner is, when the words say it: "我奶奶不会用手机 我替我家投".
_KIN = re.compile(
    r"(?:我们?家?|俺家?|咱家?)(?P<kin>奶奶|爷爷|姥姥|姥爷|外婆|外公|妈妈?|爸爸?|老人|母亲|父亲"
    r"|婆婆|公公|岳母|岳父|老伴|老公|媳妇|爱人)"
)
MAX_PROXY = 60


@dataclass(frozen=True)
class Proxy:
    whom: str  # as said: "我家", "我奶奶", "她"
    choice: str  # "同意", "2" …, or "" (asking whether one may)
    household: bool  # "我家": the speaker's own household, not a named person
    kin: str  # the owner the words name ("奶奶"), or ""


def proxy(text: str) -> Proxy | None:
    """A ballot (or a question about one) cast for another person, or None."""
    if not text or len(text) > MAX_PROXY or _CODE.search(text):
        return None
    found = _PROXY.search(text)
    if found is None or _SELF.fullmatch(found["whom"]) or _NOT_WHOM.search(found["whom"]):
        return None
    chosen = _ANY_CHOICE.search(text[found.end() :]) or _ANY_CHOICE.search(text[: found.start()])
    if chosen is None and not _VOTE.search(text):
        return None
    choice = ""
    if chosen is not None:
        choice = chosen[0].lstrip("选第").rstrip("个项号")
        if choice in _DIGITS_CN:
            choice = str(_DIGITS_CN.index(choice) + 1)
    kin = _KIN.search(text)
    household = _HOUSEHOLD.fullmatch(found["whom"]) is not None
    return Proxy(found["whom"], choice, household, kin["kin"] if kin is not None else "")
