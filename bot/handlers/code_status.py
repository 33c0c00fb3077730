"""Status by code for the codes the case handler does not own: 说事 (S) and 议题 (Y).

"进度 S0001" and "S0001呢" were silent although the bot gave out S0001 with "有回音私聊告诉您"
(convo4 F26): every code answers a status question in the same forms as E and W do.
"""

from __future__ import annotations

from bot.chat.context import Context
from bot.domain.community import Role
from bot.domain.deliberation.suggestions import SuggestionStatus, parse_suggestion_code
from bot.domain.deliberation.topics import format_topic_code, parse_topic_code
from bot.handlers.deliberation import show_topic

OTHER_CODE = r"(?P<other>[SsYy]\s*\d{1,9})"

NOT_FOUND = "没有找到说事 {code}。"
NOT_YOURS = "说事 {code} 不是您提的，我只能告诉提的人它的进展。"
STATES = {
    SuggestionStatus.NEW: "已记下，正在等工作人员回复；有回音会私聊告诉您。",
    SuggestionStatus.ANSWERED: "已回复：{answer}",
    SuggestionStatus.MERGED: "和另一条说事合在一起处理了。",
    SuggestionStatus.PROMOTED: "已转为议题 {topic}，发送「议题 {topic}」看进展。",
}


def show(ctx: Context, code: str) -> None:
    code = code.replace(" ", "").upper()
    if code.startswith("Y"):
        topic_id = parse_topic_code(code)
        if topic_id is not None:
            show_topic(ctx, topic_id)
        return
    number = parse_suggestion_code(code)
    found = ctx.uow.suggestions.get(number) if number is not None else None
    if found is None:
        ctx.reply(NOT_FOUND.format(code=code))
        return
    if found.person_id != ctx.sender.id and ctx.sender.role < Role.MEMBER:
        ctx.reply(NOT_YOURS.format(code=found.code))
        return
    topic = format_topic_code(found.topic_id) if found.topic_id else ""
    state = STATES[found.status].format(answer=found.answer, topic=topic)
    ctx.reply(f"说事 {found.code}「{found.summary}」{state}")
