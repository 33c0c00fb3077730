"""公示名 in words (convofix10a): "公示的时候写我昵称就行", "别公示我名字", "光荣榜上用我真名吧",
"公示名改成老王". The words must be about the 公示 (or 光荣榜/积分榜) and say how to be named;
"公示栏的名字写错了" says neither choice and stays speech."""

from __future__ import annotations

import re

from bot.chat.phrasing.text import Rewrite

_ABOUT = re.compile(r"公示|光荣榜|积分榜|榜单|榜上|上榜")
# Not named: "别公示我名字", "不要写我的名字", "名字别公开", "匿名就行", "打个码".
_HIDDEN = re.compile(
    r"(?:别|不要|不用|不想|甭|不必|不愿意?)(?:把我的?)?(?:公示|公开|写|显示|登|挂|放|上|露|出现|用)?"
    r"(?:我的?)?(?:真实?的?)?(?:名字|姓名|名|实名|真名)"
    r"|(?:名字|姓名|真名)(?:别|不要|不用)(?:公示|公开|写|显示|露)"
    r"|匿名|隐藏|不公开|打码|打个码|只写姓"
)
_NAMING = re.compile(r"名|昵称|匿名|隐藏|打码|只写姓|不公开")
_NICKNAME = re.compile(r"昵称|微信名|网名|群名")
_REAL = re.compile(r"真名|实名|真实姓名|全名|本名|真实名字")
# "公示名改成老王", "公示的时候写老王": a name of her own choosing.
_OWN_NAME = re.compile(
    r"(?:改成|改为|换成|写成|写|叫|用|显示成?)(?:我的?)?[「“\"]?(?P<name>[^\s，,。!！?？」”\"]{1,8})"
)
_ASKED = re.compile(r"吗|么|呢|[?？]|怎么|如何|能不能|可不可以|可以.{0,4}吗")
MAX_WORDS = 30


def publicity_name(text: str, **_: bool) -> Rewrite | None:
    if len(text) > MAX_WORDS or _ABOUT.search(text) is None or _NAMING.search(text) is None:
        return None  # "光荣榜上有我吗" asks about the board, not how she is named
    if _ASKED.search(text):
        return Rewrite("公示名")  # "公示能用昵称吗": how she is shown, and the choices
    if _HIDDEN.search(text):
        return Rewrite("公示名 匿名")
    if _NICKNAME.search(text):
        return Rewrite("公示名 昵称")
    if _REAL.search(text):
        return Rewrite("公示名 实名")
    own = _OWN_NAME.search(text)
    if own is not None and text.startswith(("公示名", "公示的名字", "公示名字", "公示上的名字")):
        return Rewrite(f"公示名 {own['name']}")  # the handler says which names it can show
    return None
