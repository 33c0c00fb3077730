"""Private chat must not go round in circles (convofix6 R10).

When the bot does not understand a private answer it asks again, kindly. Asked the same thing
again and again, a resident who cannot give the answer the bot wants ("就在我家楼下", "不知道")
is stuck: after the question and one clarification, the next unclear answer gets a helpful way
out instead (who to call, where to say it), and the question is not asked once more.

The count lives on the person (`extra`), so it holds across messages; any message the bot
understood in between starts it again.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.chat.context import Context

_KEY = "unclear_key"
_COUNT = "unclear_count"
_AT = "unclear_at"
_MESSAGE = "unclear_message"
WINDOW = timedelta(minutes=30)
MAX_ASKS = 2  # the question, then one clarification
FALLBACK = (
    "抱歉，我还是没看明白，就不再反复问您了。您说的话已经记下。"
    "方便的话，请在您住的楼栋群里直接说一声，或者找楼栋党小组长、社区工作人员帮忙（也可以打社区电话）；"
    "想看我能做什么，发送「帮助」。"
)


def clarify(ctx: Context, text: str, family: str | None = None) -> str | None:
    """The clarifying question to send, or the fallback once it was asked enough; None when
    even the fallback was already given (silence beats a third copy of it)."""
    if not ctx.is_private:
        return text
    person = ctx.sender
    key = family or text
    extra = person.extra
    count = 0
    at = extra.get(_AT)
    if extra.get(_KEY) == key and at and ctx.now - datetime.fromisoformat(at) <= WINDOW:
        count = int(extra.get(_COUNT, 0))
    count += 1
    person.extra = {
        **extra,
        _KEY: key,
        _COUNT: str(count),
        _AT: ctx.now.isoformat(),
        _MESSAGE: ctx.message.message_id,
    }
    if count <= MAX_ASKS:
        return text
    return FALLBACK if count == MAX_ASKS + 1 else None


def understood(ctx: Context) -> None:
    """This message was not answered with a clarifying question: the count starts again."""
    extra = ctx.sender.extra
    if _KEY in extra and extra.get(_MESSAGE) != ctx.message.message_id:
        ctx.sender.extra = {
            k: v for k, v in extra.items() if k not in (_KEY, _COUNT, _AT, _MESSAGE)
        }
