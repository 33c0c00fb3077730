"""帮办代办 rules with no database: matching the 清单, eligibility, details, the ladder, counts."""

from __future__ import annotations

import typing
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError

from bot.config import CommunityConfig, format_errors, load_config
from bot.config_helpdesk import CareFlag, HelpdeskConfig
from bot.domain.cases import Rating
from bot.domain.community import Person, Role
from bot.domain.escalation import Rung
from bot.domain.helpdesk import (
    CARE_FLAGS,
    FLAGS_KEY,
    TEAM_KEY,
    Catalog,
    HelpRequest,
    Refused,
    Service,
    Status,
    care_flags,
    check_claim,
    check_handler,
    check_rating,
    due_level,
    eligible,
    on_team,
    parse_code,
    parse_done,
    parse_flags,
    rung_for,
    schedule,
    service_deadline,
    service_elapsed,
    split_details,
    tally,
)
from bot.domain.sla import QuietHours
from bot.services.helpdesk.catalog import catalog_from_config
from tests.conftest import DEMO_CONFIG

T0 = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return catalog_from_config(load_config(DEMO_CONFIG))


def person(
    pid: int = 1, *, flags: str = "", team: bool = False, role: Role = Role.RESIDENT
) -> Person:
    extra = {FLAGS_KEY: flags} if flags else {}
    if team:
        extra[TEAM_KEY] = "是"
    return Person(
        wechat_id=f"w{pid}", display_name=f"p{pid}", role=role, estate_id=1, id=pid, extra=extra
    )


def request(status: Status = Status.OPEN, **kw: object) -> HelpRequest:
    fields: dict[str, object] = {
        "estate_id": 1,
        "service_key": "utility",
        "service_name": "代缴水电燃气费",
        "point_key": "lanting",
        "created_at": T0,
        "requester_id": 1,
        "status": status,
        "confirmed_at": T0,
        "id": 7,
    }
    fields.update(kw)
    return HelpRequest(**fields)  # type: ignore[arg-type]


def test_the_demo_list_ships_the_seed_services(catalog: Catalog) -> None:
    names = {s.name for s in catalog.services}
    assert {"代缴水电燃气费", "代购药品", "陪同就医", "代办社保认证", "代取快递"} <= names
    assert {"上门理发", "助浴", "接送孩子"} <= names
    assert all(catalog.point(s.point_key) for s in catalog.services)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("代缴水电费", "utility"),
        ("麻烦帮我交一下电费 交电费", "utility"),
        ("帮我去药店买药", "medicine"),
        ("养老资格认证", "pension"),
        ("下午接孩子放学", "school"),
        ("取快递", "parcel"),
    ],
)
def test_a_request_is_matched_by_name_or_synonym(catalog: Catalog, text: str, key: str) -> None:
    found = catalog.match(text)
    assert found is not None and found.key == key


def test_something_not_on_the_list_matches_nothing(catalog: Catalog) -> None:
    assert catalog.match("帮我修电视") is None
    assert catalog.match("") is None


def test_eligibility_follows_the_roster_flags(catalog: Catalog) -> None:
    utility, parcel = catalog.service("utility"), catalog.service("parcel")
    assert utility is not None and parcel is not None
    assert eligible(parcel, person()) and eligible(parcel, None)  # everyone
    assert not eligible(utility, person())
    assert eligible(utility, person(flags="高龄、独居"))
    assert not eligible(utility, person(flags="儿童"))
    assert care_flags(person(flags="独居，高龄")) == ("高龄", "独居")


def test_flags_parse_and_refuse_unknown_words() -> None:
    assert parse_flags("高龄、独居") == ("高龄", "独居")
    assert parse_flags(" ") == ()
    with pytest.raises(ValueError, match="关爱类别「老人」不认识"):
        parse_flags("高龄、老人")


def test_the_config_flag_words_are_the_domain_words() -> None:
    assert set(typing.get_args(CareFlag)) == set(CARE_FLAGS)


