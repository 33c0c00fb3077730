"""What probe8 sent that cost words or gave a 500: lone surrogates, a runaway length, a NUL in
a many-row insert, a phone number hidden by zero-width characters. Storage cases run on SQLite
and PostgreSQL (the `bot` fixture)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import text

from bot.config import ApiTokenConfig, CommunityConfig, ConsoleConfig
from bot.console.app import create_app
from bot.domain.inbound_text import MAX_TEXT, readable
from bot.ports import Classifier
from tests.conftest import Bot, running_bot

TOKEN = "probe8-token-0123456789abcdef"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def stored_texts(bot: Bot) -> list[str]:
    with bot.linli.engine.connect() as conn:
        return [row[0] for row in conn.execute(text("SELECT text FROM messages ORDER BY id"))]


def test_lone_surrogates_become_the_replacement_and_pairs_are_joined() -> None:
    assert readable("坏\ud800了") == "坏\ufffd了"
    assert readable("\udfff") == "\ufffd"
    assert readable("笑\ud83d\ude00") == "笑😀"  # a pair split in two code points
    kept = "3号楼电梯坏了👨\u200d👩\u200d👧 e\u0301 \x00"
    assert readable(kept) is kept


async def test_a_lone_surrogate_in_a_report_is_kept_and_accepted(bot: Bot) -> None:
    replies = await bot.say("3号楼电梯坏了\ud800，电话138\udfff", who="李大爷\ud800")
    assert any("已受理" in r.text for r in replies), [r.text for r in replies]
    assert stored_texts(bot) == ["3号楼电梯坏了\ufffd，电话138\ufffd"]


async def test_a_runaway_message_is_kept_to_its_first_ten_thousand_characters(bot: Bot) -> None:
    replies = await bot.say("3号楼电梯坏了" + "啊" * 200_000)
    assert any("已受理" in r.text for r in replies)
    [kept] = stored_texts(bot)
    assert kept.startswith("3号楼电梯坏了啊") and kept.endswith("（以下 190007 字过长未保存）")
    assert len(kept) < MAX_TEXT + 30
    await bot.say("4号楼楼道灯不亮了" + "。" * (MAX_TEXT - 9), who="李大爷")  # exactly at it
    assert stored_texts(bot)[1].endswith("。。") and len(stored_texts(bot)[1]) == MAX_TEXT


@pytest.fixture
async def api(
    db_url: str, tmp_path: Path, demo_config: CommunityConfig, classifier: Classifier
) -> AsyncIterator[tuple[Bot, TestClient]]:
    config = demo_config.model_copy(
        update={"console": ConsoleConfig(api_tokens=[ApiTokenConfig(name="台账", token=TOKEN)])}
    )
    async with (
        running_bot(db_url, tmp_path, config, classifier) as bot,
        TestClient(TestServer(create_app(bot.linli))) as client,
    ):
        yield bot, client


ODD = "已联系\ud800维保\x00"


async def test_the_api_stores_lone_surrogates_and_nul_instead_of_a_500(
    api: tuple[Bot, TestClient],
) -> None:
    bot, client = api
    await bot.say("3号楼电梯坏了")
    response = await client.post("/api/v1/cases/E0001/progress", json={"text": ODD}, headers=AUTH)
    assert response.status == 200, await response.text()
    response = await client.post(
        "/api/v1/activities",
        json={
            "title": "反诈\ud800讲座",
            "starts_at": "2026-12-10T14:00",
            "ends_at": "2026-12-10T15:30",
            "venue": "dangqun",
        },
        headers=AUTH,
    )
    assert response.status == 201, await response.text()
    case = await (await client.get("/api/v1/cases/E0001", headers=AUTH)).json()
    assert "已联系\ufffd维保\ufffd" in str(case)


async def test_a_broadcast_to_many_groups_with_odd_text_is_queued_not_a_500(
    api: tuple[Bot, TestClient],
) -> None:
    """Five outbox rows go in one multi-row INSERT: each value is cleaned there too."""
    bot, client = api
    response = await client.post(
        "/api/v1/broadcasts",
        json={"targets": ["兰亭小区"], "text": "明天\x00停水\ud800", "confirm": True},
        headers=AUTH,
    )
    assert response.status == 201, await response.text()
    await bot.linli.runtime.deliver_pending()
    texts = [s.text for s in bot.new()]
    assert len(texts) == 5 and all("明天\ufffd停水\ufffd" in t for t in texts), texts


# ---- invisible characters inside words ---------------------------------------------------


def test_invisible_characters_inside_words_are_dropped_and_emoji_joiners_kept() -> None:
    from bot.domain.inbound_text import visible

    assert visible("煤\u200b气泄漏了") == "煤气泄漏了"
    assert visible("3号楼电\u00ad梯坏\u2060了\ufeff") == "3号楼电梯坏了"
    assert visible("电\u200d梯\u200c坏了") == "电梯坏了"
    family = "全家👨\u200d👩\u200d👧都在，🏳️\u200d🌈"
    assert visible(family) == family


async def test_a_gas_leak_split_by_a_zero_width_space_is_still_an_emergency(bot: Bot) -> None:
    replies = await bot.say("3号楼煤\u200b气泄\u00ad漏了", who="李大爷")
    assert any("已受理" in r.text for r in replies), [r.text for r in replies]
    with bot.linli.uow_factory() as uow:
        case = uow.cases.get(1)
        assert case is not None and case.urgent and case.category == "fire_safety"
    assert stored_texts(bot) == ["3号楼煤气泄漏了"]
    [status] = await bot.private("进\u200b度 E0001", who="李大爷")  # a command, not small talk
    assert "E0001" in status.text and "煤气泄漏" in status.text, status.text


# ---- names and ids longer than their columns (PostgreSQL refused the message) ------------


async def test_overlong_names_and_ids_are_fitted_and_the_report_kept(bot: Bot) -> None:
    room = bot.directory.room("兰亭3号楼邻里群")
    long_id = "wxid_" + "w" * 300
    for n in range(2):  # the same over-long id twice is the same person
        await bot.transport.say(
            sender_id=long_id,
            sender_name="名" * 300,
            text=["3号楼电梯坏了", "我的诉求进度"][n],
            topic="兰亭3号楼邻里群",
            room_id=room,
            message_id="m" * 300 + str(n),
        )
    await bot.transport.say(
        sender_id="wxid_t", sender_name="t", text="你好", topic="群" * 300, room_id="r" * 300
    )
    await bot.linli.runtime.room_seen("q" * 300, "新群" * 150)
    await bot.linli.runtime.deliver_pending()
    sent = bot.new()
    assert any("已受理" in s.text for s in sent) and any("E0001" in s.text for s in sent[1:])
    with bot.linli.engine.connect() as conn:
        people = conn.execute(
            text("SELECT wechat_id, display_name FROM people WHERE wechat_id LIKE 'wxid_www%'")
        ).all()
        topics = conn.execute(text("SELECT topic FROM groups WHERE topic LIKE '群群%'")).all()
    [(wechat_id, name)] = people
    assert len(wechat_id) == 128 and wechat_id.startswith("wxid_www") and name == "名" * 100
    assert [len(t[0]) for t in topics] == [200]
    assert stored_texts(bot) == ["3号楼电梯坏了", "我的诉求进度", "你好"]
