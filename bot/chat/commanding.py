"""Running commands: the ones a message names, the ones read out of its natural phrasing,
and the ones the bot proposed itself. Each runs only where and by whom it is allowed."""

from __future__ import annotations

from bot.chat import notcase, several
from bot.chat.codes import malformed
from bot.chat.context import Context
from bot.chat.outcome import Outcome
from bot.chat.rephrase import quoted_ballot, rephrased
from bot.chat.router import CommandTable, IntentHandler, Match
from bot.domain.lifecycle import RATING_WORDS
from bot.ports import Classifier

# Commands that register a request in the sender's words: a danger in them is an emergency.
_REQUESTS = frozenset(("心愿 ", "代办", "说事"))


class CommandRunner:
    def __init__(
        self,
        table: CommandTable,
        classifier: Classifier,
        intent_handlers: dict[str, IntentHandler],
    ) -> None:
        self._table = table
        self._classifier = classifier
        self._intent_handlers = intent_handlers

    def match(self, text: str) -> Match | None:
        return self._table.match(text)

    def rephrased(self, ctx: Context, text: str) -> Match | None:
        """The command a natural phrasing stands for, if its question is really pending."""
        return rephrased(ctx, text, self._table)

    def quoted_ballot(self, ctx: Context) -> Match | None:
        """ "1" under the bot's vote post: the ballot, before the rating "1"."""
        return quoted_ballot(ctx, self._table)

    def run(self, ctx: Context, match: Match) -> None:
        """A matched command: refused where it does not belong, else its handler runs."""
        command = match.command
        problem = malformed(match.args) if match.args is not None else None
        if match.args is not None and self._danger_in_request(ctx, match):
            return  # "心愿 我家老人晕倒了": an emergency, whatever the framing (F6)
        if command.where == "group" and ctx.is_private:
            ctx.reply(f"「{command.names[0]}」请在群里发送。")
        elif command.where == "private" and not ctx.is_private:
            ctx.reply(f"「{command.names[0]}」请私聊我发送。")
        elif ctx.sender.role < command.min_role:
            ctx.reply(command.refusal.format(role=command.min_role.label))
        elif match.args is None:
            # "满意 小孙这孩子真好": a rating with its reasons, read as words (convofix12),
            # so it reaches the 帮办 or case that waits; "已实现" with two claimed wishes:
            # ask which, rather than a format lesson.
            if command.names[0] in RATING_WORDS and self.run_quietly(ctx, f"评价 {ctx.text}"):
                return
            if not notcase.ask_which(ctx):
                ctx.reply(f"格式不对。请发送「{command.usage}」。")
        elif problem is not None:
            ctx.reply(problem)
        else:
            ctx.tail = match.tail
            command.handler(ctx, match.args)

    def run_quietly(self, ctx: Context, text: str) -> bool:
        """Run a command the bot read out of a message, where and by whom it is allowed."""
        match = self._table.match(text)
        if match is None or match.args is None or malformed(match.args) is not None:
            return False
        command = match.command
        if command.where == "group" and ctx.is_private:
            return False
        if command.where == "private" and not ctx.is_private:
            return False
        if ctx.sender.role < command.min_role:
            return False
        ctx.tail = match.tail
        command.handler(ctx, match.args)
        return True

    def is_command(self, text: str) -> bool:
        match = self._table.match(text)
        return match is not None and match.args is not None and not match.tail

    def several(self, ctx: Context) -> list[Match] | None:
        """One command per code, when a message carries several and each part is a command
        ("认领 E0001 E0002", "E0001满意！E0002基本满意"; see `several`)."""
        texts = several.commands(ctx.text)
        if texts is None:
            return None
        matches = []
        for text in texts:
            match = self._table.match(text)
            if match is None or match.args is None:
                match = self.rephrased(ctx, text)
            if match is None or match.args is None:
                return None
            matches.append(match)
        return matches

    def show_help(self, ctx: Context) -> Outcome:
        """An @ to the bot (or a private hello) with nothing it understood: show help."""
        if not ctx.addressed:
            return Outcome.SILENT
        help_command = self._table.match("帮助")
        if help_command is None or help_command.args is None:
            return Outcome.SILENT
        help_command.command.handler(ctx, help_command.args)
        return Outcome.HANDLED

    def _danger_in_request(self, ctx: Context, match: Match) -> bool:
        """A 心愿, 帮办/代办 or 说事 whose words report a danger happening now opens the urgent
        case and raises the alarm instead: a wish waits days for a claimer, a fall does not."""
        assert match.args is not None
        said = match.args.groupdict().get("text")
        if not said or not _REQUESTS.intersection(match.command.names):
            return False
        intent = self._classifier.classify(said)
        handler = self._intent_handlers.get("issue")
        if not intent.urgent or handler is None:
            return False
        ctx.stored.intent_kind = intent.kind
        ctx.stored.intent_category = intent.category
        ctx.stored.confidence = intent.confidence
        ctx.forced = True  # the words name the danger: a case even where the engine hesitates
        handler(ctx, intent)
        return bool(ctx.sent)
