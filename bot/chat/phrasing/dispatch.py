"""派单 in a 组长's words (convofix6 R9): "让孙志明去处理E0002", "E0004 安排孙志明去",
"E0004 孙志明你去看看", "@孙志明 E0003交给你了". Only a 组长 or above means a 派单 by it
(the pipeline checks); the name is looked up in the roster by the 派单 command itself."""

from __future__ import annotations

import re

from bot.chat.phrasing.text import Rewrite

_CODE = r"(?P<code>[Ee]\s*\d+)"
# A name: not a pronoun, "一下" or "人" ("让我看看E0001", "E0001 安排一下", "安排人去").
_NAME = r"(?!我|你|您|他|她|咱|大家|一下|人|个人)(?P<name>[\u4e00-\u9fff]{2,4}?)"
_DO = r"(?:去|来)?(?:处理|看看|看一下|跟进|负责|办|弄|修)?(?:一下)?(?:吧|了|哈)?"
_FORMS = (
    # 让孙志明去处理E0002, 请孙志明跟进 E0002, 安排孙志明处理一下E0002
    re.compile(rf"^(?:让|请|叫|安排|麻烦)(?:党员)?{_NAME}(?:同志)?{_DO}\s*(?:一下)?\s*{_CODE}$"),
    # E0004 安排孙志明去, E0001 交给孙志明处理, E0002 让孙志明跟进
    re.compile(
        rf"^{_CODE}\s*(?:的事)?[\s,，]*(?:交给|派给|转给|安排|让|请|叫){_NAME}(?:同志)?{_DO}$"
    ),
    # E0004 孙志明你去看看
    re.compile(rf"^{_CODE}[\s,，]*{_NAME}[\s,，]*(?:你|您)(?:去|来|跟进|处理){_DO}$"),
    # 吴师傅 你去处理一下E0001, 孙志明你跟一下E0002 (convo9 B)
    re.compile(rf"^{_NAME}[\s,，]*(?:你|您)(?:去|来|跟|跟进|处理){_DO}\s*(?:一下)?\s*{_CODE}$"),
)
# A 派单 to someone else on a case already assigned (convofix13b #3): "E0001 换个人跟 派给赵老师吧
# 老孙出差了", "E0001 改派赵老师", "E0001 让赵老师去", "改派E0001给赵老师". It names the new member,
# so it is a re-dispatch (the 派单 command tells the previous one he is off it), never a 退回;
# A reason may follow the name after a space or comma only where the words themselves say
# 改派 (改派/派给/换成 …, or "换个人" before 让/交给): "E0001 交给物业处理 他们有钥匙" from the
# member who holds it stays his news.
_OTHER = r"(?:换个人|换人|换一个人|另外找人|另找人)(?:跟|跟进|处理|来|去|负责|办|吧|了)*[\s,，。]*"
_REASSIGN = (
    r"(?:改派给?|改由|改让|改成|改为|换成|换给|转派给?|重新派给?|派给"
    r"|换(?=[\u4e00-\u9fff]{2,4}?(?:同志)?(?:来|去)?(?:跟|接|处理|负责)))"
)
_HAND = r"(?:交给|转给|安排|让|请|叫)"
_TAKE = r"(?:来|去)?(?:接手|接着跟|跟|接)?"
_REASON = r"(?:[\s,，。;；!！]+(?P<why>\S.*))?"
_THANKS = r"(?:[\s,，。]*(?:谢谢|感谢|辛苦了?|麻烦了?)[\s,，。!！~]*)?"
_WHO = rf"{_NAME}(?:同志)?{_TAKE}{_DO}"
_REDISPATCH = (
    re.compile(rf"^{_CODE}\s*(?:的事)?[\s,，]*(?:{_OTHER})?{_REASSIGN}{_WHO}{_REASON}$"),
    re.compile(rf"^{_CODE}\s*(?:的事)?[\s,，]*{_OTHER}{_HAND}{_WHO}{_REASON}$"),
    re.compile(rf"^{_CODE}\s*(?:的事)?[\s,，]*{_HAND}{_WHO}{_THANKS}$"),
    re.compile(rf"^(?:改派|转派|重新派)(?:给)?\s*{_CODE}[\s,，]*(?:给|派给|由)?{_WHO}{_REASON}$"),
)
# "@孙志明 E0003交给你了", "E0003 你来处理一下 @孙志明": the name is the @-mention.
_TO_YOU = re.compile(
    rf"^(?:@\S+\s*)*{_CODE}[\s,，]*(?:就)?(?:交给你|你来|你去|麻烦你|辛苦你|你负责|你跟|你跟进|你处理|你看)(?:跟进)?{_DO}(?:\s*@\S+)*$"
)


# Quoting the bot's message about a case, the code is in the quote (convofix14d): "@孙志明 这个
# 你去一下 就在你们单元", "@孙志明 交给你了" under the 【督办】. The pipeline adds the code.
_QUOTED_TO_YOU = re.compile(
    r"^(?:@\S+\s*)*(?:这个|这件事?|这事|这单|这活儿?)?(?:就|还是)?"
    r"(?:交给你了?|麻烦你|辛苦你|(?:你|您)(?:去|来|跟|跟进|处理|负责|看)(?!不))"
)


def dispatch_words(text: str, *, quoted: bool = False, **_: bool) -> Rewrite | None:
    said = text.strip()
    if quoted and not _ANY_CASE.search(said) and _QUOTED_TO_YOU.match(said):
        return Rewrite(f"派单 @{'@'.join(at_names(said))}", "quoted_dispatch")
    return plain_dispatch_words(said)


def plain_dispatch_words(text: str, **_: bool) -> Rewrite | None:
    """The 派单 forms that carry their code."""
    said = text.strip()
    for form in _FORMS:
        found = form.match(said)
        if found is not None:
            code = found["code"].replace(" ", "").upper()
            return Rewrite(f"派单 {code} {found['name']}", "dispatcher")
    for form in _REDISPATCH:
        found = form.match(said)
        if found is not None:
            code = found["code"].replace(" ", "").upper()
            return Rewrite(f"派单 {code} {found['name']}", "dispatcher")
    found = _TO_YOU.match(said)
    if found is not None:
        # In a group the pipeline keeps it only when someone was @-mentioned; privately the
        # "@高大爷" is plain text, and the name is the member's (convo10b C6).
        code = found["code"].replace(" ", "").upper()
        return Rewrite(f"派单 {code} @{'@'.join(at_names(said))}", "dispatcher")
    return None


def at_names(text: str) -> list[str]:
    """The names written after "@" ("@高大爷 E0001交给你了" → 高大爷)."""
    return _AT_NAME.findall(text)


_ANY_CASE = re.compile(r"[Ee]\s*\d")
_AT_NAME = re.compile(r"@([\u4e00-\u9fff]{1,6}|[A-Za-z]{1,16})")
