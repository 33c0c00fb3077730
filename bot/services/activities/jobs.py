"""The activities' periodic jobs: the monthly preview and the day-before reminders."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from bot.domain.activities import (
    Activity,
    Schedule,
    Signup,
    SignupStatus,
    month_bounds,
    month_key,
    preview_month,
    reminder_moment,
    render_preview,
    render_reminder,
)
from bot.domain.broadcasts import resolve_groups
from bot.domain.community import Group
from bot.ports import UnitOfWork, UnitOfWorkFactory
from bot.services import outbox
from bot.services.activities.support import post_private, require_id
from bot.services.broadcasts import places
from bot.services.jobs import in_transaction


def post_previews(uow: UnitOfWork, account: str, now: datetime, schedule: Schedule) -> int:
    """On the preview day: "党群阵地@你 · 12月活动预告" to each audience group, once a month.

    Returns how many groups got it. Recorded per group and month, so a restart, a second
    tick or a late start never posts it twice.
    """
    try:
        year, month = preview_month(now, schedule.tz, schedule.preview_day, schedule.preview_time)
    except LookupError:
        return 0
    start, end = month_bounds(year, month, schedule.tz)
    activities = [a for a in uow.activities.between(start, end) if a.starts_at > now]
    if not activities:
        return 0
    where = places(uow)
    per_group: dict[int, list[Activity]] = {}
    groups: dict[int, Group] = {}
    for activity in activities:
        for group in resolve_groups(activity.audience, where):
            if group.account == account and group.id is not None:
                per_group.setdefault(group.id, []).append(activity)
                groups[group.id] = group
    key = month_key(year, month)
    done = uow.activities.previewed(key, list(per_group))
    posted = 0
    for group_id, items in per_group.items():
        if group_id in done:
            continue
        venues = [(a, uow.activities.venue(a.venue_id)) for a in items]
        text = render_preview(year, month, venues, schedule.tz)
        outbox.group_once(uow, groups[group_id], text, f"act-preview:{key}:g{group_id}", now)
        uow.activities.add_preview(group_id, key, now)
        for activity in items:
            uow.activities.add_notice(require_id(activity.id), group_id, now)
        posted += 1
    return posted


def send_reminders(uow: UnitOfWork, account: str, now: datetime, schedule: Schedule) -> int:
    """The day before: one message per group, @-ing everyone signed up from it (or privately).

    Returns how many residents were reminded.
    """
    reminded = 0
    for activity in uow.activities.between(now, now + timedelta(days=2)):
        moment = reminder_moment(activity, schedule.tz, schedule.reminder_time)
        if not moment <= now < activity.starts_at:
            continue
        due = [
            s
            for s in uow.activities.signups(require_id(activity.id), [SignupStatus.CONFIRMED])
            if s.reminded_at is None and s.account == account and s.created_at < moment
        ]
        if not due:
            continue
        venue = uow.activities.venue(activity.venue_id)
        text = render_reminder(activity, venue, schedule.tz, now)
        by_group: dict[int | None, list[Signup]] = {}
        for signup in due:
            by_group.setdefault(signup.group_id, []).append(signup)
        for group_id, signups in by_group.items():
            group = uow.groups.get(group_id) if group_id is not None else None
            if group is not None and group.left_at is None:
                outbox.group_once(
                    uow,
                    group,
                    text,
                    f"act:{activity.id}:remind:v{activity.version}:g{group_id}",
                    now,
                    mentions=[s.person_id for s in signups],
                )
            else:  # signed up privately, or the group is gone: remind privately
                for s in signups:
                    key = f"act:{activity.id}:remind:v{activity.version}:p{s.person_id}"
                    post_private(uow, account, s.person_id, text, key, now)
        for signup in due:
            signup.reminded_at = now
            reminded += 1
    return reminded


def make_jobs(
    uow_factory: UnitOfWorkFactory, account: str, schedule: Schedule
) -> list[Callable[[datetime], int]]:
    """The periodic jobs for runtime.jobs: the monthly preview and the day-before reminders."""
    return [
        in_transaction(uow_factory, lambda uow, now: post_previews(uow, account, now, schedule)),
        in_transaction(uow_factory, lambda uow, now: send_reminders(uow, account, now, schedule)),
    ]
