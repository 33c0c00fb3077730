"""Questions about a code: "进度E0002？？", "E0003到哪一步了", "w0002呢", "B0001发了吗".

Every code the bot hands out answers in the same forms (convo4 F26, F78): a 帮办 "H0001呢",
a 说事 "S0001到哪一步了" as well as a 诉求 or a 心愿.
"""

from __future__ import annotations

import re

from bot.chat.phrasing.handling import DONE
from bot.chat.phrasing.text import ANY_CODE, QUESTION, Rewrite, trim

_NOTICE_CODE = re.compile(r"(?<![A-Za-z])[Bb]\s*\d+")
# 帮办 and 说事 codes: asked about, never reported under (a report names an E or nothing).
_OTHER_CODE = re.compile(r"(?<![A-Za-z])[HhSs]\s*\d+(?!\d)")
# A question about a code: "E0003到哪一步了", "请问E0003现在怎么样了", "w0002呢".
_ASKING = re.compile(
    r"到哪|哪一步|哪步|怎么样|怎样|如何|进度|进展|状态|情况|处理|弄好|修好|办好|好了没|好没|"
    r"多久|什么时候|啥时候|几时|咋样|呢|吗|么|没有?$|[?？]"
    # 进度 as voice input writes it: "进渡E0001", "近度 E0001"
    r"|^(?:进渡|近度|禁度|尽度|进都|劲度|进读|近展|尽展)"
    # "查一下E0001", "E0001现在谁在管", "E0001有人接了吗" (convo9 C)
    r"|^(?:帮我)?(?:查|查一下|查查|看一下|看看|问一下|问下)(?:\s|$)|谁|有人(?:接|管|跟)"
)
_GIVING_UP = re.compile(r"不了|换个人|另找|退回")
# Thanks around a question: "查一下E0001 谢谢🙏".
_THANKS = re.compile(r"[\s,，]*(?:谢谢|多谢|感谢|麻烦了|辛苦了?)(?:你|您|啦|了)?[\s,，]*$")


# A notice taken back in the words around its code (convofix15b): "搞错了 年检的是3号楼 取消
# B0001", "B0001 不发了", "B0002 作废": the sender's 撤回通知 (its role is the command's), never
# a question about it, nor a problem report. "B0001 取消了吗" asks.
_WITHDRAWS = re.compile(r"取消|撤回|撤销|作废|不发了|别发了?|先不发|不要发了?|不用发了?")


def status(text: str, **_: bool) -> Rewrite | None:
    notices = _NOTICE_CODE.findall(text)
    if len(notices) == 1 and not ANY_CODE.search(text):
        rest = trim(text.replace(notices[0], " ", 1))
        if _WITHDRAWS.search(rest) and not QUESTION.search(rest):
            return Rewrite(f"撤回通知 {notices[0].replace(' ', '')}", "secretary")
        if not rest or ((len(rest) <= 16 and _ASKING.search(rest)) or "发" in rest):
            return Rewrite(f"通知进度 {notices[0].replace(' ', '')}")
        return None
    codes = ANY_CODE.findall(text) + _OTHER_CODE.findall(text)
    if len(codes) != 1:
        return None
    code = codes[0]
    rest = trim(_THANKS.sub("", trim(text.replace(code, " ", 1))))
    if rest and (len(rest) > 16 or _ASKING.search(rest) is None):
        return None  # "E0003的水管又漏了" is a report about it, not a question
    if rest and _GIVING_UP.search(rest) and not QUESTION.search(rest):
        return None  # "E0003 处理不了 另找人吧" gives the case back, it does not ask
    if rest and DONE.search(rest) and not QUESTION.search(rest):
        return None  # "E0001 弄好了" is a handler saying so, not asking
    return Rewrite(f"进度 {code.replace(' ', '')}")
