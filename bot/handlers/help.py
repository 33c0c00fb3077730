"""帮助: what the bot can do, for residents and for party members."""

from __future__ import annotations

import re

from bot.chat.context import Context
from bot.chat.router import Router


def help_text(ctx: Context) -> str:
    lines = [
        f"您好，我是{ctx.bot.name}，帮大家把小区里的问题记下来、交给党员、跟到办结。",
        "· 反映问题：直接在群里说，例如“3号楼电梯坏了”",
        "· 查进度：发送「进度 E0001」（换成您的编号）",
        "· 查我反映过的问题：发送「我的诉求」",
    ]
    return "\n".join(lines)


def build_router() -> Router:
    router = Router("help")

    @router.command("帮助", "help", "菜单", "?", "？")
    def show_help(ctx: Context, _args: re.Match[str]) -> None:
        ctx.reply(help_text(ctx))

    return router
