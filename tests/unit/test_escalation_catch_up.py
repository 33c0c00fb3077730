"""The words of a late notice (sched11): its age, said the way people say it."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.domain.cases import Case
from bot.domain.escalation import age, notice_text, waited_line

TZ = ZoneInfo("Asia/Shanghai")
MONDAY = datetime.fromisoformat("2026-11-23T09:00:00+08:00")


def test_age_in_days_hours_minutes() -> None:
    assert age(timedelta(days=2, hours=1, minutes=7)) == "2天1小时"
    assert age(timedelta(days=3)) == "3天"
    assert age(timedelta(hours=3, minutes=20)) == "3小时20分钟"
    assert age(timedelta(hours=3)) == "3小时"
    assert age(timedelta(minutes=25)) == "25分钟"
    assert age(timedelta(seconds=-5)) == "0分钟"


def test_a_late_notice_is_not_announced_as_new() -> None:
    case = Case(
        id=1,
        estate_id=1,
        category="elevator",
        summary="3号楼电梯坏了",
        reporter_id=1,
        opened_at=MONDAY,
    )
    late = waited_line(MONDAY, MONDAY + timedelta(days=2, hours=1), TZ)
    assert late == "（11月23日 09:00 受理，已过 2天1小时；系统中断，通知晚到）"
    text = notice_text(case, late=late)
    assert text.startswith("本楼栋有诉求待认领 E0001")
    assert "新诉求" not in text and late in text
    assert notice_text(case, late=late, to_group=True).startswith("有诉求待认领 E0001")
    assert notice_text(case).startswith("本楼栋有新诉求 E0001")  # on time: as before
