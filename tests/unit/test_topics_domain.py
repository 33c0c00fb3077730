"""The 议题 stage machine (十步走), levels and who may act, skips with reasons, 提级, codes and
forms; 说事 codes and merging. Pure rules, no database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain.community import Role
from bot.domain.deliberation.suggestions import (
    Suggestion,
    SuggestionError,
    SuggestionStatus,
    merge,
    parse_suggestion_code,
)
from bot.domain.deliberation.topics import (
    STAGES,
    Level,
    Stage,
    StepKind,
    Topic,
    TopicError,
    advance,
    check_evaluation,
    check_opinion,
    escalate,
    format_topic_code,
    may_manage,
    may_open,
    next_stage,
    parse_level,
    parse_moment,
    parse_stage,
    parse_topic_code,
    parse_topic_form,
    skip,
)

T0 = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)
TZ = ZoneInfo("Asia/Shanghai")


def topic(level: Level = Level.BUILDING, **kw: object) -> Topic:
    values: dict[str, object] = {
        "estate_id": 1,
        "level": level,
        "title": "电动车不进楼道",
        "organiser_id": 7,
        "created_at": T0,
        "created_by": "赵老师",
        "building_id": 3,
        "id": 1,
    }
    values.update(kw)
    return Topic(**values)  # type: ignore[arg-type]


def test_every_stage_in_order_then_closed() -> None:
    t = topic()
    seen = [t.stage]
    for i in range(len(STAGES)):
        steps = advance(t, "赵老师", T0 + timedelta(days=i + 1))
        assert len(steps) == 1 and steps[0].actor == "赵老师"
        assert steps[0].at == T0 + timedelta(days=i + 1)
        seen.append(t.stage)
    assert seen == [*STAGES, Stage.CLOSED]
    assert [s.label for s in STAGES] == [
        "动议", "征求意见", "议事会", "表决", "公示", "备案", "落实", "评议",
    ]  # fmt: skip
    assert t.closed and t.closed_at == T0 + timedelta(days=len(STAGES))
    with pytest.raises(TopicError, match="已经办结"):
        advance(t, "赵老师", T0)


def test_skipping_the_current_stage_moves_on_and_a_later_one_is_passed() -> None:
    t = topic(stage=Stage.CONSULTING)
    steps = skip(t, Stage.VOTING, "大家都同意", "赵老师", T0)
    assert [s.kind for s in steps] == [StepKind.SKIPPED] and t.stage is Stage.CONSULTING
    steps = skip(t, Stage.CONSULTING, "已当面征求", "赵老师", T0)
    assert [(s.kind, s.stage) for s in steps] == [
        (StepKind.SKIPPED, Stage.CONSULTING),
        (StepKind.ENTERED, Stage.MEETING),
    ]
    assert steps[0].note == "已当面征求"
    advance(t, "赵老师", T0)
    assert t.stage is Stage.PUBLICITY  # 表决 was marked skipped and passed over


@pytest.mark.parametrize("reason", ["", " ", "无"])
def test_a_skip_needs_a_reason_and_changes_nothing_without_one(reason: str) -> None:
    t = topic(stage=Stage.MEETING)
    with pytest.raises(TopicError, match="写明原因"):
        skip(t, Stage.MEETING, reason, "赵老师", T0)
    assert t.stage is Stage.MEETING and t.skipped == []


def test_what_cannot_be_skipped() -> None:
    t = topic(stage=Stage.MEETING)
    with pytest.raises(TopicError, match="起点"):
        skip(t, Stage.PROPOSED, "不需要", "赵老师", T0)
    with pytest.raises(TopicError, match="已经过了"):
        skip(t, Stage.CONSULTING, "不需要", "赵老师", T0)
    skip(t, Stage.FILING, "小事", "赵老师", T0)
    with pytest.raises(TopicError, match="已经标记跳过"):
        skip(t, Stage.FILING, "小事", "赵老师", T0)
    last = topic(stage=Stage.REVIEW)
    skip(last, Stage.REVIEW, "无需评议", "赵老师", T0)
    assert last.closed  # skipping the last stage closes the topic


def test_next_stage_passes_every_skipped_one() -> None:
    t = topic(stage=Stage.CONSULTING, skipped=["meeting", "voting", "publicity", "filing"])
    assert next_stage(t) is Stage.IMPLEMENTING


def test_escalation_goes_up_one_level_at_a_time() -> None:
    t = topic(level=Level.NEIGHBOUR)
    notes = [escalate(t, "孙志明", T0).note for _ in range(3)]
    assert notes == ["邻里 → 楼栋", "楼栋 → 小区", "小区 → 社区"]
    assert t.level is Level.COMMUNITY
    with pytest.raises(TopicError, match="不能再提级"):
        escalate(t, "王敏", T0)


def test_who_may_open_a_topic_at_each_level() -> None:
    assert not may_open(Role.RESIDENT, Level.NEIGHBOUR)
    assert may_open(Role.MEMBER, Level.NEIGHBOUR) and not may_open(Role.MEMBER, Level.BUILDING)
    assert may_open(Role.LEADER, Level.BUILDING) and not may_open(Role.LEADER, Level.ESTATE)
    assert may_open(Role.SECRETARY, Level.ESTATE) and not may_open(Role.SECRETARY, Level.COMMUNITY)
    assert may_open(Role.STAFF, Level.COMMUNITY)


def test_who_may_move_a_topic_on() -> None:
    t = topic(level=Level.BUILDING, organiser_id=7, building_id=3)
    assert not may_manage(t, 99, Role.RESIDENT, 1, 3)
    assert may_manage(t, 7, Role.LEADER, 1, 3)  # the organiser
    assert not may_manage(t, 8, Role.MEMBER, 1, 3)  # another 党员
    assert may_manage(t, 9, Role.LEADER, 1, 3)  # the 楼栋's other 党小组长
    assert not may_manage(t, 9, Role.LEADER, 1, 2)  # another 楼栋's
    assert may_manage(t, 10, Role.SECRETARY, 1, None)
    assert not may_manage(t, 11, Role.SECRETARY, 2, None)  # another 小区's 书记
    assert may_manage(t, 12, Role.STAFF, None, None)
    up = topic(level=Level.COMMUNITY, organiser_id=12)
    assert not may_manage(up, 10, Role.SECRETARY, 1, None)  # 社区 topics are staff's


def test_opinions_and_evaluations_only_in_their_stage() -> None:
    t = topic(stage=Stage.PROPOSED)
    with pytest.raises(TopicError, match="不在征求意见"):
        check_opinion(t, "同意")
    t.stage = Stage.CONSULTING
    assert check_opinion(t, "  同意  ") == "同意"
    with pytest.raises(TopicError, match="写在编号后面"):
        check_opinion(t, "")
    t.stage = Stage.CLOSED
    with pytest.raises(TopicError, match="已经办结"):
        check_opinion(t, "同意")
    with pytest.raises(TopicError, match="还没有开始评议"):
        check_evaluation(topic(stage=Stage.IMPLEMENTING))


def test_codes_levels_stages_and_forms() -> None:
    assert format_topic_code(12) == "Y0012"
    assert parse_topic_code("y12") == parse_topic_code("Y 0012") == 12
    assert parse_topic_code("Y0000") is None and parse_topic_code("E0001") is None
    assert parse_suggestion_code("S0003") == 3 and parse_suggestion_code("Y3") is None
    assert parse_level("单元") is Level.BUILDING and parse_level("三方") is Level.ESTATE
    assert parse_level("社区级") is Level.COMMUNITY and parse_level("全市") is None
    assert parse_stage("议事会") is Stage.MEETING and parse_stage("投票") is Stage.VOTING
    assert parse_stage("closed") is None and parse_stage("随便") is None
    form = parse_topic_form("电动车不进楼道\n级别：楼栋\n楼栋: 3\n想听听大家的意见")
    assert form == {
        "title": "电动车不进楼道",
        "level": "楼栋",
        "building": "3",
        "description": "想听听大家的意见",
    }
    now = datetime(2026, 11, 23, 9, 0, tzinfo=TZ)
    start, rest = parse_moment("12月5日 19:30 党群服务站", now, TZ)
    assert start == datetime(2026, 12, 5, 19, 30, tzinfo=TZ) and rest == "党群服务站"
    start, _ = parse_moment("1-5 09:00", now, TZ)
    assert start.year == 2027  # a date already past this year means next year
    with pytest.raises(TopicError, match="「明晚」几点"):  # asked back, not refused
        parse_moment("明晚", now, TZ)


def test_merging_suggestions() -> None:
    a = Suggestion(estate_id=1, person_id=1, text="装快递柜", created_at=T0, id=1)
    b = Suggestion(estate_id=None, person_id=2, text="快递柜", created_at=T0, id=2)
    c = Suggestion(estate_id=2, person_id=3, text="快递柜", created_at=T0, id=3)
    with pytest.raises(SuggestionError, match="同一个小区"):
        merge(c, a)
    with pytest.raises(SuggestionError, match="它自己"):
        merge(a, a)
    merge(b, a)
    assert b.status is SuggestionStatus.MERGED and b.merged_into == 1 and b.estate_id == 1
    with pytest.raises(SuggestionError, match="已合并"):
        merge(b, a)
    assert "138****" in Suggestion(1, 1, "电话13812345678来修", T0).summary


# ---- convofix3 #2: relative days and spoken times, against the clock's now ------------------

TUESDAY = datetime(2026, 12, 1, 9, 0, tzinfo=TZ)


@pytest.mark.parametrize(
    ("said", "when", "rest"),
    [
        ("周四晚上七点半", (12, 3, 19, 30), ""),
        ("下周二下午3点 党群服务站", (12, 8, 15, 0), "党群服务站"),
        ("明天上午九点", (12, 2, 9, 0), ""),
        ("今晚八点", (12, 1, 20, 0), ""),
        ("星期天上午十点一刻", (12, 6, 10, 15), ""),
        ("周日下午两点四十 邻里中心", (12, 6, 14, 40), "邻里中心"),
        ("这周一晚上7点", (11, 30, 19, 0), ""),  # past: the caller says so
        ("中午12点", None, ""),  # no day: only a change has one
        ("2026-12-05 19:00 党群服务站", (12, 5, 19, 0), "党群服务站"),
        ("明天 9:30", (12, 2, 9, 30), ""),  # the 24-hour form is not asked about
        ("大后天晚上十二点", None, ""),
    ],
)
def test_relative_days_and_spoken_times(
    said: str, when: tuple[int, int, int, int] | None, rest: str
) -> None:
    if when is None:
        with pytest.raises(TopicError):
            parse_moment(said, TUESDAY, TZ)
        return
    month, day, hour, minute = when
    start, after = parse_moment(said, TUESDAY, TZ)
    assert start == datetime(2026, month, day, hour, minute, tzinfo=TZ) and after == rest


@pytest.mark.parametrize(
    ("said", "asked"),
    [
        ("后天晚上", "「后天晚上」几点？"),  # a period without a clock
        ("周二晚上7点", "是指今天，还是下周二？"),  # today's weekday
        ("周四七点半", "是上午还是下午/晚上？"),  # an hour that may be either
        ("党群服务站", "请说明时间"),
        ("13月5日 19:00", "不是一个有效的日期"),
    ],
)
def test_an_open_time_is_asked_back(said: str, asked: str) -> None:
    with pytest.raises(TopicError, match=asked):
        parse_moment(said, TUESDAY, TZ)


def test_a_change_keeps_what_it_does_not_say() -> None:
    meeting = datetime(2026, 12, 3, 19, 30, tzinfo=TZ)
    start, _ = parse_moment("晚上八点", TUESDAY, TZ, base=meeting)
    assert start == datetime(2026, 12, 3, 20, 0, tzinfo=TZ)  # its day
    start, _ = parse_moment("下周二", TUESDAY, TZ, base=meeting)
    assert start == datetime(2026, 12, 8, 19, 30, tzinfo=TZ)  # its time
