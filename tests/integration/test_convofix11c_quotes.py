"""convofix11c: a private reply quoting the bot's message as WeChat cut it short ("【派单】刘建华")
stands for the whole message the bot sent that person, so the member's plan is news on the case
it names; a cut quote matching nothing the bot said to him stays as it was."""

from __future__ import annotations

from tests.conftest import Bot
from tests.integration.cases_support import advance, load, quote, texts

GROUP = "兰亭3号楼邻里群"


async def _dispatched(bot: Bot) -> None:
    await bot.say("3号楼楼道的灯不亮了，晚上很黑", who="张阿姨")
    await advance(bot, minutes=2)
    sent = await bot.say("E0001 派给孙志明", who="刘建华", group=None)
    assert any(t.startswith("【派单】刘建华 把诉求 E0001") for t in texts(sent))


async def test_a_plan_quoting_the_cut_paidan_privately_is_news_on_that_case(bot: Bot) -> None:
    await _dispatched(bot)
    sent = await quote(bot, "好的 明天上午过去看看", "【派单】刘建华", who="孙志明", group=None)
    assert any(s.group == GROUP and s.text.endswith("有新进展：明天上午过去看看") for s in sent)
    _case, events = load(bot)
    assert any("明天上午过去看看" in (e.text) for e in events)


async def test_ok_quoting_the_cut_paidan_privately_is_news_not_the_help_text(bot: Bot) -> None:
    await _dispatched(bot)
    sent = await quote(bot, "收到，下午去", "【派单】刘建华 把诉求", who="孙志明", group=None)
    assert not any(t.startswith("您好！常用") for t in texts(sent))
    assert any(s.group == GROUP and s.text.endswith("有新进展：下午去") for s in sent)


async def test_a_cut_quote_of_nothing_sent_to_him_stays_as_it_was(bot: Bot) -> None:
    await _dispatched(bot)
    # 赵老师 was sent no 派单: his quote names no case, his plan is no news on E0001.
    sent = await quote(bot, "好的 下午过去看看", "【派单】刘建华", who="赵老师", group=None)
    assert not any(s.group == GROUP and "有新进展" in s.text for s in sent)
