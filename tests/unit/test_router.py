"""Exact command parsing: names, glued arguments, and small talk that only looks like a command."""

from __future__ import annotations

import re

import pytest

from bot.chat.context import Context
from bot.chat.normalize import command_text
from bot.chat.router import CommandTable, Router
from bot.handlers import build_router


def noop(_ctx: Context, _args: re.Match[str]) -> None:
    return None


def table() -> CommandTable:
    router = Router("t")
    router.command("进度", "查进度", args=r"(?P<code>[Ee]\s*\d{1,9})?")(noop)
    router.command("我的诉求")(noop)
    router.command("帮助")(noop)
    return CommandTable(router.commands)


@pytest.mark.parametrize(
    ("text", "name", "code"),
    [
        ("进度 E0001", "进度", "E0001"),
        ("进度E0001", "进度", "E0001"),
        ("进度：E0001", "进度", "E0001"),
        ("查进度 e12", "查进度", "e12"),
        ("进度", "进度", None),
        ("我的诉求", "我的诉求", None),
    ],
)
def test_commands_match(text: str, name: str, code: str | None) -> None:
    match = table().match(text)
    assert match is not None and match.args is not None
    assert name in match.command.names
    assert match.args.groupdict().get("code") == code


@pytest.mark.parametrize(
    "text", ["进度太慢了吧", "帮助一下邻居", "今天天气好", "我的天", "进度怎么样了？"]
)
def test_small_talk_is_not_a_command(text: str) -> None:
    assert table().match(text) is None


def test_malformed_arguments_are_reported_not_guessed() -> None:
    match = table().match("进度 明天再说")
    assert match is not None and match.args is None  # the pipeline answers with usage if addressed


def test_normalisation_for_commands() -> None:
    assert command_text("@邻里小助手\u2005进度　Ｅ０００１") == "进度 E0001"
    assert command_text("办结 E1 已更换门机，试运行正常！") == "办结 E1 已更换门机，试运行正常！"
    assert command_text("[捂脸]帮助") == "帮助"
    assert command_text("  ") == ""


def test_duplicate_command_names_fail_at_start() -> None:
    a, b = Router("a"), Router("b")
    a.command("帮助")(noop)
    b.command("帮助")(noop)
    with pytest.raises(ValueError, match="帮助"):
        Router("all").include(a, b)


def test_the_real_router_builds_and_routes_issues() -> None:
    router = build_router()
    assert "issue" in router.intent_handlers
    names = {n for c in router.commands for n in c.names}
    assert {"进度", "我的诉求", "帮助"} <= names


def test_a_strict_command_without_its_arguments_is_speech() -> None:
    router = Router("t")
    router.command("是", args=r"(?P<code>[Qq]\s*\S*)", strict=True)(noop)
    router.command("是诉求", args=r"(?P<code>\S.*)?")(noop)
    commands = CommandTable(router.commands)
    found = commands.match("是 Q0003")
    assert found is not None and found.args is not None and found.args["code"] == "Q0003"
    for speech in ("是", "是 的", "是 3楼", "是的我也闻到了"):
        assert commands.match(speech) is None, speech
    loose = commands.match("是诉求 abc")
    assert loose is not None and loose.command.names == ("是诉求",)
