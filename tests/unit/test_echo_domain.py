"""Which of the bot's own messages, seen coming back, confirm a send held in doubt."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.domain.echo import CLOCK_SKEW, Awaiting, Echo, matches, pair, same_text

T0 = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)
WINDOW = timedelta(minutes=2)
ROOM = "lanting-b3@chatroom"
NOTICE = "【幸福里社区通知】明天 9:00-12:00 3 号楼停水"


def row(item_id: int = 1, text: str = NOTICE, **kw: object) -> Awaiting:
    fields: dict[str, object] = {"room_id": ROOM, "claimed_at": T0, **kw}
    return Awaiting(item_id=item_id, text=text, **fields)  # type: ignore[arg-type]


def echo(text: str = NOTICE, at: datetime = T0, message_id: str = "m1", **kw: object) -> Echo:
    fields: dict[str, object] = {"room_id": ROOM, **kw}
    return Echo(message_id=message_id, text=text, at=at, **fields)  # type: ignore[arg-type]


def test_the_same_text_in_the_same_room_just_after_the_hand_over_matches() -> None:
    assert matches(row(), echo(at=T0 + timedelta(seconds=2)), WINDOW)


def test_another_room_another_text_or_a_private_chat_does_not_match() -> None:
    assert not matches(row(), echo(room_id="lanting-b4@chatroom"), WINDOW)
    assert not matches(row(), echo(text=NOTICE + "（更正）"), WINDOW)
    assert not matches(row(), echo(room_id=None, to_id="wxid_a"), WINDOW)


def test_an_echo_older_than_the_hand_over_is_an_earlier_message_with_the_same_words() -> None:
    assert not matches(row(), echo(at=T0 - CLOCK_SKEW - timedelta(seconds=1)), WINDOW)
    # WeChat stamps whole seconds on its own clock: a little earlier still counts.
    assert matches(row(), echo(at=T0 - timedelta(seconds=1)), WINDOW)


def test_an_echo_stamped_after_the_window_does_not_match() -> None:
    assert matches(row(), echo(at=T0 + WINDOW), WINDOW)
    assert not matches(row(), echo(at=T0 + WINDOW + timedelta(seconds=1)), WINDOW)


def test_private_messages_match_by_the_contact_they_went_to() -> None:
    private = row(room_id=None, to_id="wxid_a", text="您反映的问题已受理")
    assert matches(private, echo(room_id=None, to_id="wxid_a", text="您反映的问题已受理"), WINDOW)
    assert not matches(
        private, echo(room_id=None, to_id="wxid_b", text="您反映的问题已受理"), WINDOW
    )
    assert not matches(private, echo(text="您反映的问题已受理"), WINDOW)  # in a room


def test_mentions_the_transport_rendered_are_allowed_before_the_text() -> None:
    text = "已受理您反映的问题，编号 E0001"
    assert same_text(text, f"@3-501陈静\u2005@3-502王五 {text}", mentions=True)
    assert same_text(text, f"@3-501陈静 {text}", mentions=True)
    assert not same_text(text, f"@3-501陈静 {text}", mentions=False)
    assert not same_text(text, f"转发：{text}", mentions=True)
    assert not same_text(text, f"@3-501陈静{text}", mentions=True)  # no gap: another text
    assert not same_text("", "", mentions=False)


def test_each_echo_confirms_one_row_and_the_oldest_row_goes_first() -> None:
    first, second = row(1), row(2, claimed_at=T0 + timedelta(seconds=30))
    one = echo(at=T0 + timedelta(seconds=31))
    assert pair([second, first], [one], WINDOW) == [(first, one)]
    two = echo(at=T0 + timedelta(seconds=32), message_id="m2")
    assert pair([second, first], [two, one], WINDOW) == [(first, one), (second, two)]
    assert pair([first], [], WINDOW) == []
