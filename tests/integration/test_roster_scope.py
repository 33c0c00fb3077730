"""Roster import stays inside the estate line (issue 12, item 1), on SQLite and PostgreSQL.

A 支部书记's file may only create or change people of their own 小区; a row that matches
someone of another 小区 (by 微信号 or by name) is refused on its own and changes nothing.
The config file owns the people it lists; the roster owns the rest, and a restart keeps both.
"""

from __future__ import annotations

import io
from pathlib import Path

from aiohttp import FormData
from aiohttp.test_utils import TestClient, TestServer

from bot.config import CommunityConfig
from bot.console.app import create_app
from bot.domain.community import Person, Role
from bot.ports import Classifier
from tests.conftest import Bot, running_bot
from tests.integration.test_console_areas import csrf, login

HEADER = "姓名,小区,楼栋,身份,党员类别,微信群昵称,微信号"


async def upload(bot: Bot, username: str, *lines: str) -> str:
    """Log in as `username`, import the CSV made of `lines`, return the result page."""
    async with TestClient(TestServer(create_app(bot.linli))) as client:
        await login(client, username)
        form = FormData()
        form.add_field("csrf_token", await csrf(client, "/roster"))
        data = "\n".join((HEADER, *lines)).encode()
        form.add_field("file", io.BytesIO(data), filename="名册.csv")
        response = await client.post("/roster/import", data=form)
        assert response.status == 200
        return await response.text()


def person(bot: Bot, wechat_id: str) -> tuple[Person, str, str]:
    """The person, their 小区 name and 楼栋 name as the database has them."""
    with bot.linli.uow_factory() as uow:
        found = uow.people.by_wechat_id(wechat_id)
        assert found is not None
        estate = uow.estates.get(found.estate_id) if found.estate_id else None
        building = uow.estates.building(found.building_id) if found.building_id else None
        return found, estate.name if estate else "", building.name if building else ""


async def test_a_secretary_cannot_move_or_demote_another_estates_people(bot: Bot) -> None:
    # 王敏 (社区工作人员) puts a 锦绣 楼栋党小组长 on the roster who is not in the config.
    page = await upload(bot, "admin", "周红,锦绣家园,1号楼,楼栋党小组长,在职,周红,wxid_jx_zhouhong")
    assert "新增 1 人" in page
    before = person(bot, "wxid_jx_zhouhong")
    assert before[0].role is Role.LEADER and before[1:] == ("锦绣家园", "1号楼")

    # 刘建华, 兰亭's 支部书记, tries to take her, and the config's 锦绣 leader 马永红, by
    # 微信号 and by name; one row of his own 小区 is fine.
    page = await upload(
        bot,
        "liujianhua",
        "周红,兰亭小区,3号楼,党员,在职,,wxid_jx_zhouhong",
        "马永红,兰亭小区,,居民,,,",
        "马永红,兰亭小区,3号楼,党员,离退休,老马,wxid_mayonghong",
        "周红,兰亭小区,3号楼,居民,,周红,",
        "孙桂英,兰亭小区,3号楼,楼长,,孙桂英,wxid_lt_sunguiying",
        "马永红,兰亭小区,3号楼,居民,,,wxid_lt_mayonghong",  # a namesake with their own 微信号
    )
    assert "已更新 0 人，新增 2 人" in page and "4 行有错误，没有导入" in page
    for row in ("第 2 行", "第 3 行", "第 4 行", "第 5 行"):
        assert row in page
    assert page.count("是其他小区的人") == 4
    assert "登记在配置文件里" not in page  # says nothing about another 小区's people

    after = person(bot, "wxid_jx_zhouhong")
    assert after[0].role is Role.LEADER and after[1:] == ("锦绣家园", "1号楼")
    assert after[0].category == "在职" and after[0].real_name == "周红"
    ma = person(bot, "wxid_mayonghong")
    assert ma[0].role is Role.LEADER and ma[1:] == ("锦绣家园", "1号楼")
    assert ma[0].display_name == "马永红" and ma[0].category == "离退休"
    namesake = person(bot, "wxid_lt_mayonghong")
    assert namesake[0].role is Role.RESIDENT and namesake[1] == "兰亭小区"
    sun = person(bot, "wxid_lt_sunguiying")
    assert sun[1:] == ("兰亭小区", "3号楼") and sun[0].extra.get("身份") == "楼长"

    # The admin (community-wide) may move someone by 微信号; the result says so.
    page = await upload(bot, "admin", "周红,兰亭小区,3号楼,党员,在职,周红,wxid_jx_zhouhong")
    assert "换了小区：周红（锦绣家园 → 兰亭小区）" in page
    moved = person(bot, "wxid_jx_zhouhong")
    assert moved[0].role is Role.MEMBER and moved[1:] == ("兰亭小区", "3号楼")


async def test_the_config_owns_its_people_and_a_restart_keeps_the_import(
    db_url: str, tmp_path: Path, demo_config: CommunityConfig, classifier: Classifier
) -> None:
    async with running_bot(db_url, tmp_path, demo_config, classifier) as bot:
        page = await upload(
            bot,
            "admin",
            "陈秀英,兰亭小区,3号楼,党员,在职,,wxid_chenxiuying",  # a config 楼栋党小组长
            "王敏,兰亭小区,3号楼,居民,,,wxid_wangmin",  # a config staff account
            "孙桂英,兰亭小区,3号楼,楼栋党小组长,离退休,孙桂英,wxid_lt_sunguiying",
        )
        assert "已更新 0 人，新增 1 人" in page
        assert page.count("登记在配置文件里") == 2
        chen = person(bot, "wxid_chenxiuying")[0]
        assert chen.role is Role.LEADER
        assert person(bot, "wxid_wangmin")[0].role is Role.STAFF
    # A restart applies the config again: its people are as it says, the roster's as imported.
    async with running_bot(db_url, tmp_path, demo_config, classifier) as bot:
        assert person(bot, "wxid_chenxiuying")[0].role is Role.LEADER
        sun, estate, building = person(bot, "wxid_lt_sunguiying")
        assert sun.role is Role.LEADER and sun.category == "离退休"
        assert (estate, building) == ("兰亭小区", "3号楼")
