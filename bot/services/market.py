"""积分超市: the catalog, stock and redemptions recorded by staff.

A redemption locks the person (a write, so SQLite's single writer and PostgreSQL's row lock
both serialise one person's spending), checks the balance, takes one from stock with a
conditional UPDATE (of racing redemptions of the last item exactly one matches) and books
the spending as a ledger row, all in one transaction. Neither stock nor balance goes
negative, and a refused redemption has changed nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.domain.community import Person
from bot.domain.market import CatalogItem, RedeemRefused, Redemption, check_item
from bot.domain.points import REDEEM_RULE, LedgerEntry, RuleKind
from bot.ports import UnitOfWork


def catalog(uow: UnitOfWork, estate_id: int | None) -> Sequence[CatalogItem]:
    return uow.market.items(estate_id)


def find_item(uow: UnitOfWork, name: str, estate_id: int | None) -> CatalogItem:
    name = name.strip()
    items = [i for i in uow.market.items(estate_id) if i.name == name]
    if not items:
        close = [i for i in uow.market.items(estate_id) if name and name in i.name]
        if len(close) == 1:
            return close[0]
        names = "、".join(i.name for i in uow.market.items(estate_id)) or "（暂无）"
        raise RedeemRefused(f"积分超市里没有「{name[:20]}」。现有：{names}")
    # The 小区's own item before the community-wide one of the same name.
    items.sort(key=lambda i: i.estate_id is None)
    return items[0]


def add_item(
    uow: UnitOfWork,
    *,
    name: str,
    price: int,
    stock: int,
    now: datetime,
    estate_id: int | None = None,
    merchant: str | None = None,
) -> CatalogItem:
    """上架: a new item, or more stock and a new price for one of the same name."""
    name = name.strip()
    check_item(name, price, stock)
    for item in uow.market.items(estate_id, active_only=False):
        if item.name == name and item.estate_id == estate_id:
            check_item(name, price, item.stock + stock)  # the sum keeps within the limit too
            item.price, item.active, item.updated_at = price, True, now
            item.stock += stock
            item.merchant = merchant or item.merchant
            return item
    return uow.market.add_item(
        CatalogItem(
            name=name,
            price=price,
            stock=stock,
            created_at=now,
            estate_id=estate_id,
            merchant=(merchant or "").strip() or None,
        )
    )


def set_active(uow: UnitOfWork, item_id: int, active: bool, now: datetime) -> CatalogItem:
    item = uow.market.item(item_id)
    if item is None:
        raise RedeemRefused("没有这个物品。")
    item.active, item.updated_at = active, now
    return item


@dataclass(frozen=True)
class Redeemed:
    redemption: Redemption
    item: CatalogItem
    balance: int


def redeem(
    uow: UnitOfWork,
    *,
    person: Person,
    item: CatalogItem,
    now: datetime,
    actor: Person | None = None,
    actor_label: str = "",
) -> Redeemed:
    """Spend `item.price` points for one `item`; RedeemRefused says why not."""
    assert person.id is not None and item.id is not None
    if not item.active:
        raise RedeemRefused(f"「{item.name}」已下架。")
    if item.stock <= 0:  # as read; take_one below is what settles a race
        raise RedeemRefused(f"「{item.name}」已经兑换完了，请选择其他物品。")
    uow.points.lock_person(person.id)
    balance = uow.points.balance(person.id)
    if balance < item.price:
        raise RedeemRefused(
            f"{person.name} 现有 {balance} 积分，兑换「{item.name}」需要 {item.price} 积分，"
            f"还差 {item.price - balance} 分。"
        )
    if not uow.market.take_one(item.id, now):
        uow.market.refresh(item)
        raise RedeemRefused(f"「{item.name}」已经兑换完了，请选择其他物品。")
    label = actor_label or (actor.name if actor else "")
    entry = uow.points.add(
        LedgerEntry(
            person_id=person.id,
            rule=REDEEM_RULE,
            kind=RuleKind.REDEEM,
            points=-item.price,
            reason=f"兑换「{item.label}」",
            at=now,
            actor_id=actor.id if actor else None,
            actor=label,
            estate_id=person.estate_id,
            building_id=person.building_id,
        )
    )
    assert entry.id is not None
    redemption = uow.market.add_redemption(
        Redemption(
            item_id=item.id,
            person_id=person.id,
            points=item.price,
            entry_id=entry.id,
            at=now,
            actor_id=actor.id if actor else None,
            actor=label,
        )
    )
    uow.market.refresh(item)
    return Redeemed(redemption, item, balance - item.price)
