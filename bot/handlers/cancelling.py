"""取消 / 作废 + a code: one command for every feature, dispatched by the code's letter.

    取消 H0002   a 帮办代办 request: by its requester (or staff), as 「取消帮办 H0002」
    取消 W0001   a 微心愿: withdrawn by the resident who posted it, as 「撤回心愿 W0001」
    取消 E0001   a case cannot be cancelled: the answer says how to tell its handler
    取消 / 取消 B0003   the notice draft waiting for 确认 (staff and 支部书记, privately)

The router allows one handler per command name, and "取消" alone belongs to the notice
preview; so the name is registered once, here, and the letter picks the feature
("取消 H0002" used to get the notice's format hint, convofix11a).
"""

from __future__ import annotations

import re

from bot.chat.context import Context
from bot.chat.router import Router
from bot.handlers import broadcasts, helpdesk, wishes
from bot.services.points_policy import PointsPolicy, default_policy

# Any feature's code; the letter is read by the handler, not by the pattern.
CODE = r"(?P<code>[BbHhWwEe]\s*\d+)?"
CASE_HINT = (
    "诉求 {code} 不能直接取消。如果问题已经解决、不用处理了，"
    "请回复「{code} 已经好了，不用处理了」，我会转告承办的党员核实后结案。"
)


def build_router(policy: PointsPolicy | None = None) -> Router:
    router = Router("cancelling")
    wish_policy = policy or default_policy()

    @router.command("取消", "作废", args=CODE, usage="取消 B0003")
    def cancel(ctx: Context, args: re.Match[str]) -> None:
        code = args["code"]
        letter = code[0].upper() if code else "B"
        if letter == "H":
            helpdesk.cancel_request(ctx, code)
        elif letter == "W":
            wishes.withdraw(ctx, wish_policy, code)
        elif letter == "E":
            ctx.reply(CASE_HINT.format(code="".join(code.split()).upper()))
        else:
            broadcasts.drop(ctx, code)

    return router
