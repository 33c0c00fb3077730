"""convofix13b: staff-side rules (each with variants people type, and bad input).

#1 a corrected notice re-sent while a preview is pending is a new 「通知 …」 command;
#3 "E0001 换个人跟 派给赵老师" on a case already assigned is a re-dispatch, not a 退回;
#6 the organiser's "V0001 提前结束" is never read as his ballot;
#9 a notice held for the quiet hours says so, not "系统中断"."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.chat.phrasing import rewrite
from bot.domain.broadcasts import corrected_notice
from bot.domain.cases import Case
from bot.domain.escalation import held_line, notice_text, waited_line
from bot.domain.sla import QuietHours, SlaPolicy
from bot.handlers.votes import closes_early
from bot.services.sla import held_for_night


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("写错了 通知 3号楼 明天9:00-15:00停水", "通知 3号楼 明天9:00-15:00停水"),
        ("改一下 通知 全部 明天下午停电", "通知 全部 明天下午停电"),
        ("不好意思，刚才那条写错了。通知 3号楼 明早停水", "通知 3号楼 明早停水"),
        ("更正：通知 兰亭小区 周六体检", "通知 兰亭小区 周六体检"),
        ("打错了 群发 3号楼 今晚停气", "群发 3号楼 今晚停气"),
        ("重新发一下 定时 明天 8:00 通知 全部 停水", "定时 明天 8:00 通知 全部 停水"),
        ("通知写错了 通知 3号楼 明天停水", "通知 3号楼 明天停水"),
        ("应该是 通知 3号楼 明天9点停水", "通知 3号楼 明天9点停水"),
    ],
)
def test_a_correction_in_front_of_a_notice_is_the_notice(text: str, command: str) -> None:
    assert corrected_notice(text) == command


@pytest.mark.parametrize(
    "text",
    [
        "写错了",  # no notice after it: the bot asks what to change
        "写错了 时间是15:00",
        "通知 3号楼 明天停水",  # a plain notice: the command table takes it as it is
        "写错了 通知",  # nothing after the command word
        "改一下时间 再通知大家",  # 通知 not at the start of the rest
        "刚才通知的停水时间写错了",
        "",
    ],
)
def test_no_notice_after_the_correction_is_not_one(text: str) -> None:
    assert corrected_notice(text) is None


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("E0001 换个人跟 派给赵老师吧 老孙出差了", "派单 E0001 赵老师"),
        ("E0001 改派赵老师", "派单 E0001 赵老师"),
        ("E0001 让赵老师去", "派单 E0001 赵老师"),
        ("改派E0001给赵老师", "派单 E0001 赵老师"),
        ("E0001 换赵老师跟吧", "派单 E0001 赵老师"),
        ("E0001 改由赵老师处理，老孙出差", "派单 E0001 赵老师"),
        ("E0001 换赵老师来接手", "派单 E0001 赵老师"),
        ("e0001 交给赵老师接着跟 谢谢", "派单 E0001 赵老师"),
        ("E0001 让孙志明去处理", "派单 E0001 孙志明"),
        ("E0001 换个人跟 让赵老师去 老孙出差", "派单 E0001 赵老师"),
    ],
)
def test_a_new_member_named_on_a_case_is_a_dispatch(text: str, command: str) -> None:
    found = rewrite(text, private=True)
    assert found is not None and (found.text, found.needs) == (command, "dispatcher")


@pytest.mark.parametrize(
    "text",
    [
        "E0001 换个人",  # nobody named: a hand-back by its holder
        "E0001 换个灯泡 明天装",  # news about the work
        "E0001 让我看看",
        "E0001 让他去吧",
        "E0001 请大家注意安全",
        "E0001 换个人跟 让我来吧",  # he takes it himself
        "E0001 交给物业处理 他们有钥匙",  # the holder's news, not a 改派
        "E0001 让物业来修 明天",
    ],
)
def test_no_member_named_is_no_dispatch(text: str) -> None:
    found = rewrite(text, private=True)
    assert found is None or found.needs != "dispatcher"


@pytest.mark.parametrize(
    "words",
    [
        "大家都投了 提前结束投票吧",
        "提前结束",
        "现在就截止吧",
        "结束投票",
        "马上计票",
        "可以关闭这个投票了",
        "结束吧",
        "提前出结果",
    ],
)
def test_asking_to_close_a_vote_early_is_no_ballot(words: str) -> None:
    assert closes_early(words)


@pytest.mark.parametrize("words", ["同意", "1", "不同意", "反对 太贵了", "弃权", "赞成", ""])
def test_a_ballot_is_not_a_close_request(words: str) -> None:
    assert not closes_early(words)


TZ = ZoneInfo("Asia/Shanghai")
POLICY = SlaPolicy()


def _case(opened: str, *, urgent: bool = False) -> Case:
    at = datetime.fromisoformat(opened)
    case = Case(
        id=1,
        estate_id=1,
        category="facility",
        summary="1号楼门口的减速带松了",
        reporter_id=1,
        opened_at=at,
        urgent=urgent,
    )
    case.clock_started_at = POLICY.clock_start(at, urgent)
    return case


@pytest.mark.parametrize(
    ("opened", "told"),
    [
        ("2026-12-05T22:30:00+08:00", "2026-12-06T07:45:00+08:00"),  # the blind tester's
        ("2026-12-05T22:30:00+08:00", "2026-12-06T07:30:00+08:00"),  # on the dot
        ("2026-12-06T03:10:00+08:00", "2026-12-06T08:20:00+08:00"),  # within the grace
        ("2026-12-06T07:29:00+08:00", "2026-12-06T07:31:00+08:00"),
    ],
)
def test_a_case_held_for_the_night_says_so(opened: str, told: str) -> None:
    case = _case(opened)
    now = datetime.fromisoformat(told)
    assert held_for_night(case, now, POLICY)
    line = held_line(case.opened_at, now, TZ, POLICY.quiet)
    assert "夜间 22:00–07:30 不打扰，今早补发" in line and "系统中断" not in line
    assert notice_text(case, night=line).startswith("本楼栋有新诉求 E0001")


@pytest.mark.parametrize(
    ("opened", "told", "urgent"),
    [
        ("2026-12-05T22:40:00+08:00", "2026-12-06T07:45:00+08:00", True),  # urgent: at once
        ("2026-12-05T22:30:00+08:00", "2026-12-06T10:00:00+08:00", False),  # down after 07:30
        ("2026-12-05T15:00:00+08:00", "2026-12-05T18:00:00+08:00", False),  # a day outage
        ("2026-12-05T21:55:00+08:00", "2026-12-06T07:45:00+08:00", False),  # before 22:00
    ],
)
def test_a_real_gap_is_no_night_hold(opened: str, told: str, urgent: bool) -> None:
    case = _case(opened, urgent=urgent)
    assert not held_for_night(case, datetime.fromisoformat(told), POLICY)


def test_no_quiet_hours_configured_is_no_night_hold() -> None:
    policy = SlaPolicy(quiet=QuietHours(start=time(0, 0), end=time(0, 0)))
    case = _case("2026-12-05T22:30:00+08:00")
    case.clock_started_at = policy.clock_start(case.opened_at, False)
    assert not held_for_night(case, case.opened_at + timedelta(minutes=30), policy)


def test_the_outage_wording_stays_for_outages() -> None:
    since = datetime.fromisoformat("2026-11-23T09:00:00+08:00")
    line = waited_line(since, since + timedelta(days=2, hours=1), TZ)
    assert line.endswith("系统中断，通知晚到）")
