"""One open object of theirs ⇒ a code-less command acts on it; several ⇒ ask which (convo4
rule 1).

"不要了 撤回吧" withdraws the sender's only open 帮办 or 微心愿. With two open (H0001 waiting
for its address, H0002 dispatched) it used to fall through to the generic introduction
(F63, F98): the person clearly meant one of hers, so the answer names them and asks which.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.helpdesk import Status as HelpStatus
from bot.ports import UnitOfWork

HELP_OPEN = (HelpStatus.DRAFT, HelpStatus.OPEN, HelpStatus.CLAIMED)
ASK_WITHDRAW = "您有 {count} 件还开着：{items}。要撤回哪一件？请回复{commands}。"


@dataclass(frozen=True)
class Item:
    code: str
    label: str  # what it is, as the person asked for it
    withdraw: str  # the command that withdraws it


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


def ask_withdraw(items: list[Item]) -> str:
    return ASK_WITHDRAW.format(
        count=len(items),
        items="、".join(i.label for i in items),
        commands="或".join(f"「{i.withdraw}」" for i in items[:3]),
    )


def _short(text: str, limit: int = 12) -> str:
    return text if len(text) <= limit else text[:limit] + "…"
