"""The 2341 clock as pure rules: deadlines, service hours, working days with 调休, the ladder."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import chinese_calendar
import pytest

from bot.domain import lifecycle
from bot.domain.cases import Case, CaseStatus, Rating
from bot.domain.escalation import DEFAULT_LADDER, Rung, climb, rung_at
from bot.domain.sla import SlaPolicy, Step, WorkCalendar
from bot.domain.webhooks import backoff, signature, signed_headers, transient, verify

TZ = ZoneInfo("Asia/Shanghai")
POLICY = SlaPolicy()


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=TZ)


def case(opened: datetime, *, urgent: bool = False) -> Case:
    c = Case(
        estate_id=1,
        category="elevator",
        summary="3号楼电梯坏了",
        reporter_id=1,
        opened_at=opened,
        building="3",
        urgent=urgent,
        id=1,
    )
    lifecycle.start_clock(c, opened, POLICY)
    return c


def test_chinesecalendar_knows_2026_and_its_tiaoxiu_days() -> None:
    # The pinned chinesecalendar 1.11.0 carries the State Council's 2026 arrangement.
    for saturday_or_sunday in (date(2026, 2, 14), date(2026, 2, 28), date(2026, 10, 10)):
        assert saturday_or_sunday.weekday() >= 5
        assert chinese_calendar.is_workday(saturday_or_sunday), saturday_or_sunday
    assert not chinese_calendar.is_workday(date(2026, 10, 1))
    with pytest.raises(NotImplementedError):
        chinese_calendar.is_workday(date(2027, 1, 4))  # not published in this version


def test_deadlines_of_a_monday_morning_case() -> None:
    c = case(at("2026-11-23T09:00"))
    assert c.respond_due == at("2026-11-23T09:20")
    assert c.reply_due == at("2026-11-23T09:30")
    assert c.coordinate_due == at("2026-11-23T13:00")
    assert c.solution_due == at("2026-11-24T09:00")
    assert c.next_due == c.clock_started_at == at("2026-11-23T09:00")  # the notice comes first


def test_friday_case_is_due_on_the_tiaoxiu_saturday_not_monday() -> None:
    assert case(at("2026-10-09T16:00")).solution_due == at("2026-10-10T16:00")
    assert case(at("2026-11-27T16:00")).solution_due == at("2026-11-30T16:00")  # plain Friday
    assert case(at("2026-09-30T10:00")).solution_due == at("2026-10-08T10:00")  # 国庆


def test_case_on_a_rest_day_is_due_at_the_end_of_the_next_working_day() -> None:
    assert case(at("2026-11-22T10:00")).solution_due == at("2026-11-24T00:00")


def test_clock_pauses_in_quiet_hours_for_ordinary_cases() -> None:
    late = case(at("2026-11-23T23:00"))
    assert late.clock_started_at == at("2026-11-24T07:30")
    assert late.respond_due == at("2026-11-24T07:50")
    straddling = case(at("2026-11-23T21:50"))
    assert straddling.respond_due == at("2026-11-24T07:40")  # 10 min before 22:00, 10 after 07:30
    assert straddling.coordinate_due == at("2026-11-24T11:20")


def test_urgent_cases_run_on_the_wall_clock() -> None:
    c = case(at("2026-11-23T23:00"), urgent=True)
    assert c.respond_due == at("2026-11-23T23:05")
    assert c.reply_due == at("2026-11-23T23:10")
    assert c.coordinate_due == at("2026-11-24T00:00")
    assert c.solution_due == at("2026-11-24T03:00")


def test_reminders_wait_for_service_hours_unless_urgent() -> None:
    assert POLICY.release_time(at("2026-11-23T23:00"), urgent=False) == at("2026-11-24T07:30")
    assert POLICY.release_time(at("2026-11-24T06:00"), urgent=False) == at("2026-11-24T07:30")
    assert POLICY.release_time(at("2026-11-23T23:00"), urgent=True) is None
    assert POLICY.release_time(at("2026-11-23T12:00"), urgent=False) is None


def test_unknown_year_falls_back_to_weekdays_and_config_overrides() -> None:
    calendar = WorkCalendar(extra_holidays=frozenset({date(2027, 1, 1)}))
    assert not calendar.covers(date(2027, 1, 4))
    assert calendar.is_workday(date(2027, 1, 4))  # a Monday
    assert not calendar.is_workday(date(2027, 1, 1))  # from the config
    assert not calendar.is_workday(date(2027, 1, 2))  # Saturday
    workday = WorkCalendar(extra_workdays=frozenset({date(2026, 11, 28)}))
    assert workday.is_workday(date(2026, 11, 28))


def test_a_claim_meets_the_response_step_and_clears_the_notice() -> None:
    c = case(at("2026-11-23T09:00"))
    lifecycle.claimed(c, 7, at("2026-11-23T09:05"))
    assert c.status is CaseStatus.RESPONDED and c.respond_met == at("2026-11-23T09:05")
    assert c.next_due == at("2026-11-23T09:30")  # the reply is the next thing to watch


def test_slipped_steps_climb_one_rung_each() -> None:
    c = case(at("2026-11-23T09:00"))
    c.notified_at = at("2026-11-23T09:00")
    now = at("2026-11-23T13:00")
    due = lifecycle.due_steps(c, now)
    assert due == [Step.RESPOND, Step.REPLY, Step.COORDINATE]
    levels = [lifecycle.mark_fired(c, step, now, len(DEFAULT_LADDER)) for step in due]
    assert [rung_at(DEFAULT_LADDER, lvl) for lvl in levels] == [
        Rung.LEADER,
        Rung.SECRETARY,
        Rung.STAFF,
    ]
    assert lifecycle.due_steps(c, now) == []  # fired steps never fire again
    assert c.next_due == c.solution_due and c.breaches == 3
    assert rung_at(DEFAULT_LADDER, 9) is Rung.DEPARTMENT


def test_unsatisfied_rating_reopens_to_the_same_claimer_with_a_fresh_clock() -> None:
    c = case(at("2026-11-23T09:00"))
    lifecycle.claimed(c, 7, at("2026-11-23T09:05"))
    lifecycle.resolved(c, at("2026-11-23T10:00"), POLICY)
    assert c.status is CaseStatus.RESOLVED and c.next_due == at("2026-11-26T10:00")
    assert lifecycle.rated(c, Rating.UNSATISFIED, at("2026-11-23T11:00"), POLICY)
    assert c.status is CaseStatus.IN_PROGRESS and c.assignee_id == 7 and c.reopened == 1
    assert c.reply_due == at("2026-11-23T11:30") and c.reply_met is None
    assert c.respond_met == at("2026-11-23T09:05")  # responded once, measured once
    with pytest.raises(lifecycle.Refused):
        lifecycle.rated(c, Rating.SATISFIED, at("2026-11-23T11:01"), POLICY)


def test_no_rating_within_three_days_closes_unrated() -> None:
    c = case(at("2026-11-23T09:00"))
    lifecycle.claimed(c, 7, at("2026-11-23T09:05"))
    lifecycle.resolved(c, at("2026-11-23T10:00"), POLICY)
    assert not lifecycle.rating_expired(c, at("2026-11-26T09:59"))
    assert lifecycle.rating_expired(c, at("2026-11-26T10:00"))
    lifecycle.closed_unrated(c, at("2026-11-26T10:00"))
    assert c.status is CaseStatus.REVIEWED and c.rating is Rating.UNRATED and c.next_due is None


def test_closed_cases_refuse_changes() -> None:
    c = case(at("2026-11-23T09:00"))
    lifecycle.claimed(c, 7, at("2026-11-23T09:05"))
    lifecycle.resolved(c, at("2026-11-23T10:00"), POLICY)
    with pytest.raises(lifecycle.Refused, match="已办结"):
        lifecycle.progressed(c, at("2026-11-23T10:05"))


def test_webhook_signature_and_retry_rules() -> None:
    body = b'{"case": "E0001"}'
    headers = signed_headers("s" * 20, "key-1", body, at("2026-11-23T09:00"))
    assert headers["Idempotency-Key"] == "key-1"
    timestamp = headers["X-Linli-Timestamp"]
    assert verify("s" * 20, timestamp, body, headers["X-Linli-Signature"])
    assert not verify("t" * 20, timestamp, body, headers["X-Linli-Signature"])
    assert signature("s" * 20, timestamp, body + b" ") != headers["X-Linli-Signature"]
    base = timedelta(seconds=60)
    assert [backoff(n, base).seconds for n in (1, 2, 3)] == [60, 120, 240]
    assert backoff(30, base) == timedelta(hours=1)
    assert transient(None) and transient(500) and transient(429)
    assert not transient(400) and not transient(401)


def test_the_calendar_gap_is_found_ahead_of_time() -> None:
    from bot.services.sla import calendar_gap, calendar_warning

    assert calendar_gap(POLICY, date(2026, 11, 1)) is None
    gap = calendar_gap(POLICY, date(2026, 12, 1))
    assert gap == date(2027, 1, 1)
    assert "2027" in calendar_warning(gap) and "extra_holidays" in calendar_warning(gap)


# ---- the ladder skips whoever already holds the case ----------------------------------

PEOPLE = {
    Rung.LEADER: [10],
    Rung.SECRETARY: [20],
    Rung.STAFF: [30, 20],  # the secretary also has a staff account
    Rung.DEPARTMENT: [30, 20],
}


def test_climb_goes_rung_by_rung_when_nobody_holds_the_case() -> None:
    assert climb(DEFAULT_LADDER, 1, PEOPLE, None) == (Rung.LEADER, (10,))
    assert climb(DEFAULT_LADDER, 2, PEOPLE, None) == (Rung.SECRETARY, (20,))
    # The secretary was reached on the rung below: the 社区 rung does not reach them again.
    assert climb(DEFAULT_LADDER, 3, PEOPLE, None) == (Rung.STAFF, (30,))
    assert climb(DEFAULT_LADDER, 4, PEOPLE, None) == (Rung.DEPARTMENT, (30, 20))
    assert climb(DEFAULT_LADDER, 9, PEOPLE, None) == (Rung.DEPARTMENT, (30, 20))


def test_climb_skips_the_rung_of_the_leader_who_holds_the_case() -> None:
    assert climb(DEFAULT_LADDER, 1, PEOPLE, 10) == (Rung.SECRETARY, (20,))
    assert climb(DEFAULT_LADDER, 2, PEOPLE, 10) == (Rung.STAFF, (30,))
    assert climb(DEFAULT_LADDER, 3, PEOPLE, 10) == (Rung.DEPARTMENT, (30, 20))


def test_climb_skips_the_secretary_who_holds_the_case() -> None:
    assert climb(DEFAULT_LADDER, 2, PEOPLE, 20) == (Rung.STAFF, (30,))
    assert climb(DEFAULT_LADDER, 3, PEOPLE, 20) == (Rung.DEPARTMENT, (30,))


def test_a_case_without_a_building_never_reaches_one_person_under_two_labels() -> None:
    no_building = {**PEOPLE, Rung.LEADER: []}
    reached = [climb(DEFAULT_LADDER, level, no_building, None) for level in (1, 2, 3)]
    assert reached == [
        (Rung.SECRETARY, (20,)),
        (Rung.STAFF, (30,)),
        (Rung.DEPARTMENT, (30, 20)),
    ]


def test_climb_with_every_rung_passed_over_uses_the_top_one() -> None:
    ladder = (Rung.LEADER, Rung.SECRETARY)
    assert climb(ladder, 2, {Rung.LEADER: [10], Rung.SECRETARY: [10]}, 10) == (Rung.SECRETARY, ())
