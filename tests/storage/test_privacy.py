"""Retention and a resident's rights, on SQLite and PostgreSQL, with the virtual clock."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot.cli import main
from bot.cli_privacy import safe_filename
from bot.domain.lifecycle import closed_unrated
from bot.services.privacy import retention, rights
from bot.services.privacy.retention import RetentionPolicy
from storage.erasure_repositories import ERASED_NAME
from storage.retention_repositories import ANONYMOUS_WECHAT_ID
from tests.conftest import DEMO_CONFIG, Bot

REPORT = "3号楼电梯坏了，困了一个人"


def _messages(bot: Bot) -> list[str]:
    with bot.linli.uow_factory() as uow:
        return [row["text"] for row in _table(uow, "messages")]


def _table(uow: object, name: str) -> list[dict[str, object]]:
    from sqlalchemy import select

    from storage import tables

    session = uow._session  # type: ignore[attr-defined]
    return [dict(r._mapping) for r in session.execute(select(tables.metadata.tables[name]))]


async def test_old_small_talk_goes_in_batches_and_what_became_a_case_stays(bot: Bot) -> None:
    for text in ("大家早上好", "今天天气不错", "收到，谢谢"):
        await bot.say(text)
    await bot.say(REPORT)
    policy = RetentionPolicy(batch=2)  # three old messages: two batches
    bot.clock.advance(timedelta(days=179))
    await bot.say("明天降温了")
    with bot.linli.uow_factory() as uow:
        assert retention.plan(uow, policy, bot.clock.now()).messages == 0
    bot.clock.advance(timedelta(days=2))
    with bot.linli.uow_factory() as uow:
        assert retention.plan(uow, policy, bot.clock.now()).messages == 3

    counts = retention.purge(bot.linli.uow_factory, policy, bot.clock.now())

    assert counts.messages == 3
    assert sorted(_messages(bot)) == sorted([REPORT, "明天降温了"])
    with bot.linli.uow_factory() as uow:
        audit = [e for e in uow.staff.audit_log() if e.action == "privacy.purge"]
        assert len(audit) == 1 and "群消息 3 条" in audit[0].detail
        assert retention.plan(uow, policy, bot.clock.now()).total == 0


async def test_a_closed_case_loses_its_reporter_after_three_years_but_keeps_its_figures(
    bot: Bot,
) -> None:
    await bot.say(REPORT)
    with bot.linli.uow_factory() as uow:
        case = uow.cases.get(1)
        assert case is not None
        reporter_id = case.reporter_id
        case.room = "301"
        closed_unrated(case, bot.clock.now())
        uow.commit()
    policy = RetentionPolicy()
    bot.clock.advance(timedelta(days=3 * 365))
    assert retention.purge(bot.linli.uow_factory, policy, bot.clock.now()).cases == 0
    bot.clock.advance(timedelta(days=2))

    assert retention.purge(bot.linli.uow_factory, policy, bot.clock.now()).cases == 1

    with bot.linli.uow_factory() as uow:
        case = uow.cases.get(1)
        assert case is not None
        assert case.category and case.building == "3" and case.closed_at is not None
        assert case.room is None and case.reporters == 1
        anonymous = uow.people.by_wechat_id(ANONYMOUS_WECHAT_ID)
        assert anonymous is not None and case.reporter_id == anonymous.id != reporter_id
        assert _table(uow, "case_reporters") == []
    assert REPORT not in _messages(bot)
    # Done once: a second purge finds nothing.
    assert retention.purge(bot.linli.uow_factory, policy, bot.clock.now()).total == 0


async def test_audit_entries_older_than_three_years_go(bot: Bot) -> None:
    from bot.domain.staff import AuditEntry

    with bot.linli.uow_factory() as uow:
        uow.staff.audit(AuditEntry(at=bot.clock.now(), actor="admin", action="login"))
        uow.commit()
    bot.clock.advance(timedelta(days=3 * 366))
    counts = retention.purge(bot.linli.uow_factory, RetentionPolicy(), bot.clock.now())
    assert counts.audit == 1
    with bot.linli.uow_factory() as uow:
        assert [e.action for e in uow.staff.audit_log()] == ["privacy.purge"]


async def test_the_daily_job_runs_once_a_day_after_its_hour(bot: Bot) -> None:
    await bot.say("大家早上好")
    policy = RetentionPolicy()
    [job] = retention.make_jobs(bot.linli.uow_factory, policy)
    # START is 09:00 Shanghai; 200 days later at 09:00 is past 03:30.
    bot.clock.advance(timedelta(days=200))
    assert job(bot.clock.now()) == 1
    await bot.say("又一条")
    bot.clock.advance(timedelta(days=181, hours=-7))  # 02:00 the next-but-one day
    assert job(bot.clock.now()) == 0  # before 03:30
    bot.clock.advance(timedelta(hours=2))
    assert job(bot.clock.now()) == 1
    assert job(bot.clock.now()) == 0  # once a day


async def test_export_holds_everything_about_the_resident_and_is_audited(bot: Bot) -> None:
    await bot.say("大家早上好", who="张阿姨")
    await bot.say(REPORT, who="张阿姨")
    await bot.say("我也看到了", who="李叔叔")
    wxid = bot.directory.person("张阿姨")
    with bot.linli.uow_factory() as uow:
        document = rights.export(uow, wxid, bot.clock.now(), "admin")
        uow.commit()
    text = rights.export_json(document)
    parsed = json.loads(text)
    content = parsed["内容"]
    assert [p["wechat_id"] for p in content["基本信息"]] == [wxid]
    said = [m["text"] for m in content["您在群里和私聊中发的消息"]]
    assert sorted(said) == sorted(["大家早上好", REPORT])
    assert [c["summary"] for c in content["您报的诉求"]]
    assert "我也看到了" not in text
    with bot.linli.uow_factory() as uow:
        assert [e.action for e in uow.staff.audit_log()] == ["privacy.export"]
        with pytest.raises(rights.UnknownResident):
            rights.export(uow, "wxid_nobody", bot.clock.now(), "admin")


async def test_erase_removes_words_and_identity_keeps_the_case_and_points_as_totals(
    bot: Bot,
) -> None:
    from bot.domain.points import LedgerEntry, RuleKind

    await bot.say("大家早上好", who="张阿姨")
    await bot.say(REPORT, who="张阿姨")
    await bot.say("今天天气不错", who="李叔叔")
    wxid = bot.directory.person("张阿姨")
    with bot.linli.uow_factory() as uow:
        person = uow.people.by_wechat_id(wxid)
        assert person is not None and person.id is not None
        person_id = person.id
        for points, rule in ((5, "报事"), (3, "报事"), (-2, "扣分")):
            uow.points.add(
                LedgerEntry(
                    person_id=person_id,
                    rule=rule,
                    kind=RuleKind.POSITIVE if points > 0 else RuleKind.NEGATIVE,
                    points=points,
                    reason=f"{wxid} 的记录",
                    at=bot.clock.now(),
                )
            )
        uow.commit()

    with bot.linli.uow_factory() as uow:
        erased = rights.erase(uow, wxid, bot.clock.now(), "admin")
        uow.commit()

    assert erased.counts["messages"] == 2 and erased.counts["points_ledger"] == 3
    assert _messages(bot) == ["今天天气不错"]
    with bot.linli.uow_factory() as uow:
        assert uow.people.by_wechat_id(wxid) is None
        person = uow.people.get(person_id)
        assert person is not None and person.display_name == ERASED_NAME
        assert person.real_name is None
        case = uow.cases.get(1)
        assert case is not None and case.reporter_id == person_id  # kept, without identity
        ledger = [r for r in _table(uow, "points_ledger") if r["person_id"] == person_id]
        assert sorted(int(str(r["points"])) for r in ledger) == [-2, 8]
        assert all(wxid not in str(r["reason"]) for r in ledger)
        audit = uow.staff.audit_log()
        assert [e.action for e in audit] == ["privacy.erase"]
        assert all(wxid not in (e.target + e.detail) for e in audit)
        with pytest.raises(rights.UnknownResident):
            rights.erase(uow, wxid, bot.clock.now(), "admin")


async def test_cli_purge_dry_run_changes_nothing_and_export_writes_a_file(
    bot: Bot, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The CLI reads the real clock; the bot's virtual START (2026-11-23) is in the past.
    await bot.say("大家早上好")
    before = _messages(bot)
    wxid = bot.directory.person("张阿姨")

    assert main(["privacy", "purge", "--dry-run", "--db", db_url]) == 0
    assert "未改动数据" in capsys.readouterr().out
    assert _messages(bot) == before

    out = tmp_path / "export.json"
    assert main(["privacy", "export", "--wxid", wxid, "--db", db_url, "--out", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["微信号"] == wxid
    assert main(["privacy", "export", "--wxid", "wxid_nobody", "--db", db_url]) == 2
    assert "没有找到" in capsys.readouterr().err

    assert main(["privacy", "erase", "--wxid", wxid, "--db", db_url, "--yes"]) == 0
    assert _messages(bot) == []


async def test_cli_export_is_excel_by_default_with_names_not_ids(
    bot: Bot,
    db_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    await bot.say(REPORT, who="张阿姨")
    await bot.say("=1+1 是多少", who="张阿姨")
    wxid = bot.directory.person("张阿姨")
    monkeypatch.chdir(tmp_path)

    config = ["--db", db_url, "--config", str(DEMO_CONFIG)]
    assert main(["privacy", "export", "--wxid", wxid, *config]) == 0

    out = tmp_path / f"个人信息-{safe_filename(wxid)}.xlsx"
    assert str(out.name) in capsys.readouterr().out
    book = load_workbook(out)
    assert book.sheetnames[:2] == ["说明", "身份信息"] and "消息" in book.sheetnames
    assert "诉求" in book.sheetnames
    header, *rows = ([c.value for c in row] for row in book["消息"].iter_rows())
    said = {row[header.index("内容")]: row for row in rows}
    assert set(said) == {REPORT, "'=1+1 是多少"}
    assert said[REPORT][header.index("群")] == "兰亭3号楼邻里群"
    assert said[REPORT][header.index("诉求编号")] == "E0001"
    header, case = ([c.value for c in row] for row in book["诉求"].iter_rows())
    assert case[header.index("诉求编号")] == "E0001" and case[header.index("报事人")] == "您"
    with bot.linli.uow_factory() as uow:
        assert [e.action for e in uow.staff.audit_log()] == ["privacy.export"]

    # The suffix picks the format; anything else is refused before anything is read.
    bad = tmp_path / "export.pdf"
    assert main(["privacy", "export", "--wxid", wxid, *config, "--out", str(bad)]) == 2
    assert ".xlsx 或 .json" in capsys.readouterr().err and not bad.exists()
    with bot.linli.uow_factory() as uow:
        assert len(uow.staff.audit_log()) == 1


async def test_a_resident_known_only_by_name_gets_a_file_saying_so(
    bot: Bot, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The roster may name someone who never said a word: the export says nothing else is
    stored, and someone never seen at all gets a plain answer."""
    from bot.domain.community import Person

    with bot.linli.uow_factory() as uow:
        uow.people.add(Person("wxid_quiet", "王大爷", first_seen=bot.clock.now()))
        uow.commit()
    out = tmp_path / "quiet.xlsx"

    assert (
        main(["privacy", "export", "--wxid", "wxid_quiet", "--db", db_url, "--out", str(out)]) == 0
    )

    book = load_workbook(out)
    assert book.sheetnames == ["说明", "身份信息"]
    guide = [c.value for row in book["说明"].iter_rows() for c in row]
    assert "除身份信息外，没有保存与您有关的其他记录。" in guide and "王大爷" in guide
    capsys.readouterr()
    assert main(["privacy", "export", "--wxid", "wxid_never", "--db", db_url]) == 2
    assert "没有找到微信号 wxid_never 的记录" in capsys.readouterr().err


async def test_names_of_what_the_rows_point_at(bot: Bot) -> None:
    await bot.say(REPORT)
    with bot.linli.uow_factory() as uow:
        estates = {e.id: e.name for e in uow.estates.all() if e.id is not None}
        buildings = {b.id: b.name for b in uow.estates.buildings() if b.id is not None}
        assert uow.personal_data.names("estates", set(estates)) == estates
        assert uow.personal_data.names("buildings", set(buildings)) == buildings
        group_id = _table(uow, "messages")[0]["group_id"]
        assert isinstance(group_id, int)
        assert uow.personal_data.names("groups", {group_id}) == {group_id: "兰亭3号楼邻里群"}
        assert uow.personal_data.names("groups", set()) == {}
        building = next(b for b in uow.estates.buildings() if b.id is not None)
        assert building.id is not None
        home = uow.households.upsert(building.estate_id, building.id, "502", None, bot.clock.now())
        assert uow.personal_data.names("households", {home}) == {home: f"{building.name}502"}
        with pytest.raises(ValueError):
            uow.personal_data.names("people", {1})
