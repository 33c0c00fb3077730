"""Activity and broadcast rules as pure functions: forms, dates, seats, months, targets."""

from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.domain.activities import (
    DEFAULT_LENGTH,
    Activity,
    ActivityError,
    ActivityStatus,
    Schedule,
    SignupStatus,
    Venue,
    open_ended,
    parse_count,
    parse_form,
    parse_span,
    preview_month,
    render_preview,
    seat_for,
    signup_refusal,
    titled,
)
from bot.domain.broadcasts import (
    MAX_NOTICE_CHARS,
    Places,
    TargetError,
    check_notice,
    parse_schedule,
    parse_targets,
    resolve_groups,
)
from bot.domain.community import Building, Estate, Group, GroupKind

TZ = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=TZ)


def activity(**kw: object) -> Activity:
    base: dict[str, object] = {
        "title": "免费测血压",
        "kind": "健康保健",
        "venue_id": 1,
        "starts_at": datetime(2026, 12, 5, 9, 0, tzinfo=TZ),
        "ends_at": datetime(2026, 12, 5, 11, 0, tzinfo=TZ),
        "created_at": NOW,
        "id": 3,
    }
    base.update(kw)
    return Activity(**base)  # type: ignore[arg-type]


def test_the_staff_form_reads_key_value_lines() -> None:
    fields = parse_form("标题：免费测血压\n类型: 健康保健\n时间：12-05 09:00-11:00\n名额：30人")
    assert fields == {
        "title": "免费测血压",
        "kind": "健康保健",
        "when": "12-05 09:00-11:00",
        "capacity": "30人",
    }
    with pytest.raises(ActivityError, match="看不懂"):
        parse_form("标题 免费测血压")
    assert parse_count("30人", "名额") == 30
    assert parse_count("不限", "名额", unlimited_ok=True) is None
    with pytest.raises(ActivityError):
        parse_count("很多", "名额")


def test_times_are_read_in_the_community_zone() -> None:
    start, end = parse_span("2026-12-05 09:00-11:00", NOW, TZ)
    assert start == datetime(2026, 12, 5, 9, 0, tzinfo=TZ) and end.hour == 11
    start, _ = parse_span("1月8日 14:00-16:00", NOW, TZ)  # written in November: next January
    assert (start.year, start.month) == (2027, 1)
    for bad in ("明天上午", "2026-12-05 11:00-09:00", "2026-02-30 09:00-10:00"):
        with pytest.raises(ActivityError):
            parse_span(bad, NOW, TZ)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2026-12-05 09:00", (9, 0), (11, 0)),
        ("12月5日 14:30", (14, 30), (16, 30)),
        ("12-05 9点", (9, 0), (11, 0)),
        ("12月5日 9点-10点半", None, None),  # not a time we read: still refused
    ],
)
def test_a_start_alone_ends_two_hours_later(
    text: str, start: tuple[int, int] | None, end: tuple[int, int] | None
) -> None:
    if start is None or end is None:
        with pytest.raises(ActivityError):
            parse_span(text, NOW, TZ)
        return
    begins, ends = parse_span(text, NOW, TZ)
    assert (begins.hour, begins.minute, ends.hour, ends.minute) == (*start, *end)
    assert ends - begins == DEFAULT_LENGTH and open_ended(text)
    assert not open_ended("2026-12-05 09:00-11:00")


def test_seats_then_waiting_list_then_full() -> None:
    a = activity(capacity=2, waitlist=1)
    assert seat_for(a, 0, 0) is SignupStatus.CONFIRMED
    assert seat_for(a, 2, 0) is SignupStatus.WAITING
    assert seat_for(a, 2, 1) is None
    assert seat_for(activity(capacity=None), 500, 0) is SignupStatus.CONFIRMED


def test_past_and_cancelled_activities_refuse_sign_ups() -> None:
    assert signup_refusal(activity(), NOW) is None
    assert "已取消" in str(signup_refusal(activity(status=ActivityStatus.CANCELLED), NOW))
    late = datetime(2026, 12, 5, 9, 30, tzinfo=TZ)
    assert "已经开始" in str(signup_refusal(activity(), late))


def test_the_preview_is_due_from_the_configured_day_for_next_month() -> None:
    at = time(9, 0)
    with pytest.raises(LookupError):
        preview_month(datetime(2026, 11, 25, 8, 59, tzinfo=TZ), TZ, 25, at)
    assert preview_month(datetime(2026, 11, 25, 9, 0, tzinfo=TZ), TZ, 25, at) == (2026, 12)
    assert preview_month(datetime(2026, 11, 30, 23, 0, tzinfo=TZ), TZ, 25, at) == (2026, 12)
    assert preview_month(datetime(2026, 12, 26, 1, 0, tzinfo=UTC), TZ, 25, at) == (2027, 1)
    schedule = Schedule(tz=TZ)
    moment = schedule.preview_moment(datetime(2026, 12, 5, 9, 0, tzinfo=TZ))
    assert moment == datetime(2026, 11, 25, 9, 0, tzinfo=TZ)
    # February has no 30th: a preview day past the month's end falls on its last day.
    late = Schedule(tz=TZ, preview_day=28).preview_moment(datetime(2027, 3, 2, tzinfo=TZ))
    assert late.day == 28 and late.month == 2


def test_the_preview_text_is_a_numbered_list_residents_reply_to() -> None:
    venue = Venue(key="v", name="党群服务站", address="兰亭小区3号楼一层", id=1)
    text = render_preview(2026, 12, [(activity(capacity=30, points=5), venue)], TZ)
    assert text.splitlines()[0] == "党群阵地@你 · 12月活动预告"
    assert "【3】12月5日（周六）9:00-11:00" in text
    assert "名额30人 · 参加可得5积分" in text and "报名 3" in text


