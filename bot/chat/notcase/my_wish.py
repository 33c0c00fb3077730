"""The wish-maker asks after her 微心愿 in words (convo15): "我那个搬花盆的心愿有人管没有啊".

Cases have this ("我报的那个怎么样了" gets the case's state, and a nudge when she asks whether
anyone is on it); wishes had nothing, so an elderly woman asking in front of the group heard
silence. Her own wish named as hers ("我那个…心愿", "我许的心愿") with a status question gets
its state as 「进度 W0001」 shows it; asking whether anybody will help, while nobody has claimed
it, also reminds the 楼栋党小组 (once a day) and says so. Several open wishes and words that
pick none of them: her list, 「我的心愿」.
"""

from __future__ import annotations

import re

from bot.chat.context import Context
from bot.chat.notcase.base import Run
from bot.domain.wishes import Wish
from bot.services import wishes

# Her own wish: "我那个搬花盆的心愿", "我许的心愿", "俺的微心愿", "我家那个心愿".
_MY_WISH = re.compile(
    r"(?:我|俺)家?(?:那个|的|许的|提的|发的|登记的|报的|说的|求的)(?:那个)?"
    r"(?P<thing>[^\s，,。!！?？]{0,12}?)(?:的)?(?:微)?心愿"
)
# Asking where it stands: "有人管没有", "怎么样了", "呢", "认领了吗", "什么时候有人来".
_ASKS = re.compile(
    r"有(?:没有)?人|没人|怎么样|咋样|如何了|到哪|进展|进度|呢|了(?:没|吗|么)|(?:没|吗|么)$"
    r"|什么时候|啥时候|认领(?:了)?(?:没|吗|么)|还没|有下文|有着落"
)
# Whether anybody will help at all: then the party members hear it again.
_CHASE = re.compile(r"有(?:没有)?人(?:管|认领|理|帮|接|来|弄|搭理)|没人|还没(?:有)?人|有着落")
MAX_ASKING = 60
NUDGED = "已再提醒本楼党员帮忙认领，有人认领会私信告诉您。"


def asked(text: str) -> str | None:
    """The thing her wish is named by ("搬花盆", or "" for "我的心愿呢"), or None."""
    if len(text) > MAX_ASKING:
        return None
    found = _MY_WISH.search(text)
    if found is None or _ASKS.search(text[found.end() :] or text) is None:
        return None
    return found["thing"]


def chases(text: str) -> bool:
    return _CHASE.search(text) is not None


def wish_status(ctx: Context, said: str, run: Run) -> bool:
    thing = asked(said)
    if thing is None or ctx.sender.id is None:
        return False
    theirs = list(ctx.uow.wishes.by_requester(ctx.sender.id))
    open_ = [w for w in theirs if w.status.is_open]
    meant = _named(thing, open_ or theirs) if thing else []
    if len(meant) != 1:
        meant = open_ if len(open_) == 1 else []
    if not meant:
        return bool(theirs) and run("我的心愿")  # several, none picked: her list
    wish = meant[0]
    lines = wishes.status_lines(ctx.uow, wish)
    if chases(said) and wishes.nudge(ctx.uow, wish, ctx.bot.account, ctx.now, ctx.bot.tz):
        lines.append(NUDGED)
    text = "\n".join(lines)
    if ctx.group is not None and not wish.public:
        ctx.send(text, person=ctx.sender)  # a private wish is never shown in the group
        ctx.reply("已私信告诉您。")
        return True
    ctx.reply(text)
    return True


def _named(thing: str, candidates: list[Wish]) -> list[Wish]:
    """The wishes whose words share a two-character stretch with the thing she named."""
    grams = {thing[i : i + 2] for i in range(len(thing) - 1)}
    return [w for w in candidates if any(g in w.text for g in grams)]
