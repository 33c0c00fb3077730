"""What a handler sees: the message, who sent it, where, the transaction and a way to answer."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from bot.domain.activities import Schedule
from bot.domain.community import Estate, Group, Person, Role
from bot.domain.deliberation.votes import VoteSchedule
from bot.domain.messages import Inbound
from bot.domain.records import OutboxItem, StoredMessage
from bot.domain.reply_budget import TOO_FAST, ReplyBudget, Verdict
from bot.domain.safety import DEFAULT_DANGERS, Danger
from bot.domain.sla import SlaPolicy
from bot.ports import UnitOfWork
from bot.services.accounts import private_account
from bot.services.proof import Finished

if TYPE_CHECKING:
    from bot.chat.router import IntentView
    from bot.services.webhooks import Department


@dataclass(frozen=True)
class BotProfile:
    """Community-wide facts handlers need (from the config), passed in rather than imported."""

    account: str
    name: str
    community: str
    tz: ZoneInfo
    merge_window_minutes: int = 120
    sla: SlaPolicy = field(default_factory=SlaPolicy)  # the "2341" clock, from [sla]
    activity_schedule: Schedule | None = None  # preview day, reminder time, from [activities]
    vote_schedule: VoteSchedule = field(default_factory=VoteSchedule)  # from [votes]
    # Seals secret ballots so a re-vote can be taken back; kept outside the database.
    ballot_key: bytes = field(default=b"", repr=False)
    dangers: tuple[Danger, ...] = DEFAULT_DANGERS  # safety advice for urgent cases, [safety]
    # How many of one resident's messages are answered a minute (bot.domain.reply_budget);
    # None answers every one (tests of a handler on its own).
    replies: ReplyBudget | None = field(default=None, compare=False, repr=False)
    # 街道/职能部门 a 书记 may 吹哨 to from chat (convofix14d), from [[departments]].
    departments: tuple[Department, ...] = ()


@dataclass
class Context:
    uow: UnitOfWork
    now: datetime
    bot: BotProfile
    message: Inbound
    stored: StoredMessage
    sender: Person
    group: Group | None
    estate_id: int | None  # the 小区: the group's, or in private the sender's home
    text: str  # normalised command text: NFKC, leading @mentions of the bot removed
    sent: list[OutboxItem] = field(default_factory=list)
    # The resident insisted on a report ("@机器人 …", "#报事 …", or privately): a problem the
    # engine was unsure of opens a case instead of waiting on the 待确认 list.
    forced: bool = False
    # The words come with a photo, voice note or video the sender sent just before (or with
    # them): a caption, which opens a case only when it plainly names a problem (F2).
    caption: bool = False
    help_id: int | None = None  # the 帮办 a volunteer's 进展/办结 here was about (F1)
    # The case or 帮办 this message finished (办结): once its files are adopted, its photos
    # go to whoever asked (media15, bot/services/proof.py).
    finished: Finished | None = None
    tail: str = ""  # words after a command's code: "报名 2，带孩子一起" -> "，带孩子一起"
    # The intent engine, for handlers that read parts of a message on their own (several
    # problems listed in one message); None where no engine is wired (some tests).
    classify: Callable[[str], IntentView] | None = None
    _noticed: bool = field(default=False, init=False, repr=False)

    @cached_property
    def estate(self) -> Estate | None:
        # Loaded on first use: most messages are small talk and never need it.
        return self.uow.estates.get(self.estate_id) if self.estate_id is not None else None

    @property
    def is_private(self) -> bool:
        return self.group is None

    @property
    def addressed(self) -> bool:
        """The sender spoke to the bot: privately, or with an @ in a group."""
        return self.group is None or self.message.mentions_bot

    def reply(self, text: str, *, mention: bool = True) -> OutboxItem:
        """Answer where the message came from; in a group, @ the sender. A resident going
        too fast gets one notice instead, then silence (the item returned is not queued)."""
        held = self._within_budget(text)
        if held is None:
            return OutboxItem(account=self.bot.account, text=text, created_at=self.now, key="")
        if self.group is not None:
            mentions = [self.sender.id] if mention and self.sender.id is not None else []
            return self._queue(held, group=self.group, mentions=mentions)
        return self._queue(held, person=self.sender)

    def _within_budget(self, text: str) -> str | None:
        """The text to answer the sender with: itself, the one TOO_FAST notice, or None."""
        verdict = self._budget()
        if verdict is Verdict.NOTICE:
            if self._noticed:
                return None
            self._noticed = True
            return TOO_FAST
        return None if verdict is Verdict.SILENT else text

    def _budget(self) -> Verdict:
        budget = self.bot.replies
        if budget is None or self.sender.id is None or self.sender.role > Role.RESIDENT:
            return Verdict.REPLY
        return budget.verdict(self.sender.id, self.message.message_id, self.now)

    def send(
        self,
        text: str,
        *,
        group: Group | None = None,
        person: Person | None = None,
        mentions: Sequence[int | None] | None = None,
    ) -> OutboxItem:
        """Queue a message in this transaction; it leaves only after the commit. A private
        message to the sender is an answer too and spends the same budget as `reply`
        (hardening 1: 我的积分 and the 微心愿 lists answered privately were never limited)."""
        if (group is None) == (person is None):
            raise ValueError("a message goes to exactly one group or one person")
        if person is not None and person.id is not None and person.id == self.sender.id:
            held = self._within_budget(text)
            if held is None:
                return OutboxItem(account=self.bot.account, text=text, created_at=self.now, key="")
            text = held
        return self._queue(text, group=group, person=person, mentions=mentions)

    def _queue(
        self,
        text: str,
        *,
        group: Group | None = None,
        person: Person | None = None,
        mentions: Sequence[int | None] | None = None,
    ) -> OutboxItem:
        # The key makes a redelivered inbound message unable to produce a second reply.
        key = f"{self.bot.account}:reply:{self.message.message_id}:{len(self.sent)}"
        # A group hears through its own account; a person through the one they last spoke
        # to (the sender of this message: this account).
        if group is not None:
            account = group.account
        else:
            account = private_account(self.uow, person, self.bot.account, self.now)
        item = OutboxItem(
            account=account,
            text=text,
            created_at=self.now,
            key=key,
            group_id=group.id if group else None,
            person_id=person.id if person else None,
            mention_ids=[m for m in (mentions or []) if m is not None],
        )
        self.uow.outbox.add(item)
        self.sent.append(item)
        return item
