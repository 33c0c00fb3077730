"""定时 written in words (convofix14e, convo14b file 20): the time is whatever stands before
通知, read like 议事会 times; the example in an error never names a time already past."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.domain.broadcasts import TargetError, parse_schedule_words, schedule_example

TZ = ZoneInfo("Asia/Shanghai")
LATE = datetime(2026, 12, 1, 23, 30, tzinfo=TZ)


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("明天早上7点", datetime(2026, 12, 2, 7, 0, tzinfo=TZ)),
        ("明天 早上7点", datetime(2026, 12, 2, 7, 0, tzinfo=TZ)),
        ("明早七点半", datetime(2026, 12, 2, 7, 30, tzinfo=TZ)),
        ("后天下午三点", datetime(2026, 12, 3, 15, 0, tzinfo=TZ)),
        ("12月5日晚上7点半", datetime(2026, 12, 5, 19, 30, tzinfo=TZ)),
        ("2026-12-02 08:00", datetime(2026, 12, 2, 8, 0, tzinfo=TZ)),
        ("明天 8点", datetime(2026, 12, 2, 8, 0, tzinfo=TZ)),  # the old form: 8点 is 08:00
    ],
)
def test_schedule_times_in_words(words: str, expected: datetime | None) -> None:
    if expected is None:
        with pytest.raises(TargetError):
            parse_schedule_words(words, LATE, TZ)
    else:
        assert parse_schedule_words(words, LATE, TZ) == expected


@pytest.mark.parametrize("words", ["下礼拜找个时间", "早上7点", "今天早上7点"])
def test_an_unclear_or_past_time_is_asked_with_an_example_in_the_future(words: str) -> None:
    with pytest.raises(TargetError) as caught:
        parse_schedule_words(words, LATE, TZ)
    message = str(caught.value)
    for shown in ("2026-12-01", "12-01 "):
        # Any date the answer offers as an example is after now.
        assert f"定时 {shown}" not in message


def test_the_example_is_tomorrow() -> None:
    assert schedule_example(LATE, TZ).startswith("定时 2026-12-02 08:00 通知")