def test_team_membership_by_roster_flag_or_config(catalog: Catalog) -> None:
    assert on_team(person(team=True), catalog)
    assert not on_team(person(), catalog)
    sun = Person(wechat_id="wxid_sunzhiming", display_name="孙志明")
    assert on_team(sun, catalog)


@pytest.mark.parametrize(
    ("text", "address", "when"),
    [
        ("3号楼2单元502 明天上午", "3号楼2单元502", "明天上午"),
        ("明天下午3点 4号楼301", "4号楼301", "明天下午3点"),
        ("3号楼502", "3号楼502", ""),
        ("尽快", "", "尽快"),
    ],
)
def test_details_split_into_address_and_time(text: str, address: str, when: str) -> None:
    assert split_details(text) == (address, when)


def test_done_text_gives_hours_persons_and_result() -> None:
    service = Service(key="k", name="n", point_key="p", hours=1.0)
    assert parse_done("1.5小时 2人 已缴费", service) == (1.5, 2, "已缴费")
    assert parse_done("已缴费", service) == (1.0, 1, "已缴费")
    assert parse_done("99小时", service)[0] == 24.0  # a slip of the thumb is bounded


def test_codes() -> None:
    assert parse_code("H0012") == 12 and parse_code("h 12") == 12
    assert parse_code("H0") is None and parse_code("E0012") is None


def test_claim_rules(catalog: Catalog) -> None:
    member = person(2, team=True)
    check_claim(request(), member, catalog)
    with pytest.raises(Refused, match="帮办代办队"):
        check_claim(request(), person(3), catalog)
    with pytest.raises(Refused, match="还没有确认"):
        check_claim(request(Status.DRAFT), member, catalog)
    with pytest.raises(Refused, match="已经办结"):
        check_claim(request(Status.DONE), member, catalog)
    with pytest.raises(Refused, match="自己"):
        check_claim(request(requester_id=2), member, catalog)
    other = person(4, team=True)
    other.estate_id = 2
    with pytest.raises(Refused, match="不在您所在的小区"):
        check_claim(request(), other, catalog)


def test_handler_and_rating_rules() -> None:
    taken = request(Status.CLAIMED, claimer_id=2)
    check_handler(taken, person(2), "办结")
    with pytest.raises(Refused, match="不是您接的单"):
        check_handler(taken, person(3), "办结")
    check_handler(taken, person(9, role=Role.STAFF), "办结")  # staff may close for them
    with pytest.raises(Refused, match="还没有人接单"):
        check_handler(request(), person(2), "进展")
    done = request(Status.DONE, claimer_id=2)
    check_rating(done, person(1))
    with pytest.raises(Refused, match="居民本人"):
        check_rating(done, person(2))
    with pytest.raises(Refused, match="还没有办结"):
        check_rating(taken, person(1))
    with pytest.raises(Refused, match="已经评价"):
        check_rating(request(Status.RATED), person(1))


def test_the_ladder_climbs_on_the_service_limit() -> None:
    service = Service(key="k", name="n", point_key="p", respond=timedelta(hours=2))
    r = request()
    schedule(r, service)
    assert r.next_due == T0 + timedelta(hours=2)
    assert due_level(r, T0 + timedelta(hours=1), service) == 0
    assert due_level(r, T0 + timedelta(hours=2), service) == 1
    r.level = 1
    schedule(r, service)
    assert r.next_due == T0 + timedelta(hours=4)
    # After a long outage only the top rung due is reached, never past the ladder.
    assert due_level(request(), T0 + timedelta(days=3), service) == 3
    r.level = 3
    schedule(r, service)
    assert r.next_due is None
    assert [rung_for(n) for n in (1, 2, 3)] == [Rung.LEADER, Rung.SECRETARY, Rung.STAFF]
    claimed = request(Status.CLAIMED)
    schedule(claimed, service)
    assert claimed.next_due is None


