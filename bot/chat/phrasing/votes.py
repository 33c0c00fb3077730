"""Votes and opinions on topics, the code anywhere: "我投同意 V0001", "Y0001 我同意"."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.chat.phrasing.text import ANY_CODE, QUESTION, Rewrite, clean_note, trim

# Codes of the other features, each for its own rule.
_TOPIC = re.compile(r"(?<![A-Za-z])[Yy]\s*(\d+)")
_VOTE = re.compile(r"(?<![A-Za-z])[Vv]\s*(\d+)")
# An opinion on a topic: "Y0001 我同意 早该管管了", "对Y0001我没意见 同意".
_OPINION = re.compile(
    r"同意|支持|赞成|反对|没意见|有意见|意见|建议|不行|可以|挺好|不好"
    r"|我觉得|我认为|我看|应该|最好|不如|还是得?"  # "Y0001 我觉得应该清…" (convo9 d01)
)
_OPINION_LEAD = re.compile(r"^(?:对|关于)?(?:的意见|意见)?[\s:：,，]*")
# A vote in words: "我投同意 V0001", "V0001 我选1".
_VOTE_WORDS = re.compile(r"^(?:我们?家?)?(?:我)?(?:想|要)?(?:改成|改投|投|选)(?:票|了)?")
# "Y0001的议事会在哪开": when and where, answered by the topic's status (convo4 F28).
_ASKS_MEETING = re.compile(r"在哪|哪里|几点|哪天|什么时间|啥时间|地点|时间")
# A choice said as the first words: "我同意 V0001", "我家不同意 V0001 挡光", "V0001 2"; the
# choice stands alone ("同意加装 V0001" names the vote's subject, not a ballot).
_CHOICE_LEAD = re.compile(r"^(?:我们?家?|我家)?(?:也|都|还是)?")
_CHOICE = re.compile(
    r"^(?:我们?家?|我家)?(?:也|都|还是)?(?:同意|不同意|赞成|反对|弃权|支持|[1-9])(?:\s|$)"
)
_ASKS_RESULT = re.compile(r"结果|出来|截止|进度|到哪|怎么样|什么时候|几号")
# "V0001 现在投了几户了", "投票率多少": how many have voted, never a ballot (convofix15b).
_TURNOUT = re.compile(
    r"(?:投|投票|参与|参加)了?(?:几|多少)(?:户|家|人|票)?"
    r"|(?:几|多少)(?:户|家|个?人)(?:人家)?(?:已经?)?(?:投|参与|同意|不同意|反对|赞成)"
    r"|投票率|参与率|还(?:差|剩)(?:几|多少)(?:户|家|人)"
)
# "提醒一下3号楼还没投票的", "催一下没投的", "帮我催催票": the organiser chasing the households
# that have not voted, a reminder in the vote's groups, never a ballot (convofix15b).
_REMINDS = re.compile(r"(?:提醒|催)[^，,。]{0,10}?(?:投|票)|(?:投|票)[^，,。]{0,6}?(?:提醒|催)")


def asks_turnout(words: str) -> bool:
    """The words after a vote's code ask how many have voted."""
    return bool(_TURNOUT.search(words))


def opinion(text: str, **_: bool) -> Rewrite | None:
    """An opinion on a topic under consultation, the code anywhere: "Y0001 我同意 早该管管了"."""
    codes = _TOPIC.findall(text)
    if len(codes) != 1 or ANY_CODE.search(text):
        return None
    words = clean_note(_OPINION_LEAD.sub("", _TOPIC.sub(" ", text, count=1).strip()))
    if not words or QUESTION.search(words) or _ASKS_MEETING.search(words):
        return Rewrite(f"议题 Y{codes[0]}")  # "Y0001到哪一步了？" asks where it stands
    if _OPINION.search(words) is None:
        return None
    return Rewrite(f"意见 Y{codes[0]} {words}")


