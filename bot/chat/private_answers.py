"""Short private answers to a question the bot asked: "是的" to its own yes/no question,
"1是 2不是" under a 组长's 【待确认】 list. Each becomes the command the person would have typed."""

from __future__ import annotations

from datetime import timedelta

from bot.chat import review_bulk, yesno
from bot.chat.commanding import CommandRunner
from bot.chat.context import Context
from bot.services import pending

REVIEW_RECENT = timedelta(days=3)  # "1是" names Q0001 when it is a message of these days
NOT_DONE = "好的，先不办。需要时请发「{command}」。"


def yes_or_no(ctx: Context, runner: CommandRunner) -> bool:
    """The answer to the yes/no question the bot asked last: yes runs what it proposed."""
    found = yesno.answer(ctx.sender, ctx.text, ctx.now)
    if found is None:
        return False
    said, command, no = found
    if said == yesno.NO:
        ctx.reply(no or NOT_DONE.format(command=command))
    elif not runner.run_quietly(ctx, command):
        ctx.reply(NOT_DONE.format(command=command))
    return True


def review_answers(ctx: Context, runner: CommandRunner) -> bool:
    """ "1是 2不是", "1 3 是", "都不是" from a 组长 with 待确认 messages waiting: each
    number is the command she would have typed (convofix6 R9)."""
    answers = review_bulk.parse(ctx.text)
    if answers is None:
        return False
    items = pending.review_items(ctx.uow, ctx.sender, ctx.now)
    codes = [item.id for item in items if item.id is not None]

    def recent(number: int) -> bool:
        item = ctx.uow.review.get(number)
        return item is not None and ctx.now - item.received_at <= REVIEW_RECENT

    texts = review_bulk.commands(answers, codes, recent)
    if not texts and not codes:
        return False  # nothing waits for her and no message of these days: other words
    if not texts:
        listed = "、".join(f"Q{c:04d}" for c in codes[:10])
        ctx.reply(f"没找到这个编号。等您答复的是：{listed}。请回复「1是 2不是」或「是 Q0001」。")
        return True
    for text in texts:
        runner.run_quietly(ctx, text)
    return True
