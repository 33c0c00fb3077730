"""积分 as a resident reads it (issue 11, C20): a balance never jumps by an amount no message
explained — through the whole bot on SQLite and PostgreSQL."""

from __future__ import annotations

from tests.conftest import Bot


async def test_the_first_award_names_the_base_points_it_brings(bot: Bot) -> None:
    [before] = await bot.private("我的积分", who="张阿姨")
    assert "0 分" in before.text
    sent = await bot.private("加分 @张阿姨 志愿服务 2小时", who="王敏")
    to_staff = next(s for s in sent if s.to == "王敏")
    to_her = next(s for s in sent if s.to == "张阿姨")
    for text in (to_staff.text, to_her.text):
        assert "+4 分" in text and "当前积分 14（含建档基础积分 10）" in text
    again = await bot.private("加分 @张阿姨 志愿服务 1小时", who="王敏")
    second = next(s for s in again if s.to == "王敏")
    assert "当前积分 16。" in second.text  # once only: nothing more to explain
