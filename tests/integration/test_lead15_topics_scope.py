"""Another 小区's topic is as missing as one that never was (harden15b left it: 「议题 Y0001」 from
锦绣's secretary showed 兰亭's title and history, and 「推进 Y0001」 named its organiser)."""

from __future__ import annotations

from tests.conftest import Bot

TOPIC = "议题 小区南门外停车难\n说明：南门外道路晚上停满车，消防通道被占"


def texts(sent: list) -> str:
    return "\n".join(s.text for s in sent)


async def test_another_estates_secretary_learns_nothing_of_a_topic(sqlite_bot: Bot) -> None:
    bot = sqlite_bot
    await bot.private(TOPIC, who="刘建华")  # 兰亭
    for command in ("议题 {}", "进度 {}", "推进 {} 开完了"):
        answer = texts(await bot.private(command.format("Y0001"), who="黄桂兰"))  # 锦绣
        missing = texts(await bot.private(command.format("Y0099"), who="黄桂兰"))
        assert answer == missing.replace("Y0099", "Y0001"), (command, answer, missing)
        assert "南门外停车难" not in answer and "刘建华" not in answer
    # 兰亭's own secretary still sees and moves it.
    assert "南门外停车难" in texts(await bot.private("议题 Y0001", who="刘建华"))
    with bot.linli.uow_factory() as uow:
        topic = uow.topics.get(1)
        assert topic is not None and topic.stage.name == "PROPOSED"
