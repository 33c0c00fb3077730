"""Declarative routing: a command is one decorated function, registered on a feature's Router.

Commands are parsed exactly (a name, then arguments matching the command's own pattern);
everything else goes to the intent handlers. Routers are plain objects built by a function
(`build_router()` in each handler module), so nothing registers at import time.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal, Protocol

from bot.chat.context import Context
from bot.domain.community import Role

Where = Literal["any", "group", "private"]
CommandHandler = Callable[[Context, re.Match[str]], None]
IntentHandler = Callable[[Context, "IntentView"], None]


class LocationView(Protocol):
    @property
    def building(self) -> str | None: ...
    @property
    def unit(self) -> str | None: ...
    @property
    def room(self) -> str | None: ...


class IntentView(Protocol):
    """The classifier's verdict, as handlers read it (intents.Intent satisfies it)."""

    @property
    def kind(self) -> str: ...
    @property
    def action(self) -> str | None: ...
    @property
    def category(self) -> str | None: ...
    @property
    def confidence(self) -> float: ...
    @property
    def urgent(self) -> bool: ...
    @property
    def location(self) -> LocationView: ...
    @property
    def terms(self) -> tuple[str, ...]: ...


@dataclass(frozen=True)
class Command:
    names: tuple[str, ...]
    handler: CommandHandler
    args: re.Pattern[str]
    usage: str
    lead: re.Pattern[str]  # the arguments without the end anchor, for trailing words
    min_role: Role = Role.RESIDENT
    where: Where = "any"
    refusal: str = "抱歉，这个操作需要{role}身份。"
    # Strict: the name alone is an everyday word ("是", "不是"); without arguments that match,
    # the text is speech and goes to the intent engine, never a format or role answer.
    strict: bool = False


# A command name must be followed by the end, a space, punctuation, or a code or number;
# "进度太慢了" is small talk, not the command 进度 with argument "太慢了".
_SEPARATORS = " \t:：,，、"


class Router:
    def __init__(self, name: str) -> None:
        self.name = name
        self.commands: list[Command] = []
        self.intent_handlers: dict[str, IntentHandler] = {}

    def command(
        self,
        *names: str,
        args: str = r"",
        usage: str = "",
        min_role: Role = Role.RESIDENT,
        where: Where = "any",
        strict: bool = False,
    ) -> Callable[[CommandHandler], CommandHandler]:
        pattern = re.compile(rf"^{args}$", re.IGNORECASE | re.DOTALL)
        lead = re.compile(rf"^{args}", re.IGNORECASE | re.DOTALL)

        def register(handler: CommandHandler) -> CommandHandler:
            self.commands.append(
                Command(
                    names, handler, pattern, usage or names[0], lead, min_role, where, strict=strict
                )
            )
            return handler

        return register

    def intent(self, kind: str) -> Callable[[IntentHandler], IntentHandler]:
        def register(handler: IntentHandler) -> IntentHandler:
            self.intent_handlers[kind] = handler
            return handler

        return register

    def include(self, *routers: Router) -> Router:
        for router in routers:
            self.commands.extend(router.commands)
            for kind, handler in router.intent_handlers.items():
                if kind in self.intent_handlers:
                    raise ValueError(f"two handlers for intent {kind!r}")
                self.intent_handlers[kind] = handler
        names = [n for c in self.commands for n in c.names]
        duplicates = {n for n in names if names.count(n) > 1}
        if duplicates:
            raise ValueError(f"command names registered twice: {sorted(duplicates)}")
        return self


@dataclass(frozen=True)
class Match:
    command: Command
    args: re.Match[str] | None  # None: the name matched but the arguments did not
    tail: str = ""  # words after a code: "认领 E0001 我下午去" -> "我下午去"


class CommandTable:
    """Finds the command a text starts with; longest name first so 我的诉求 beats 我的."""

    def __init__(self, commands: Iterable[Command]) -> None:
        # Every message is tried against every name, so index the names by their first
        # character: a text is compared only with the few names that could start it.
        self._by_first: dict[str, list[tuple[str, Command]]] = {}
        pairs = sorted(
            ((name.lower(), c) for c in commands for name in c.names), key=lambda p: -len(p[0])
        )
        for name, command in pairs:
            self._by_first.setdefault(name[0], []).append((name, command))

    def match(self, text: str) -> Match | None:
        if not text:
            return None
        lowered = text.lower()
        for name, command in self._by_first.get(lowered[0], ()):
            if not lowered.startswith(name):
                continue
            rest = text[len(name) :]
            # A name may carry its separator ("心愿 ", "心愿:"): then anything may follow.
            if rest and rest[0] not in _SEPARATORS and name[-1] not in _SEPARATORS:
                # Glued to the name, only a code or a number makes a command ("进度E0001",
                # "报名3"); Chinese glued to it is speech: "进展怎么样了", "办结了吗".
                if not rest[0].isascii():
                    continue
                found = _arguments(command, rest.strip())
                if found.args is None:
                    continue
                return found
            found = _arguments(command, rest.lstrip(_SEPARATORS).strip())
            if found.args is None and command.strict:
                continue
            return found
        return None


def _arguments(command: Command, rest: str) -> Match:
    """The arguments, exactly; else a code or number followed by trailing words.

    "进度E0002？？", "已实现W0002，太感谢了", "报名 2，带孩子一起": what carries its code is a
    command whatever follows the code, as long as the code itself ends cleanly (not "E0002x").
    Without a digit in the arguments nothing is guessed: "进度 明天再说" stays a usage error.
    """
    args = command.args.match(rest)
    if args is not None:
        return Match(command, args)
    lead = command.lead.match(rest)
    if lead is None or not any(c.isdigit() for c in lead[0]):
        return Match(command, None)
    tail = rest[lead.end() :]
    if tail and tail[0].isascii() and tail[0].isalnum():
        return Match(command, None)
    return Match(command, lead, tail.strip())