def vote(text: str, *, private: bool, **_: bool) -> Rewrite | None:
    """A message naming one vote code: a question about it ("投票结果出来了吗 V0001"), or a
    ballot with its code anywhere ("我投同意 V0001", "同意加装 V0001 同意"). Privately, words
    naming a vote are always one of the two: never a problem report."""
    codes = _VOTE.findall(text)
    if len(codes) != 1:
        return None
    words = _VOTE.sub(" ", text, count=1).strip(" ，,：:")
    if private and _REMINDS.search(words) and not QUESTION.search(words):
        return Rewrite(f"催票 V{codes[0]}", "secretary")  # a resident's words stay hers
    if QUESTION.search(words) or _ASKS_RESULT.search(words) or asks_turnout(words):
        return Rewrite(f"投票进度 V{codes[0]}")
    if _VOTE_WORDS.match(words):
        return Rewrite(f"投票 V{codes[0]} {_VOTE_WORDS.sub('', words).strip()}")
    if _CHOICE.match(words):
        # "我同意 V0001" in a group: a ballot, so it gets "请私聊我投票" (D22), not silence.
        return Rewrite(f"投票 V{codes[0]} {_CHOICE_LEAD.sub('', words).strip()}")
    if private and words:
        return Rewrite(f"投票 V{codes[0]} {words}")  # the ballot reads it or lists the options
    return None


# A reply under the bot's vote post: just the choice ("1", "选2", "同意👍", "我家投反对").
_ONE_CHOICE = r"(?:同意|不同意|赞成|不赞成|反对|弃权|支持|不支持|[1-9])(?:号|项|票)?"
_QUOTED_CHOICE = re.compile(
    rf"^(?:我们?家?|我家)?(?:也|都|还是)?(?:想|要)?(?:改成|改投|投|选)?(?:票)?\s*"
    rf"(?P<choice>{_ONE_CHOICE}(?:\s*(?:[\s,，、]|和|或)\s*(?:选|投)?{_ONE_CHOICE})*)"
    r"[\s吧了啊呀哈!！。.~～]*$"
)


def quoted_ballot(text: str, quote: str | None) -> Rewrite | None:
    """ "1" quoting the bot's post about one vote is a ballot on that vote; the same "1"
    with nothing quoted is speech. The ballot's own rules decide the rest (private only,
    open, on the roll)."""
    if not quote:
        return None
    codes = set(_VOTE.findall(quote))
    if len(codes) != 1 or _TOPIC.search(quote):
        return None
    found = _QUOTED_CHOICE.match(trim(text))
    if found is None:
        return None
    return Rewrite(f"投票 V{codes.pop()} {found['choice']}")


# A ballot said without a code, privately, with what it is about or why (convo11a): "粉刷那个我家
# 不同意 刚刷了没几年", "加装电梯的事 我同意", "同意，因为楼道太旧了", "不同意 理由是太吵".
# The subject (words before the choice, naming the vote's matter) and the reason (after a
# pause) are what set it apart from a bare "同意", which is asked about first.
_SUBJECT_SAID = re.compile(
    r"^(?:关于|对于|对)?(?P<subject>[\u4e00-\u9fff0-9]{0,12}?)"
    r"(?:那个事|这个事|那件事|这件事|这事|那事|的事情?|的投票|那个|这个|的话|投票)?"
    r"[\s，,：:、]*(?:我们?家?|俺家?)?(?:也|都|还是|就)?(?:投|选)?(?:票)?"
    r"(?P<choice>不同意|不赞成|不支持|同意|赞成|反对|弃权|支持)(?:票|的|了|啊|吧|哈)*"
    r"(?P<reason>.*)$"
)
# The reason comes after a pause or says it is one; "同意加装" names a subject, not a reason.
_REASON_START = re.compile(r"^(?:[\s，,。.!！~～；;、：:]+|因为|理由|原因|主要是|毕竟|反正)")
MAX_BALLOT_WORDS = 40
_COURTESY = re.compile(
    r"(?:谢谢|感谢|多谢|辛苦了?|好的|没问题|可以|行|哈+|啦|呀|[\s，,。.!！~～])*"
)


@dataclass(frozen=True)
class ChoiceSaid:
    choice: str  # the choice word as said: 同意, 不同意, 反对 …
    subject: str  # the words naming the vote's matter ("粉刷"), or ""
    reason: str  # why, or ""


def choice_said(text: str) -> ChoiceSaid | None:
    """A choice named in words with a subject before it or a reason after a pause; None for
    a bare choice (its own question), a question, or words that are no ballot."""
    said = trim(text)
    if not said or len(said) > MAX_BALLOT_WORDS or QUESTION.search(said):
        return None
    found = _SUBJECT_SAID.match(said)
    if found is None:
        return None
    reason = found["reason"]
    if reason and not _REASON_START.match(reason):
        return None
    subject, reason = found["subject"], trim(reason)
    if _COURTESY.fullmatch(reason):
        reason = ""  # "同意，谢谢" gives no reason: a bare choice, asked about as such
    if not subject and not reason:
        return None
    return ChoiceSaid(found["choice"], subject, reason)
