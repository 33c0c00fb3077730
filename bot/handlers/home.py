"""Asking a resident where they live instead of sending them to the group (convo3 D50, D33).

A private report, 心愿 or 帮办 from someone the bot cannot place is held (`services.home`)
and the resident is asked for the 小区 and building once; the answer lets the held message be
handled as if just said. "收到" is not said: nothing is registered until the answer comes.
"""

from __future__ import annotations

from bot.chat import loops
from bot.chat.context import Context
from bot.services import home

ASK_WHERE = "请问您住哪个小区、几号楼？（例如“{example}”）告诉我后马上为您{what}，不用在群里说。"


def ask_where(ctx: Context, what: str) -> None:
    """Hold the message and ask where the resident lives (private chat only)."""
    home.hold(ctx.sender, ctx.message.text, ctx.now)
    asked = loops.clarify(ctx, ASK_WHERE.format(example=home.example(ctx.uow), what=what), "where")
    if asked is not None:
        ctx.reply(asked)
