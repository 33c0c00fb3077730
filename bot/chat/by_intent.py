"""Words that are no command: what the intent engine makes of them, and which intent
handler gets them (a case, a 待确认 review, a 微心愿, chat). Also a reply under a
【征求意见】 post, which is an opinion on its topic before it is anything else."""

from __future__ import annotations

from bot.chat import change_helper, detail, notcase, wishlike
from bot.chat.commanding import CommandRunner
from bot.chat.context import Context
from bot.chat.notcase import topics
from bot.chat.outcome import Outcome
from bot.chat.router import IntentHandler, IntentView
from bot.chat.small_talk import private_small_talk
from bot.ports import Classifier
from bot.services.deliberation.replies import replied_topic

DESCRIBE = "请直接说说遇到了什么问题，例如“3号楼电梯坏了”；发送「帮助」查看用法。"
DESCRIBE_TAGGED = "请在「#报事」后面写清楚遇到的问题，例如“#报事 3号楼电梯坏了”。"
REPORT_TAGS = ("#报事", "＃报事")


class IntentStep:
    def __init__(
        self,
        runner: CommandRunner,
        classifier: Classifier,
        intent_handlers: dict[str, IntentHandler],
    ) -> None:
        self._runner = runner
        self._classifier = classifier
        self._intent_handlers = intent_handlers

    def handle(self, ctx: Context) -> Outcome:
        """Classify the words and hand them to the intent handler their verdict names."""
        tagged = report_tag(ctx.text)
        if tagged is None and notcase.redirect(
            ctx, lambda text: self._runner.run_quietly(ctx, text)
        ):
            return Outcome.HANDLED  # a question about something known is not a new case
        said = ctx.message.text if tagged is None else tagged
        intent = self._classifier.classify(said)
        ctx.stored.intent_kind = intent.kind
        ctx.stored.intent_category = intent.category
        ctx.stored.confidence = intent.confidence
        # "@机器人 …" or "#报事 …" forces a report: a problem the text names (a case, or a
        # review with lexicon terms) opens a case. In a group the resident chose to force it, so
        # an unsure problem ("3号楼楼道里好像有股怪味") is enough; privately the model's hunch
        # alone is not (an address or a time said to the bot is no problem).
        ctx.forced = tagged is not None or ctx.addressed
        insisted = ctx.group is not None and (tagged is not None or ctx.message.mentions_bot)
        named = bool(intent.terms) or insisted
        key = handler_key(intent.kind, intent.action, forced=ctx.forced, named=named)
        if key == "issue" and weak_caption(ctx, intent):
            key = "review"  # "看楼下的树都黄了" under a photo: a person decides, no case (F2)
        if key in ("issue", "review", "chat") and not intent.urgent and wishlike.help_at_home(said):
            # A hand at home for an elderly man is a 微心愿, not a case (D52); nor is it chat
            # when the engine hears no fault ("想找个会弄手机的年轻人，帮我…", convo9).
            key = "wish"
        handler = self._intent_handlers.get(key)
        if handler is not None:
            handler(ctx, intent)
        if not ctx.sent and key == "chat" and (tagged is not None or ctx.message.mentions_bot):
            # Spoken to, but no problem named: ask for one rather than stay silent.
            ctx.reply(DESCRIBE_TAGGED if tagged is not None else DESCRIBE)
            return Outcome.HANDLED
        if not ctx.sent and key == "chat" and ctx.is_private:
            if detail.address_again(ctx) or change_helper.ask(ctx) or detail.add(ctx):
                return Outcome.HANDLED  # "是硝苯地平 要两盒": for the 帮办 just asked for
            return private_small_talk(ctx)
        if handler is not None:
            return Outcome.HANDLED if ctx.sent else Outcome.SILENT
        return self._runner.show_help(ctx) if ctx.addressed else Outcome.SILENT

    def opinion_in_group(self, ctx: Context) -> bool:
        """A group reply to the 【征求意见】 post, as the post promises (convo4 F60)."""
        if ctx.group is None or topics.asks_status(ctx.text):
            return False  # "电动车的建议有下文了吗" asks where it stands: no opinion (convo14)
        topic = replied_topic(ctx.uow, ctx.group, ctx.text, ctx.message.quote)
        quoted = bool(ctx.message.quote and "【征求意见】" in ctx.message.quote)
        if topic is not None and not quoted:
            verdict = self._classifier.classify(ctx.text)
            if verdict.kind == "issue" and verdict.action == "case":
                return False  # "停车位地锁坏了 应该修修": a fault on its subject is a report
        found = self._runner.match(f"意见 {topic.code} {ctx.text}") if topic else None
        if found is None or found.args is None:
            return False
        found.command.handler(ctx, found.args)
        return True


CAPTION_SURE = 0.5  # below it, a caption's "problem" is the model's hunch, not named words


def weak_caption(ctx: Context, intent: IntentView) -> bool:
    """A caption under the sender's own photo that names no problem plainly: the photo
    shows something, the words admire or describe it ("今天小区的花开了真好看", "看楼下的树都
    黄了"). It waits for a person on the 待确认 list instead of opening a case."""
    return ctx.caption and not ctx.forced and not intent.urgent and intent.confidence < CAPTION_SURE


def report_tag(text: str) -> str | None:
    """The text after a leading "#报事" (possibly empty), or None when there is no tag."""
    for tag in REPORT_TAGS:
        if text.startswith(tag):
            return text[len(tag) :].lstrip(" :：,，、").strip()
    return None


def handler_key(kind: str, action: str | None, *, forced: bool, named: bool = True) -> str:
    """Which intent handler a verdict goes to: by action first ("review" holds the message
    for a person to decide), then by kind.

    A forced report ("@机器人 …", "#报事 …", any private message) turns a problem into a case
    only when the text names one: the engine is sure, or its lexicon found problem terms
    (`named`). A review from the model alone ("3号楼1单元101 明天上午都在家", an address or a
    time said privately) stays a review, and the review handler asks what the matter is."""
    if forced and kind == "issue" and (action == "case" or named):
        return "issue"
    if action == "review":
        return "review"
    return kind
