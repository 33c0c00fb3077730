"""The reply budget on its own clock (probe8): ten answered a minute, one notice, then quiet."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.domain.reply_budget import ReplyBudget, Verdict

T0 = datetime.fromisoformat("2026-11-23T09:00:00+08:00")


def test_ten_a_minute_then_one_notice_then_silence() -> None:
    budget = ReplyBudget(per_window=10)
    verdicts = [budget.verdict(1, f"m{i}", T0 + timedelta(seconds=i)) for i in range(30)]
    assert verdicts[:10] == [Verdict.REPLY] * 10
    assert verdicts[10] is Verdict.NOTICE
    assert verdicts[11:] == [Verdict.SILENT] * 19


def test_a_flood_stays_silent_until_a_quiet_minute() -> None:
    budget = ReplyBudget(per_window=10)
    for i in range(200):  # three minutes at a message a second: never answered again
        verdict = budget.verdict(1, f"m{i}", T0 + timedelta(seconds=i))
    assert verdict is Verdict.SILENT
    later = T0 + timedelta(seconds=199 + 61)
    assert budget.verdict(1, "back", later) is Verdict.REPLY
    for i in range(9):
        budget.verdict(1, f"b{i}", later)
    assert budget.verdict(1, "over again", later) is Verdict.NOTICE  # told again, once


def test_a_message_counts_once_however_many_parts_or_retries() -> None:
    budget = ReplyBudget(per_window=2)
    assert budget.verdict(1, "a", T0) is Verdict.REPLY
    assert budget.verdict(1, "a", T0) is Verdict.REPLY
    assert budget.verdict(1, "b", T0) is Verdict.REPLY
    assert budget.verdict(1, "c", T0) is Verdict.NOTICE
    assert budget.verdict(1, "c", T0) is Verdict.NOTICE  # its retry carries the notice again
    assert budget.verdict(1, "d", T0) is Verdict.SILENT


def test_people_have_budgets_of_their_own_and_a_steady_pace_is_always_answered() -> None:
    budget = ReplyBudget(per_window=10)
    for i in range(11):
        budget.verdict(1, f"m{i}", T0)
    assert budget.verdict(2, "n", T0) is Verdict.REPLY
    steady = [budget.verdict(3, f"s{i}", T0 + timedelta(seconds=6 * i)) for i in range(100)]
    assert steady == [Verdict.REPLY] * 100  # ten a minute, for ten minutes


def test_a_clock_set_back_does_not_silence_a_resident_for_as_long_as_it_jumped() -> None:
    """probe10: the times kept were then in the future: neither the answered messages nor
    the burst ever aged out, so a resident who had tried a few commands got no answer, an
    emergency's too, for the jump plus a minute."""
    budget = ReplyBudget(per_window=3, window=timedelta(minutes=1))
    for i in range(4):
        budget.verdict(1, f"m{i}", T0)  # three answered, the fourth over the limit
    back = T0 - timedelta(hours=1)
    assert budget.verdict(1, "late", back) is Verdict.SILENT  # still the same burst
    later = back + timedelta(minutes=1, seconds=1)
    assert budget.verdict(1, "fire", later) is Verdict.REPLY


def test_after_a_clock_set_back_a_quiet_resident_is_answered_at_once() -> None:
    budget = ReplyBudget(per_window=3, window=timedelta(minutes=1))
    for i in range(4):
        budget.verdict(1, f"m{i}", T0)
    budget.verdict(2, "other", T0 - timedelta(hours=1))  # someone else, after the jump
    # Resident 1 comes back half an hour later (by the new clock): long forgiven.
    assert budget.verdict(1, "fire", T0 - timedelta(minutes=30)) is Verdict.REPLY
