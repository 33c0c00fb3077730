"""One open object of theirs ⇒ a code-less command acts on it; several ⇒ ask which (convo4
rule 1).

"不要了 撤回吧" withdraws the sender's only open 帮办 or 微心愿. With two open (H0001 waiting
for its address, H0002 dispatched) it used to fall through to the generic introduction
(F63, F98): the person clearly meant one of hers, so the answer names them and asks which.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.helpdesk import Status as HelpStatus
from bot.domain.wishes import WishStatus
from bot.ports import UnitOfWork

HELP_OPEN = (HelpStatus.DRAFT, HelpStatus.OPEN, HelpStatus.CLAIMED)
ASK_FULFILLED = "您有 {count} 个心愿已有人认领：{items}。是哪一个实现了？请回复{commands}。"
NONE_TO_FULFIL = "您现在没有已有人认领、等您确认的微心愿。发「我的心愿」可以看看您的心愿。"
ASK_WITHDRAW = "您有 {count} 件还开着：{items}。要撤回哪一件？请回复{commands}。"


@dataclass(frozen=True)
class Item:
    code: str
    label: str  # what it is, as the person asked for it
    command: str  # the command that acts on it (withdraws it, confirms it)


def withdrawable(uow: UnitOfWork, person_id: int) -> list[Item]:
    """The person's own 帮办 and 微心愿 that are still open, newest first."""
    helps = [
        Item(r.code, f"帮办 {r.code} {r.service_name}", f"取消帮办 {r.code}")
        for r in uow.helpdesk.of_person(person_id)
        if r.requester_id == person_id and r.status in HELP_OPEN
    ]
    wishes = [
        Item(w.code, f"心愿 {w.code} {_short(w.text)}", f"撤回心愿 {w.code}")
        for w in uow.wishes.by_requester(person_id)
        if w.status.is_open
    ]
    return helps + wishes


def wishes_to_fulfil(uow: UnitOfWork, person_id: int) -> list[Item]:
    """The person's open 微心愿 someone has claimed: what "已实现" without a code confirms."""
    return [
        Item(w.code, f"心愿 {w.code} {_short(w.text)}", f"已实现 {w.code}")
        for w in uow.wishes.by_requester(person_id)
        if w.status is WishStatus.CLAIMED
    ]


def ask_withdraw(items: list[Item]) -> str:
    return ASK_WITHDRAW.format(
        count=len(items),
        items="、".join(i.label for i in items),
        commands="或".join(f"「{i.command}」" for i in items[:3]),
    )


def ask_fulfilled(items: list[Item]) -> str:
    commands = "或".join(f"「{i.command}」" for i in items[:3])
    return ASK_FULFILLED.format(
        count=len(items), items="、".join(i.label for i in items), commands=commands
    )


def _short(text: str, limit: int = 12) -> str:
    return text if len(text) <= limit else text[:limit] + "…"
