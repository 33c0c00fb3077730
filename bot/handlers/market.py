"""The 积分超市 in chat: 积分超市 (the catalog), 兑换 and 上架 (staff, privately)."""

from __future__ import annotations

import re

from bot.chat.context import Context
from bot.chat.router import Router
from bot.domain.community import Role
from bot.domain.market import RedeemRefused, receipt
from bot.domain.points import AwardRefused
from bot.handlers.points import WHO, person_named
from bot.services import market


def build_router() -> Router:
    router = Router("market")

    @router.command("积分超市", "积分商城", "兑换目录")
    def shop(ctx: Context, _args: re.Match[str]) -> None:
        _catalog(ctx)

    @router.command(
        "兑换",
        "积分兑换",
        args=rf"{WHO}\s+(?P<item>.+)",
        usage="兑换 @王阿姨 免费理发",
        min_role=Role.STAFF,
        where="private",
    )
    def redeem(ctx: Context, args: re.Match[str]) -> None:
        _redeem(ctx, args["who"], args["item"])

    @router.command(
        "上架",
        args=r"(?P<name>\S+)\s+(?P<price>\d{1,6})\s*(?:积分|分)?\s+(?:库存\s*)?(?P<stock>\d{1,6})"
        r"\s*(?:份|个|次|件)?(?:\s+(?P<merchant>.+))?",
        usage="上架 免费理发 30积分 10份 张记理发店",
        min_role=Role.STAFF,
        where="private",
    )
    def stock(ctx: Context, args: re.Match[str]) -> None:
        try:
            item = market.add_item(
                ctx.uow,
                name=args["name"],
                price=int(args["price"]),
                stock=int(args["stock"]),
                merchant=args["merchant"],
                now=ctx.now,
                estate_id=ctx.sender.estate_id if ctx.sender.role < Role.STAFF else None,
            )
        except RedeemRefused as refused:
            ctx.reply(str(refused))
            return
        ctx.reply(f"已上架「{item.label}」：{item.price} 积分，库存 {item.stock}。")

    return router


def _catalog(ctx: Context) -> None:
    items = market.catalog(ctx.uow, ctx.estate_id)
    if not items:
        ctx.reply("积分超市正在筹备，敬请期待。")
        return
    lines = ["【积分超市】"]
    for item in items:
        left = f"剩 {item.stock}" if item.stock > 0 else "已兑完"
        lines.append(f"· {item.label} {item.price} 积分（{left}）")
    lines.append("兑换请到党群服务站，由工作人员登记。发送「我的积分」查看余额。")
    ctx.reply("\n".join(lines))


def _redeem(ctx: Context, who: str, item_name: str) -> None:
    try:
        person = person_named(ctx, who)
        item = market.find_item(ctx.uow, item_name, person.estate_id)
        done = market.redeem(ctx.uow, person=person, item=item, now=ctx.now, actor=ctx.sender)
    except (AwardRefused, RedeemRefused) as refused:
        ctx.reply(str(refused))
        return
    when = ctx.now.astimezone(ctx.bot.tz).strftime("%Y-%m-%d %H:%M")
    ctx.reply(
        f"已登记：{person.name} 用 {done.redemption.points} 积分兑换「{item.label}」"
        f"（{done.redemption.code}），剩余积分 {done.balance}，库存剩 {item.stock}。"
    )
    ctx.send(receipt(done.redemption, item, done.balance, when), person=person)
