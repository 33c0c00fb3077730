"""Which path one message takes, in order of precedence: a file, an answer to the bot's
own question, commands (typed or phrased), thanks and opinions, and last the intent engine.
The order is the product's: an earlier path that answers stops the later ones."""

from __future__ import annotations

from bot.chat import away, errands, fallback, points_mistake, referral, several, yesno
from bot.chat.by_intent import IntentStep
from bot.chat.commanding import CommandRunner
from bot.chat.context import Context
from bot.chat.media import MediaIntake
from bot.chat.normalize import command_text
from bot.chat.outcome import Outcome
from bot.chat.private_answers import review_answers, yes_or_no
from bot.chat.small_talk import thanks_while_rating
from bot.domain.community import Role
from bot.domain.evidence import KIND_OF_TYPE
from bot.domain.messages import MessageType

NON_TEXT_HINT = (
    "我暂时只能看懂文字消息。请用文字描述问题，例如“3号楼电梯坏了”；发送「帮助」查看用法。"
)


class Dispatcher:
    def __init__(
        self, *, runner: CommandRunner, intents: IntentStep, media: MediaIntake | None
    ) -> None:
        self._runner = runner
        self._intents = intents
        self._media = media  # None: no evidence desk, files are handled as any non-text

    def dispatch(self, ctx: Context) -> Outcome:
        # Without a file (a transport that cannot fetch one) an image is handled as before.
        media = ctx.message.media is not None and ctx.message.type in KIND_OF_TYPE
        if media and self._media is not None:
            if command_text(ctx.message.text):
                return self._media.captioned(ctx, self.dispatch)
            return self._media.receive(ctx)
        if ctx.message.type is not MessageType.TEXT:
            if ctx.addressed:
                ctx.reply(NON_TEXT_HINT)
                return Outcome.HANDLED
            return Outcome.SILENT
        if not ctx.text:
            return self._runner.show_help(ctx)
        # "销假", "我回来了" from someone on the absence roster (round fifteen).
        if away.came_back(ctx):
            return Outcome.HANDLED
        if self._answers(ctx) or self._commands(ctx):
            return Outcome.HANDLED
        if thanks_while_rating(ctx, lambda text: self._runner.run_quietly(ctx, text)):
            return Outcome.HANDLED
        if self._intents.opinion_in_group(ctx):
            return Outcome.HANDLED
        # "本周情况怎么样", "本月办结率多少": the 书记's weekly look, in words (convofix14e).
        if self._figures(ctx):
            return Outcome.HANDLED
        # "我这周出差 1号到5号不在小区 楼里的事麻烦您帮看着": to the 书记 (convofix14e).
        if away.tell_secretary(ctx):
            return Outcome.HANDLED
        # "哎呀加错了 是王奶奶不是王阿姨": the record to 更正 (convofix14e).
        mistake = points_mistake.wrong_person_hint(ctx)
        if mistake is not None:
            ctx.reply(mistake)
            return Outcome.HANDLED
        if ctx.is_private and ctx.sender.role >= Role.MEMBER:
            # "扣小王5分 楼道飞线充电" from staff is a duty, not a report (convo2 C53).
            hint = fallback.duty_hint(ctx.text, ctx.sender.role, lambda: _waiting_codes(ctx))
            if hint is not None:
                ctx.reply(hint)
                return Outcome.HANDLED
        # "燃气费不用帮我交了", "小郑都帮我搬下去了，太感谢了": her own 帮办 / 微心愿 (convo9)
        if errands.handled(ctx, lambda text: self._runner.run_quietly(ctx, text)):
            return Outcome.HANDLED
        return self._intents.handle(ctx)

    def _figures(self, ctx: Context) -> bool:
        """ "本周情况怎么样", "本月办结率多少" privately from a 书记 or staff: 「统计」."""
        return (
            ctx.is_private
            and ctx.sender.role >= Role.SECRETARY
            and fallback.asks_figures(ctx.text)
            and self._runner.run_quietly(ctx, "统计")
        )

    def _answers(self, ctx: Context) -> bool:
        """A private answer to a question the bot asked this person."""
        if ctx.is_private and yesno.pending(ctx.sender) and yes_or_no(ctx, self._runner):
            return True  # "是的" to the bot's own yes/no question (F5)
        where = referral.answer(ctx.sender, ctx.text, ctx.now) if ctx.is_private else None
        if where is not None:
            ctx.reply(where)  # "那我该找谁啊" right after a refusal that named the place
            return True
        # "1是 2不是" under the 【待确认】 list
        return (
            ctx.is_private and ctx.sender.role >= Role.LEADER and review_answers(ctx, self._runner)
        )

    def _commands(self, ctx: Context) -> bool:
        """The commands the message names, typed or in natural words; False: none."""
        runner = self._runner
        parts = runner.several(ctx)
        if parts:
            for part in parts:
                runner.run(ctx, part)
            return True
        match = runner.quoted_ballot(ctx) or runner.match(ctx.text)
        if match is None or match.args is None:
            match = runner.rephrased(ctx, ctx.text) or match
            if ctx.sent and (match is None or match.args is None):
                return True  # the rephrasing asked which one: that is the answer
        if match is not None and (match.args is not None or ctx.addressed):
            runner.run(ctx, match)
            if match.args is not None:
                for more in several.further(match.tail, runner.is_command):
                    runner.run_quietly(ctx, more)  # "取消报名1 报名2": the second is done too
            return True
        return False


def _waiting_codes(ctx: Context) -> list[str]:
    """The unclaimed cases a 组长 (her 楼栋) or 书记 (the 小区) could 派单 now."""
    estate_id = ctx.sender.estate_id
    if estate_id is None:
        return []
    home = None
    if ctx.sender.role < Role.SECRETARY and ctx.sender.building_id is not None:
        building = ctx.uow.estates.building(ctx.sender.building_id)
        home = building.number if building else None
    return [
        c.code
        for c in ctx.uow.cases.unclaimed(estate_id)
        if c.assignee_id is None and (home is None or c.building == home)
    ]
