"""待确认 rules without a database: codes, who may decide, the digest text, the dispatch key."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.chat.by_intent import handler_key, report_tag
from bot.domain.community import Person, Role
from bot.domain.review import (
    DIGEST_LIMIT,
    ReviewItem,
    ReviewRefused,
    may_decide,
    parse_review_code,
    render_digest,
)
from bot.services.review.decide import place

T0 = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)


def item(n: int = 1, building_id: int | None = 3, **extra: object) -> ReviewItem:
    return ReviewItem(
        account="default",
        message_key=f"m{n}",
        estate_id=1,
        sender_id=10,
        text="楼道里好像有股怪味",
        received_at=T0,
        building_id=building_id,
        id=n,
        **extra,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("Q0003", 3),
        ("q3", 3),
        ("Q 12", 12),
        ("7", 7),
        ("Ｑ3", None),
        ("QABC", None),
        ("Q0", None),
        ("", None),
        ("E0003", None),
        ("Q99999999999", None),
    ],
)
def test_review_codes(token: str, expected: int | None) -> None:
    assert parse_review_code(token) == expected


def test_who_may_decide() -> None:
    def person(role: Role, estate: int | None = 1, building: int | None = 3) -> Person:
        return Person(
            wechat_id="x", display_name="x", role=role, estate_id=estate, building_id=building
        )

    assert may_decide(person(Role.LEADER), item())
    assert not may_decide(person(Role.LEADER, building=4), item())
    assert not may_decide(person(Role.LEADER), item(building_id=None))  # the 书记's
    assert not may_decide(person(Role.LEADER, estate=2), item())
    assert not may_decide(person(Role.MEMBER), item())
    assert may_decide(person(Role.SECRETARY, building=None), item(building_id=None))
    assert not may_decide(person(Role.SECRETARY, estate=2), item())
    assert may_decide(person(Role.STAFF, estate=None), item())


def test_the_digest_lists_codes_and_how_to_answer() -> None:
    tz = ZoneInfo("Asia/Shanghai")
    items = [item(n, category="sanitation", building="3") for n in range(1, DIGEST_LIMIT + 3)]
    text = render_digest(items, {10: "张阿姨"}, {}, tz)
    lines = text.splitlines()
    assert lines[0] == f"【待确认】有 {DIGEST_LIMIT + 2} 条消息可能是居民反映的问题，请您看一下："
    assert lines[1] == "Q0001 11-23 09:00 私聊 张阿姨：楼道里好像有股怪味（猜：环境卫生 · 3号楼）"
    assert "还有 2 条" in lines[-2] and "「是 Q0001」" in lines[-1]
    assert len(lines) == DIGEST_LIMIT + 3


@pytest.mark.parametrize(
    ("kind", "action", "forced", "key"),
    [
        ("issue", "case", False, "issue"),
        ("issue", "review", False, "review"),
        ("wish", "review", False, "review"),
        ("issue", "review", True, "issue"),
        ("wish", "review", True, "review"),  # a forced report needs a problem, not a wish
        ("wish", "wish", True, "wish"),
        ("wish", "wish", False, "wish"),
        ("chat", "none", True, "chat"),
        ("chat", "none", False, "chat"),
    ],
)
def test_handler_key_follows_the_action(kind: str, action: str, forced: bool, key: str) -> None:
    assert handler_key(kind, action, forced=forced) == key


def test_a_forced_report_needs_the_text_to_name_a_problem() -> None:
    # "3号楼1单元101 明天上午都在家" said privately: the model alone suspects a problem.
    assert handler_key("issue", "review", forced=True, named=False) == "review"
    assert handler_key("issue", "review", forced=True, named=True) == "issue"
    assert handler_key("issue", "case", forced=True, named=False) == "issue"  # the engine is sure
    assert handler_key("issue", "review", forced=False, named=True) == "review"


def test_report_tag() -> None:
    assert report_tag("#报事 3号楼漏水") == "3号楼漏水"
    assert report_tag("＃报事：漏水") == "漏水"
    assert report_tag("#报事") == ""
    assert report_tag("报事 漏水") is None and report_tag("3号楼 #报事") is None


def test_console_location_fields() -> None:
    assert place(" 3号楼 ", "2单元", "502") == place("3", "2", "502")
    assert place("", None, " ").building is None
    with pytest.raises(ReviewRefused, match="房号"):
        place("3", "2", "五零二")


def test_the_digest_time_comes_from_the_review_section() -> None:
    from datetime import time

    from pydantic import ValidationError

    from bot.config import ReviewConfig, load_config
    from bot.services.review.digest import digest_schedule
    from tests.conftest import DEMO_CONFIG

    config = load_config(DEMO_CONFIG)
    assert digest_schedule(config).at == time(18, 0)  # the default
    evening = config.model_copy(update={"review": ReviewConfig(digest_time="19:30")})
    assert digest_schedule(evening).at == time(19, 30)
    with pytest.raises(ValidationError):
        ReviewConfig(digest_time="25:00")
