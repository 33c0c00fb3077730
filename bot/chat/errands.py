"""A requester's own words about her 微心愿 or 帮办, without its code (convo9 class F).

"收音机那个不用了，我儿子回来给我修好了" takes her wish back; "燃气费不用帮我交了，我女儿在手机上
交好了" cancels her 帮办; "小郑今天上午都帮我搬下去了，太感谢了" says her one claimed wish came
true. Each is the command she would have typed (「撤回心愿 W0001」, 「取消帮办 H0001」,
「已实现 W0001」), run only when the words point at exactly one of her open ones."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from bot.chat.context import Context
from bot.domain.helpdesk import HelpRequest, Status
from bot.domain.wishes import Wish, WishStatus

# "不用了", "不用帮我交了", "不需要了", "用不着了": she no longer needs it.
_NO_LONGER = re.compile(
    r"不用(?:帮我|帮忙|麻烦|再|您|你们)?[^，,。！!？?\s]{0,3}?了|不需要了|用不着了|不要了|不麻烦了"
)
# "帮我搬下去了", "都帮我弄好了", "给我修好了": someone did it for her.
_DONE_FOR_ME = re.compile(
    r"(?:帮|给|替)(?:我|俺)[^，,。！!？?\s]{0,6}?(?:好了|完了|下去了|上来了|过来了|回来了|了)"
)
# Why she no longer needs it, without naming it: it got done another way (convo15
# helpdesk_cancel: "不用了不用了 我儿子回来了 他帮我交了"). Someone did it for her, she did it
# herself, family came back to do it, or it is already done.
_DONE_OTHERWISE = re.compile(
    r"(?:帮|给|替)(?:我|俺)[^，,。！!？?\s]{0,6}?了"
    r"|自己[^，,。！!？?\s]{0,6}?了"
    r"|(?:儿子|女儿|闺女|孩子|老伴|孙子|孙女|家里人|亲戚)[^，,。！!？?\s]{0,4}?(?:回来|来|在家)了"
    r"|已经[^，,。！!？?\s]{0,3}?(?:好|完|办|交|弄|买|修|缴)了?"
)
_THANKS = re.compile(r"谢谢|感谢|多谢|辛苦")
_ASKING = re.compile(r"[吗么?？]\W*$|没有?\W*$")
MAX_WORDS = 50
_COMMON = frozenset({"那个", "这个", "不用", "帮我", "我的", "一下", "东西", "事情"})


def _pairs(text: str) -> set[str]:
    words = re.sub(r"[\W_a-zA-Z0-9]+", "", text)
    return {words[i : i + 2] for i in range(len(words) - 1)} - _COMMON


def _names(thing: str, said: str) -> bool:
    """The words share a two-character term with what she asked for ("燃气费", "收音机")."""
    before = _NO_LONGER.split(said, maxsplit=1)[0]
    return bool(_pairs(before) & _pairs(thing))


def handled(ctx: Context, run: Callable[[str], bool]) -> bool:
    """Run the command her words mean for her own 微心愿 / 帮办; True when one ran."""
    said = "".join(ctx.message.text.split())
    if not said or len(said) > MAX_WORDS or ctx.sender.id is None or _ASKING.search(said):
        return False
    if _NO_LONGER.search(said):
        return _withdraw(ctx, said, run)
    if _DONE_FOR_ME.search(said) and _THANKS.search(said):
        return _fulfilled(ctx, run)
    return False


def done_another_way(said: str) -> bool:
    """ "不用了不用了 我儿子回来了 他帮我交了", "不需要了 我自己交好了": no longer needed because
    it got done another way; not a question ("不用了吗"), and not a bare "不用了 谢谢"."""
    said = "".join(said.split())
    return (
        not _ASKING.search(said)
        and _NO_LONGER.search(said) is not None
        and _DONE_OTHERWISE.search(said) is not None
    )


def _withdraw(ctx: Context, said: str, run: Callable[[str], bool]) -> bool:
    person = ctx.sender.id or 0
    wishes = [w for w in _open_wishes(ctx, person) if _names(w.text, said)]
    helps = [r for r in _open_helps(ctx, person) if _names(f"{r.service_name}{r.note}", said)]
    found: Sequence[object] = [*wishes, *helps]
    if not found and done_another_way(said):
        # "不用了 我儿子回来了 他帮我交了" names no request but says it got done another way:
        # it is about her one open 帮办 or 微心愿, when she has exactly one (as "不要了 撤回吧"
        # is, README). A bare "不用了 谢谢" gives no such reason and may answer anything.
        wishes, helps = _open_wishes(ctx, person), _open_helps(ctx, person)
        found = [*wishes, *helps]
    if len(found) != 1:
        return False  # none named, or several: the words are left to the other readers
    if wishes:
        return run(f"撤回心愿 {wishes[0].code}")
    return run(f"取消帮办 {helps[0].code}")


def _open_wishes(ctx: Context, person: int) -> list[Wish]:
    return [
        w
        for w in ctx.uow.wishes.by_requester(person)
        if w.status in (WishStatus.OPEN, WishStatus.CLAIMED)
    ]


def _open_helps(ctx: Context, person: int) -> list[HelpRequest]:
    return [
        r
        for r in ctx.uow.helpdesk.of_person(person)
        if r.requester_id == person and r.status in (Status.DRAFT, Status.OPEN, Status.CLAIMED)
    ]


def _fulfilled(ctx: Context, run: Callable[[str], bool]) -> bool:
    claimed = [
        w for w in ctx.uow.wishes.by_requester(ctx.sender.id or 0) if w.status is WishStatus.CLAIMED
    ]
    if len(claimed) != 1:
        return False
    return run(f"已实现 {claimed[0].code}")
