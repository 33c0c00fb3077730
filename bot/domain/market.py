"""积分超市: items (goods, or 商家联盟 services like 免费理发) and the redemptions of them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

MAX_PRICE = 100_000
MAX_STOCK = 100_000


class RedeemRefused(Exception):
    """A redemption or catalog change that cannot be made; the message is shown as is."""


@dataclass(eq=False)
class CatalogItem:
    name: str
    price: int  # points
    stock: int  # never below 0 (a CHECK constraint holds the line too)
    created_at: datetime
    estate_id: int | None = None  # None: every 小区 of the community
    merchant: str | None = None  # 商家联盟 member providing the service
    active: bool = True
    updated_at: datetime | None = None
    id: int | None = None

    @property
    def label(self) -> str:
        return f"{self.name}（{self.merchant}）" if self.merchant else self.name


@dataclass(eq=False)
class Redemption:
    item_id: int
    person_id: int
    points: int
    entry_id: int  # the ledger row that spent the points
    at: datetime
    actor_id: int | None = None
    actor: str = ""
    id: int | None = None

    @property
    def code(self) -> str:
        return f"R{self.id or 0:04d}"


def check_item(name: str, price: int, stock: int) -> None:
    if not name.strip() or len(name) > 40:
        raise RedeemRefused("物品名称要写，且不超过 40 个字。")
    if not 1 <= price <= MAX_PRICE:
        raise RedeemRefused(f"所需积分应在 1–{MAX_PRICE} 之间。")
    if not 0 <= stock <= MAX_STOCK:
        raise RedeemRefused(f"库存应在 0–{MAX_STOCK} 之间。")


def receipt(redemption: Redemption, item: CatalogItem, balance: int, when: str) -> str:
    where = f"，请凭此消息到「{item.merchant}」使用" if item.merchant else "，请到党群服务站领取"
    return (
        f"【积分兑换凭证】{redemption.code}\n"
        f"您已用 {redemption.points} 积分兑换「{item.name}」{where}。\n"
        f"兑换时间：{when}\n剩余积分：{balance}"
    )