# ---- targets ------------------------------------------------------------------------------


def places() -> Places:
    estates = [
        Estate("lanting", "兰亭小区", "支部", id=1),
        Estate("jinxiu", "锦绣家园", "支部", id=2),
    ]
    buildings = [Building(1, str(n), f"{n}号楼", id=n) for n in (1, 2, 3, 4)] + [
        Building(2, str(n), f"{n}号楼", id=10 + n) for n in (1, 2, 3)
    ]
    groups = [
        Group("a", "兰亭小区业主群", "r1", GroupKind.OWNERS, 1, id=1),
        Group("a", "兰亭小区党员群", "r2", GroupKind.PARTY, 1, id=2),
        Group("a", "兰亭3号楼邻里群", "r3", GroupKind.BUILDING, 1, 3, id=3),
        Group("a", "兰亭4号楼邻里群", "r4", GroupKind.BUILDING, 1, 4, id=4),
        Group("a", "锦绣家园业主群", "r5", GroupKind.OWNERS, 2, id=5),
        Group("a", "锦绣3栋楼栋群", "r6", GroupKind.BUILDING, 2, 13, id=6),
        Group("a", "不认识的群", "r7", id=7),  # unbound
    ]
    return Places(estates, buildings, groups)


def ids(tokens: list[str]) -> list[int | None]:
    return [g.id for g in resolve_groups(tokens, places())]


def test_targets_resolve_to_resident_groups() -> None:
    assert ids(parse_targets("全部", places())) == [1, 3, 4, 5, 6]  # no 党员群, no unbound
    assert ids(parse_targets("兰亭小区", places())) == [1, 3, 4]
    assert ids(parse_targets("兰亭", places())) == [1, 3, 4]
    assert ids(parse_targets("兰亭三号楼", places())) == [3]
    assert ids(parse_targets("锦绣3栋、兰亭4号楼", places())) == [4, 6]
    assert ids(parse_targets("兰亭小区党员群", places())) == [2]  # named explicitly
    # A 支部书记 is scoped to one 小区: 全部 means theirs; 4号楼 is unambiguous there.
    assert ids(parse_targets("全部", places(), scope_estate_id=1)) == [1, 3, 4]
    assert ids(parse_targets("4号楼", places(), scope_estate_id=1)) == [4]


@pytest.mark.parametrize(
    ("spec", "scope", "needle"),
    [
        ("", None, "请写明发给谁"),
        ("5号楼", None, "没有找到「5号楼」"),
        ("3号楼", None, "有好几个「3号楼」"),
        ("兰亭1号楼", None, "还没有楼栋群"),
        ("火星小区", None, "没有找到「火星小区」"),
        ("锦绣家园", 1, "您只能给兰亭小区发通知"),
    ],
)
def test_bad_targets_say_what_is_wrong(spec: str, scope: int | None, needle: str) -> None:
    with pytest.raises(TargetError, match=needle):
        parse_targets(spec, places(), scope_estate_id=scope)


def test_notice_text_and_schedule_rules() -> None:
    assert check_notice("  明天停水  ") == "明天停水"
    with pytest.raises(TargetError, match="空的"):
        check_notice("   ")
    with pytest.raises(TargetError, match="太长"):
        check_notice("水" * (MAX_NOTICE_CHARS + 1))
    when = parse_schedule("2026-12-01", "08:00", NOW, TZ)
    assert when == datetime(2026, 12, 1, 8, 0, tzinfo=TZ)
    assert parse_schedule("明天", "8点半", NOW, TZ) == datetime(2026, 11, 24, 8, 30, tzinfo=TZ)
    with pytest.raises(TargetError, match="已经过去"):
        parse_schedule("2026-11-22", "08:00", NOW, TZ)
    with pytest.raises(TargetError, match="看不懂"):
        parse_schedule("下周", "早上", NOW, TZ)


# ---- convofix3 #1: which activity a title names ----------------------------------------------

TUESDAY = datetime(2026, 12, 1, 9, 0, tzinfo=TZ)


def _titled(number: int, title: str, kind: str, day: int) -> Activity:
    start = datetime(2026, 12, day, 9, 0, tzinfo=TZ)
    activity = Activity(
        title=title, kind=kind, venue_id=1, starts_at=start, ends_at=start, created_at=TUESDAY
    )
    activity.id = number
    return activity


OPEN = [
    _titled(1, "防范电信诈骗讲座", "反诈宣传", 5),  # Saturday
    _titled(2, "插花体验课", "文娱", 6),
    _titled(3, "健康义诊", "健康保健", 5),
    _titled(4, "中医义诊", "健康保健", 12),  # next Saturday
]


@pytest.mark.parametrize(
    ("said", "numbers"),
    [
        ("反诈", [1]),  # the kind, when no title holds the words
        ("插花活动", [2]),
        ("插花课", [2]),  # two characters in a row
        ("周六那个义诊", [3]),
        ("这周六的义诊", [3]),
        ("下周六的义诊", [4]),
        ("星期天的插花", [2]),
        ("义诊", [3, 4]),  # several: the handler asks which
        ("周六", [1, 3]),
        ("明天", []),
        ("太极拳", []),
        ("", []),
    ],
)
def test_a_title_names_the_activities_holding_its_words(said: str, numbers: list[int]) -> None:
    assert [a.id for a in titled(said, OPEN, TUESDAY, TZ)] == numbers


def test_words_that_may_be_other_speech_need_the_whole_words() -> None:
    assert [a.id for a in titled("插花课", OPEN, TUESDAY, TZ, loose=False)] == []
    assert [a.id for a in titled("插花", OPEN, TUESDAY, TZ, loose=False)] == [2]
