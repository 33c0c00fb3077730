"""Claiming in a member's words, with a code or quoting the case: "这个我来", "H0001 我来"."""

from __future__ import annotations

import re

from bot.chat.phrasing.text import Rewrite, clauses, clean_note

_CLAIMABLE = re.compile(r"(?<![A-Za-z])[EeWwHh]\s*\d+")
# A look, in the words people use: "看看", "瞅瞅", "瞧一眼" (not "看看热闹": a thing after it).
_LOOK = r"看看|看一下|看一眼|瞧瞧|瞧一下|瞧一眼|瞅瞅|瞅一下|瞅一眼|瞄一眼"
# Claiming in a member's words, with a quoted case message or a code.
_CLAIM = re.compile(
    # "已认领", "已经接单了" (convofix11b): the 已 says it is done, it names no thing
    r"^(?:好的?|行|嗯+|那|收到|没问题|明白|OK|ok|Ok|已经?)*"
    # the thing named first: "台阶这个我来", "路灯的事我去看看" (convo3 D37)
    r"(?:(?P<thing>[\u4e00-\u9fff]{1,6}?)(?:这个|那个|这件事?|这事|那事|的事|的)?)??"
    r"(?:这个|这件事?|这单|这事|那个|那|这)?(?:心愿|事|单|活儿?)?(?:就|由)?"
    r"(?:我来认领|我来接单?|我来|我去|交给我|我接了|我接|我来吧|我来处理|我来办|我负责|我去处理|"
    r"我去看看|我跟进|我认领|认领|接单|我接单"
    # "收到我马上去", "我这就过去", "马上到" answering the alert (convofix6 R3)
    r"|我?(?:马上|立刻|现在|这就|立马)(?:就)?(?:去|来|到|过去|过来|下楼|下来|上来|上去)"
    r"|我过去|我去一趟"
    # "W0001 我下午去", "我明天过去" (convo13b): the claim with the time he will go
    # (with its code only: "收到 我下午去看看" about the case he holds is news, convofix10d)
    r"|(?P<when>我(?:今天|下午|上午|中午|晚上|今晚|明天|明早|周末|等会儿?|一会儿?|待会儿?)"
    r"(?:就)?(?:去|来|过去))"
    # "井盖的事我来跟", "垃圾那个我去叫保洁", "这个我来协调", "我下楼看看电闸" (convo9 B)
    r"|(?P<act>我(?:来|去)(?:跟(?!大家|你们|各位|您|你)|跟进|协调|联系|叫|找|喊|通知|催|问问?)"
    r"[\u4e00-\u9fff]{0,6}?"
    rf"|我(?:下楼|上楼|过去)(?:{_LOOK})[\u4e00-\u9fff]{{0,4}}?))"
    # "我来弄", "我来修一下", "我过去瞅瞅" (convo10): the doing after the claim word
    # "W0001我去帮她换" (convo13b): whom he helps and the small job named after it
    rf"(?:处理|办|吧|了|啊|哈|呀|帮忙|帮|她|他|您|看看|一下|弄|修|换|装|搞|整|收拾|清|{_LOOK})*$"
)


# Words after a claim that take it back ("这个我来 不过今天去不了" is no claim).
# "我来 说两句" is the start of an opinion, not a claim.
_CANNOT = re.compile(r"不了|没空|没时间|不行|不能|来不及|去不成|^(?:说|讲|问|聊|吐槽|评)")
# Words around a thing that name no thing: "王奶奶这个心愿" names 王奶奶, "那" nothing.
_THING_WORDS = re.compile(r"^(?:好的?|行|嗯+|那|收到|没问题|明白|已经?)+|(?:心愿|事|单)$")
# "我来了" is arrival in small talk ("我来了我来了 刚才在忙"), never a claim (convo10).
_TOO_BARE = frozenset(
    {"我去", "我去了", "我去吧", "我来", "我接", "那我来", "我来了", "我来啦", "我来了我来了"}
)
MAX_PLAN = 12  # "这个我来 下午过去看看": a plan after the claim, not a story


# "我来我来", "我去我去！" (convofix11c): the claim said twice in a hurry is said once.
_DOUBLED = re.compile(r"(我(?:来|去|接)(?:吧|啦)?)[\s,，!！~～]*\1+")


def claim(text: str, *, quoted: bool, **_: bool) -> Rewrite | None:
    """A claim phrase, alone or followed by a short plan ("这个我来 下午过去看看")."""
    text = _DOUBLED.sub(r"\1", text)
    codes = _CLAIMABLE.findall(text)
    if len(codes) > 1:
        return None
    parts = clauses(_CLAIMABLE.sub("", text))
    thing = ""
    acts = False
    for k in range(len(parts), 0, -1):
        plan = "".join(parts[k:])
        said = _CLAIM.match("".join(parts[:k]))
        if said is None or "我" in (said["thing"] or ""):
            continue  # "我来了我来了": no thing is named by "我来了" (convo10)
        if said["when"] and not codes:
            return None
        thing = _THING_WORDS.sub("", said["thing"] or "")
        acts = bool(said["act"])
        if len(plan) > MAX_PLAN or _CANNOT.search(plan):
            return None
        break
    else:
        return None
    if not (codes or quoted):
        # No code, nothing quoted: a claim only of the one case just reported in this group,
        # which the pipeline looks up ("sole_open"); else it is speech. "我去！" is surprise.
        if "".join(parts) in _TOO_BARE:
            return None
        return Rewrite(f"我来 {plan}".strip(), "sole_open", about=thing)
    if codes and codes[0][:1] in "Hh":
        return Rewrite(f"认领 {codes[0]}")  # 帮办代办 volunteers need not be party members
    if codes and acts:
        # "E0001 我去找装修队说一下，周末十点前不准动电钻": the claim, and what he will do is
        # news for the residents (as "认领 E0001 …" relays it).
        return Rewrite(f"认领 {codes[0]} {clean_note(_CLAIMABLE.sub('', text))}", "member")
    return Rewrite(f"认领 {codes[0]}" if codes else "我来", "member")
