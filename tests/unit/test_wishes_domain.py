"""微心愿 rules: codes, what may be shown publicly, the 3/7-day clock, claiming."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from bot.config import WishesConfig
from bot.domain.community import Person, Role
from bot.domain.wishes import (
    Wish,
    WishRefused,
    WishStatus,
    WishTimings,
    check_claim,
    check_fulfil,
    check_room,
    due_action,
    format_wish_code,
    parse_wish_code,
    public_summary,
    schedule,
    wish_text,
)
from bot.services.points_policy import build_policy

T0 = datetime.fromisoformat("2026-11-23T09:00:00+08:00")


def wish(**kw: object) -> Wish:
    fields: dict[str, object] = {
        "estate_id": 1,
        "requester_id": 10,
        "text": "想请人帮忙晒被子",
        "summary": "想请人帮忙晒被子",
        "created_at": T0,
        "id": 12,
    }
    fields.update(kw)
    return Wish(**fields)  # type: ignore[arg-type]


def test_codes() -> None:
    assert format_wish_code(12) == "W0012"
    assert parse_wish_code("W0012") == parse_wish_code("w12") == parse_wish_code("W 0012") == 12
    assert parse_wish_code("E0012") is None and parse_wish_code("W0") is None


def test_the_lead_is_removed_and_personal_details_are_masked() -> None:
    assert wish_text("#微心愿 想请人帮忙") == "想请人帮忙"
    assert wish_text("心愿：想请人帮忙") == "想请人帮忙"
    shown = public_summary("3号楼502室的张奶奶想请人读报，电话13812345678，住3-502")
    assert "13812345678" not in shown and "138****5678" in shown
    assert "502" not in shown and "3号楼" in shown
    assert len(public_summary("很" * 200)) == 60


def test_the_clock_reoffers_after_three_days_and_reports_after_seven() -> None:
    timings = WishTimings()
    w = wish()
    schedule(w, timings)
    assert w.next_due == T0 + timedelta(days=3)
    assert due_action(w, T0 + timedelta(days=2, hours=23), timings) is None
    assert due_action(w, T0 + timedelta(days=3), timings) == "reoffer"
    w.reoffered_at = T0 + timedelta(days=3)
    schedule(w, timings)
    assert w.next_due == T0 + timedelta(days=7)
    assert due_action(w, T0 + timedelta(days=7), timings) == "report"
    # After a long outage only the report goes out.
    assert due_action(wish(), T0 + timedelta(days=9), timings) == "report"
    claimed = wish(status=WishStatus.CLAIMED)
    schedule(claimed, timings)
    assert claimed.next_due is None and due_action(claimed, T0 + timedelta(days=9), timings) is None


def test_claiming_needs_a_party_member_of_the_estate() -> None:
    member = Person(wechat_id="m", display_name="孙志明", role=Role.MEMBER, estate_id=1, id=2)
    with pytest.raises(WishRefused, match="党员"):
        check_claim(wish(), Person(wechat_id="r", display_name="李叔", estate_id=1, id=3))
    with pytest.raises(WishRefused, match="没有找到微心愿"):
        check_claim(wish(), Person(wechat_id="x", display_name="马", role=Role.MEMBER, estate_id=2))
    check_claim(wish(), member)
    with pytest.raises(WishRefused, match="已经实现"):
        check_claim(wish(status=WishStatus.FULFILLED), member)


def test_only_the_requester_or_staff_confirm() -> None:
    requester = Person(wechat_id="r", display_name="张阿姨", estate_id=1, id=10)
    staff = Person(wechat_id="s", display_name="王敏", role=Role.STAFF, id=20)
    neighbour = Person(wechat_id="n", display_name="李叔", estate_id=1, id=11)
    check_fulfil(wish(), requester)
    check_fulfil(wish(), staff)
    with pytest.raises(WishRefused, match="心愿人本人"):
        check_fulfil(wish(), neighbour)


def test_room_for_a_new_wish_ends_at_the_configured_number() -> None:
    check_room(9, 10)
    with pytest.raises(WishRefused, match="您已有10个微心愿"):
        check_room(10, 10)
    assert build_policy(wishes=WishesConfig()).wishes.max_waiting == 10
    assert build_policy(wishes=WishesConfig(max_waiting=3)).wishes.max_waiting == 3
