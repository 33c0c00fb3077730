"""A private message through an account that has the person as a contact (issue 15 §1), on
SQLite and PostgreSQL: when the account they last spoke to is missing or down, an online
account whose contact list (reported by its transport after login) holds them carries it."""

from __future__ import annotations

from pathlib import Path

from bot.config import CommunityConfig
from bot.domain.accounts import LinkState
from bot.ports import Classifier
from bot.services.mailer import Mailer
from bot.services.privacy import rights
from tests.conftest import Bot
from tests.integration.accounts_support import accounts_running

LUO = "wxid_luojing"  # on the roster, never spoke to any account


def _via(bot: Bot, wechat_id: str, key: str) -> str:
    """The account a private message from `bot`'s process to the person goes through."""
    with bot.linli.uow_factory() as uow:
        person = uow.people.by_wechat_id(wechat_id)
        assert person is not None
        mail = Mailer(uow, bot.linli.settings.account, bot.clock.now(), key, bot.linli.profile.sla)
        account = mail.send("您好", person=person).account
        uow.commit()
        return account


async def test_an_account_that_has_the_person_carries_the_message(
    db_url: str, tmp_path: Path, demo_config: CommunityConfig, classifier: Classifier
) -> None:
    async with accounts_running(db_url, tmp_path, demo_config, classifier, ["a", "b"]) as (a, b):
        assert _via(a, LUO, "t:1") == "a"  # nobody knows her: the caller's own, as before
        await b.linli.runtime.contacts_seen([LUO, "wxid_someone"])
        assert _via(a, LUO, "t:2") == "b"
        await a.linli.runtime.contacts_seen([LUO])
        assert _via(a, LUO, "t:3") == "a"  # both have her: the caller's own first
        assert _via(b, LUO, "t:4") == "b"
        # A new login replaces the list: a no longer has her.
        await a.linli.runtime.contacts_seen(["wxid_someone"])
        assert _via(a, LUO, "t:5") == "b"
        with a.linli.uow_factory() as uow:
            assert uow.contacts.having(LUO) == ["b"]
            assert uow.contacts.having("wxid_someone") == ["a", "b"]


async def test_when_the_last_account_is_down_a_contact_of_theirs_takes_it(
    db_url: str, tmp_path: Path, demo_config: CommunityConfig, classifier: Classifier
) -> None:
    async with accounts_running(db_url, tmp_path, demo_config, classifier, ["a", "b"]) as (a, b):
        await b.private("你好")  # 张阿姨 last spoke to b
        zhang = a.directory.person("张阿姨")
        assert _via(a, zhang, "t:1") == "b"
        await b.linli.runtime.transport_status(False, "微信已登出", LinkState.LOGGED_OUT)
        # Nobody online has her: the message waits for b, as before.
        assert _via(a, zhang, "t:2") == "b"
        await a.linli.runtime.contacts_seen([zhang])
        assert _via(a, zhang, "t:3") == "a"
        await a.linli.runtime.deliver_pending()
        assert [s.text for s in a.new() if s.to == "张阿姨"] == ["您好"]


async def test_a_contact_row_is_in_the_residents_export_and_goes_with_erasure(
    db_url: str, tmp_path: Path, demo_config: CommunityConfig, classifier: Classifier
) -> None:
    async with accounts_running(db_url, tmp_path, demo_config, classifier, ["a", "b"]) as (a, b):
        await b.linli.runtime.contacts_seen([LUO])
        with a.linli.uow_factory() as uow:
            document = rights.export(uow, LUO, a.clock.now(), "admin")
            assert [r["account"] for r in document.records["account_contacts"]] == ["b"]
            rights.erase(uow, LUO, a.clock.now(), "admin")
            uow.commit()
        with a.linli.uow_factory() as uow:
            assert uow.contacts.having(LUO) == []