def test_tally_counts_items_and_person_times_in_their_month() -> None:
    end = T0 + timedelta(days=30)
    rows = [
        request(
            Status.RATED,
            done_at=T0 + timedelta(hours=3),
            persons=2,
            hours=1.5,
            rating=Rating.SATISFIED,
        ),
        request(Status.DONE, done_at=end + timedelta(days=1), persons=1, hours=1.0),  # next month
        request(Status.OPEN, service_key="parcel", service_name="代取快递"),
    ]
    by_service = {t.key: t for t in tally(rows, "service", {}, T0, end)}
    assert (by_service["utility"].accepted, by_service["utility"].done) == (2, 1)
    assert by_service["utility"].persons == 2 and by_service["utility"].hours == 1.5
    assert by_service["utility"].satisfied == 1 == by_service["utility"].rated
    assert by_service["parcel"].accepted == 1 and by_service["parcel"].done == 0
    [total] = tally(rows, "all", {}, T0, end)
    assert (total.accepted, total.done, total.persons) == (3, 1, 2)


def test_check_config_names_bad_helpdesk_fields(demo_config: CommunityConfig) -> None:
    raw = demo_config.model_dump(mode="json")
    raw["helpdesk"]["services"][1]["who"] = ["老人"]
    with pytest.raises(ValidationError) as caught:
        CommunityConfig.model_validate(raw)
    assert "helpdesk.services[1].who[0]" in format_errors(caught.value)
    raw = demo_config.model_dump(mode="json")
    raw["helpdesk"]["services"][0]["point"] = "nowhere"
    raw["helpdesk"]["services"][2]["synonyms"] = ["代缴水电费"]  # another service's word
    with pytest.raises(ValidationError) as caught:
        CommunityConfig.model_validate(raw)
    text = format_errors(caught.value)
    assert "没有 key 为 'nowhere' 的帮办代办点" in text
    assert "helpdesk.services[2].synonyms" in text and "代缴水电费" in text
    raw = demo_config.model_dump(mode="json")
    raw["helpdesk"]["points"][0]["estate"] = "nowhere"
    with pytest.raises(ValidationError, match=r"helpdesk\.points\[0\]\.estate"):
        CommunityConfig.model_validate(raw)
    with pytest.raises(ValidationError, match="只能写一个"):
        HelpdeskConfig.model_validate(
            {
                "points": [{"key": "p", "name": "点"}],
                "services": [
                    {
                        "key": "s",
                        "name": "代取快递",
                        "point": "p",
                        "turnaround_hours": 2,
                        "turnaround_days": 1,
                    }
                ],
            }
        )


def test_the_ladder_clock_stops_in_quiet_hours() -> None:
    tz = ZoneInfo("Asia/Shanghai")
    quiet = QuietHours(time(22, 0), time(7, 30))
    service = Service(key="k", name="n", point_key="p", respond=timedelta(hours=2))
    evening = datetime(2026, 11, 23, 21, 0, tzinfo=tz)
    r = request(confirmed_at=evening)
    schedule(r, service, quiet, tz)
    # One hour before 22:00, the other after 07:30: nobody is chased at night.
    assert r.next_due == datetime(2026, 11, 24, 8, 30, tzinfo=tz)
    assert due_level(r, datetime(2026, 11, 24, 7, 0, tzinfo=tz), service, quiet, tz) == 0
    assert due_level(r, datetime(2026, 11, 24, 8, 30, tzinfo=tz), service, quiet, tz) == 1
    assert service_elapsed(
        evening, datetime(2026, 11, 24, 9, 30, tzinfo=tz), quiet, tz
    ) == timedelta(hours=3)
    # Confirmed at night: the clock starts at 07:30.
    assert service_deadline(
        datetime(2026, 11, 24, 2, 0, tzinfo=tz), timedelta(hours=2), quiet, tz
    ) == datetime(2026, 11, 24, 9, 30, tzinfo=tz)
    # Without quiet hours it is the wall clock.
    assert service_deadline(evening, timedelta(hours=2), None, None) == evening + timedelta(hours=2)
