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
NONE_YET = "您还没有提过建议。想提建议请发「建议 内容」，例如「建议 小区多装几个充电桩」。"
_LATER = "；有回音会私聊告诉您。"  # said once under a list, not on every line
LISTED = 5  # the newest few: an answer in a chat, not a report
NOT_YOURS = "说事 {code} 不是您提的，我只能告诉提的人它的进展。"
STATES = {
    SuggestionStatus.NEW: "已记下，正在等工作人员回复；有回音会私聊告诉您。",  # ends with _LATER
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


def mine(ctx: Context) -> None:
    """「我的说事」 / "我提的建议怎么样了": the sender's own suggestions, newest first, each
    as 「进度 S0001」 would show it (the bot promised "有回音私聊告诉您", so people ask)."""
    if ctx.sender.id is None:
        ctx.reply(NONE_YET)
        return
    found = ctx.uow.suggestions.find(person_id=ctx.sender.id, limit=LISTED + 1)
    if not found:
        ctx.reply(NONE_YET)
        return
    if len(found) == 1:
        show(ctx, found[0].code)  # one suggestion: its state, as 「进度 S0001」 says it
        return
    lines = ["您提的建议："]
    for suggestion in found[:LISTED]:
        topic = format_topic_code(suggestion.topic_id) if suggestion.topic_id else ""
        state = STATES[suggestion.status].format(answer=suggestion.answer, topic=topic)
        lines.append(f"{suggestion.code}「{suggestion.summary}」{state.removesuffix(_LATER)}")
    if any(s.status is SuggestionStatus.NEW for s in found[:LISTED]):
        lines.append("有回音会私聊告诉您。")
    if len(found) > LISTED:
        lines.append(f"只列出最近 {LISTED} 条；查某一条请发「进度 S0001」。")
    ctx.reply("\n".join(lines))
