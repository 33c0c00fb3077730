"""The transport's pure parts: message types, quotes, mentions, timestamps, errors, backoff."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from grpclib.const import Status
from grpclib.exceptions import GRPCError, StreamTerminatedError

from bot.domain.messages import MessageType
from bot.transports.wechaty import (
    Backoff,
    WechatyTransport,
    map_message_type,
    parse_quote,
    render_mentions,
)
from bot.transports.wechaty.errors import send_failure
from bot.transports.wechaty.mapping import mentioned_names_in, to_datetime


@pytest.mark.parametrize(
    ("grpc_name", "expected"),
    [
        ("MESSAGE_TYPE_TEXT", MessageType.TEXT),
        ("MESSAGE_TYPE_IMAGE", MessageType.IMAGE),
        ("MESSAGE_TYPE_AUDIO", MessageType.VOICE),
        ("MESSAGE_TYPE_VIDEO", MessageType.VIDEO),
        ("MESSAGE_TYPE_EMOTICON", MessageType.EMOTICON),
        ("MESSAGE_TYPE_URL", MessageType.URL),
        ("MESSAGE_TYPE_MINI_PROGRAM", MessageType.URL),
        ("MESSAGE_TYPE_ATTACHMENT", MessageType.FILE),
        ("MESSAGE_TYPE_RED_ENVELOPE", MessageType.OTHER),
        ("MESSAGE_TYPE_UNSPECIFIED", MessageType.OTHER),
    ],
)
def test_message_types(grpc_name: str, expected: MessageType) -> None:
    assert map_message_type(grpc_name) is expected


def test_quoted_reply_is_split() -> None:
    text = "「王五：3号楼电梯坏了」\n- - - - - - - - - - - - - - -\n进度怎么样了"
    assert parse_quote(text) == ("进度怎么样了", "王五：3号楼电梯坏了")


def test_plain_text_is_not_a_quote() -> None:
    assert parse_quote("「通知」明天停水") == ("「通知」明天停水", None)


def test_mentions_render_like_room_say() -> None:
    assert render_mentions([], "你好") == "你好"
    assert render_mentions(["王五"], "已受理") == "@王五 已受理"
    assert render_mentions(["王五", "3-502李梅"], "请跟进") == "@王五\u2005@3-502李梅 请跟进"


def test_mentions_found_by_name_when_the_puppet_sends_no_ids() -> None:
    members = {"a": "王五", "b": "王五一", "c": "李梅"}
    found = mentioned_names_in("@王五一\u2005@李梅 电梯坏了", members)
    assert sorted(found) == [("b", "王五一"), ("c", "李梅")]
    assert mentioned_names_in("王五说电梯坏了", members) == []


def test_timestamps_in_seconds_or_milliseconds() -> None:
    expected = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
    assert to_datetime(expected.timestamp()) == expected
    assert to_datetime(expected.timestamp() * 1000) == expected
    assert to_datetime(0).tzinfo is UTC


@pytest.mark.parametrize(
    ("exc", "transient"),
    [
        (GRPCError(Status.UNAVAILABLE, "gone"), True),
        (GRPCError(Status.DEADLINE_EXCEEDED, "slow"), True),
        (GRPCError(Status.UNKNOWN, "not logged in"), True),
        (GRPCError(Status.NOT_FOUND, "no room"), False),
        (GRPCError(Status.UNKNOWN, "MockRoom.load(): x@chatroom not exist."), False),
        (StreamTerminatedError("Connection lost"), True),
        (ConnectionResetError(), True),
        (TimeoutError(), True),
    ],
)
def test_send_failures_are_classified(exc: BaseException, transient: bool) -> None:
    assert send_failure(exc).transient is transient


def test_backoff_doubles_to_a_ceiling_and_resets() -> None:
    delays = Backoff(initial=1.0, maximum=8.0, jitter=0.0).delays()
    assert [delays.next() for _ in range(6)] == [1.0, 2.0, 4.0, 8.0, 8.0, 8.0]
    delays.reset()
    assert delays.next() == 1.0


def test_backoff_jitter_stays_in_bounds() -> None:
    delays = Backoff(initial=10.0, maximum=10.0, jitter=0.2).delays()
    assert all(8.0 <= delays.next() <= 12.0 for _ in range(200))


@pytest.mark.parametrize(
    ("token", "endpoint", "message"),
    [
        ("", "127.0.0.1:8788", "TOKEN"),
        ("t", "", "ENDPOINT"),
        ("t", "gateway", "host:port"),
    ],
)
def test_configuration_errors_are_named(token: str, endpoint: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        WechatyTransport(token, endpoint, cache_dir=Path("unused"))
