"""A leader's instruction about a case, written under its code (convofix14d): never news.

"E0002 结错了 重新打开 垃圾还没清" (重新打开), "E0001 类别不对 是门禁的问题 改一下" (改类别),
"@孙志明 E0001 抓紧啊 居民都问好几次了" (督办), "E0001 吹哨吧 报给街道城管科" (吹哨).
改类别 is the reporter's too (polish15): "E0001 分错类了 应该是电梯" under her own code.
These words are meant for the members, not the
resident: read as a handler's 进展 they would be relayed to her as progress. Only a 组长 or
above means them so (the pipeline checks); the commands themselves check the case.
A member handing his own case to another by name ("E0001 … @周海燕 … 交给你了") is a 派单
from its holder (needs "handover")."""

from __future__ import annotations

import re

from bot.chat.category_words import corrects_category
from bot.chat.phrasing.text import Rewrite, clean_note

_CODE_FIRST = re.compile(
    r"^(?:@\S+\s*)*(?P<code>[Ee]\s*\d+)[\s,，:：]*(?:的事)?[\s,，]*(?P<rest>.+)$", re.S
)

# The close was a mistake: "结错了", "办结错了", "错结了", "重新打开", "重开一下", "撤销办结".
_REOPEN = re.compile(
    r"(?:办结|结案|结)错了?|错结了?|(?:重新|再)打开(?:一下)?|重开(?:一下)?"
    r"|(?:撤销|撤回|取消)(?:办结|结案)|不该(?:办结|结案|结)"
)
# A 吹哨 to a department: "吹哨吧 报给街道城管科", "报给城管", "转给街道办" (the 书记's call).
# "已经报给城管了", "刚报给街道" tell what was done by phone: news, not a request.
_WHISTLE = re.compile(
    r"(?<!已)(?<!已经)(?<!刚)(?:吹哨|(?:报给|转给|交给|上报|推给|报到)(?:街道|区里|区)?"
    r"[\u4e00-\u9fff]{0,6}?(?:科|局|所|队|街道|城管|街道办)(?![\u4e00-\u9fff]))"
)
# Urging the member who holds it: "抓紧啊", "赶紧处理", "尽快", "上点心". Not "我抓紧" (his own).
_URGE = re.compile(
    r"(?<!我)(?<!我们)(?<!我会)(?<!在)(?:抓紧|赶紧|赶快|抓点紧|加快|快点|上点心|别拖|不要拖|督促一下|盯紧)"
)
# Instruction words stripped from the reason the residents read.
_INSTRUCTION = re.compile(rf"{_REOPEN.pattern}|(?:一下|吧|啊|了)(?=[\s,，。]|$)|帮忙|麻烦|请")
# A holder handing his case to a member he names: "@周海燕 … 交给你了", "… @周海燕 你接手吧".
_HAND_TO_YOU = re.compile(r"交给你了?|转给你了?|你(?:来)?接手|你(?:来)?接着跟|拜托你了|就靠你了")
# A leader taking over a case someone else holds: "E0001 改派给我吧", "E0001 交给我吧 小孙忙".
_TO_ME = re.compile(r"(?:改派|转派|改|转|交|派)给我(?:自己)?|我(?:来)?接手|换我来")
_AT = re.compile(r"@([\u4e00-\u9fff]{1,6}|[A-Za-z]{1,16})")


def staff_words(text: str, **_: bool) -> Rewrite | None:
    found = _CODE_FIRST.match(text.strip())
    if found is None:
        return None
    code = found["code"].replace(" ", "").upper()
    rest = found["rest"]
    if _TO_ME.match(rest):
        return Rewrite(f"派单 {code} 我", "take_over")
    if _REOPEN.search(rest):
        reason = clean_note(_INSTRUCTION.sub(" ", rest)).strip(" ，,。")
        return Rewrite(f"重新打开 {code} {reason}".strip(), "leader")
    if _WHISTLE.search(rest):
        return Rewrite(f"吹哨 {code} {rest}", "leader")
    if corrects_category(rest):
        return Rewrite(f"改类别 {code} {rest}", "leader")
    names = _AT.findall(text)
    if names and _HAND_TO_YOU.search(rest):
        return Rewrite(f"派单 {code} @{names[0]}", "handover")
    if _URGE.search(rest):
        return Rewrite(f"督办 {code} {clean_note(rest)}", "leader")
    return None
