"""帮办 vs 微心愿 vs case, through the whole bot on SQLite and PostgreSQL (convo3 D15 D47 D52):
buying medicine said in many words is 代购药品; the same service asked again is one record;
a hand at home for an elderly man who cannot do it is a 微心愿, not a public case."""

from __future__ import annotations

from tests.conftest import Bot


def told(sent: list) -> dict[str, str]:
    return {s.group or f"private:{s.to}": s.text for s in sent}


def counts(bot: Bot) -> tuple[int, int, int]:
    with bot.linli.uow_factory() as uow:
        cases = len(list(uow.cases.find()))
        wishes = sum(1 for i in range(1, 5) if uow.wishes.get(i) is not None)
        helps = sum(1 for i in range(1, 5) if uow.helpdesk.get(i) is not None)
    return cases, wishes, helps


async def test_buying_medicine_in_many_words_is_the_medicine_service(bot: Bot) -> None:
    # 张阿姨 is 高龄、独居 on the roster.
    text = "帮办 降压药吃完了 想请人帮我去药店买两盒 苯磺酸氨氯地平"
    sent = told(await bot.say(text, who="张阿姨"))
    assert "可以帮您办" in sent["兰亭3号楼邻里群"]
    assert "代购药品" in sent["private:张阿姨"] and "H0001" in sent["private:张阿姨"]


async def test_the_same_service_asked_twice_is_one_request(bot: Bot) -> None:
    await bot.say("我想请人帮我交一下这个月的燃气费 老了不会用手机交", who="张阿姨")
    sent = told(await bot.say("代办 交燃气费", who="张阿姨"))
    assert "已经申请过" in sent["private:张阿姨"] and "H0001" in sent["private:张阿姨"]
    assert counts(bot) == (0, 0, 1)


async def test_a_hand_at_home_with_a_difficulty_is_a_wish(bot: Bot) -> None:
    text = "想请人帮忙把我家厨房漏水的水龙头换一个 我眼睛不好 弄不了"
    sent = told(await bot.say(text, who="李叔"))
    assert "W0001" in sent["兰亭3号楼邻里群"] and "E0001" not in sent["兰亭3号楼邻里群"]
    assert "水龙头" not in sent["兰亭3号楼邻里群"]  # private until he agrees
    assert counts(bot) == (0, 1, 0)


async def test_a_shared_fault_asked_for_in_the_same_words_stays_a_case(bot: Bot) -> None:
    sent = await bot.say("楼道的灯坏了 想请人帮忙换一个 我眼睛不好 晚上看不见", who="李叔")
    assert any("E0001" in s.text for s in sent)
    assert counts(bot) == (1, 0, 0)


# ---- convo4 F81: 退回 is never relayed as progress ---------------------------------------------


async def test_a_volunteers_hand_back_returns_the_order_to_the_team(bot: Bot) -> None:
    await bot.say("代办 代缴水电费", who="张阿姨")
    await bot.private("地址 3号楼2单元502 明天上午", who="张阿姨")
    await bot.say("接单 H0001", who="孙志明")
    sent = told(await bot.private("H0001 这个我弄不了 要本人去营业厅 退回吧", who="孙志明"))
    assert "已退回" in sent["private:孙志明"]
    assert "另找队员" in sent["private:张阿姨"] and "有进展" not in sent["private:张阿姨"]
    with bot.linli.uow_factory() as uow:
        request = uow.helpdesk.get(1)
        assert request is not None and request.claimer_id is None
        assert request.status.value == "open"
    # Another volunteer can take it now.
    taken = told(await bot.private("接单 H0001", who="吴师傅"))
    assert "您已接单 H0001" in taken["private:吴师傅"]


async def test_a_volunteers_delay_is_still_news(bot: Bot) -> None:
    await bot.say("代办 代缴水电费", who="张阿姨")
    await bot.private("地址 3号楼2单元502 明天上午", who="张阿姨")
    await bot.say("接单 H0001", who="孙志明")
    sent = told(await bot.private("H0001 今天去不了 明天上午去", who="孙志明"))
    assert "有进展" in sent["private:张阿姨"]


# ---- convo4 F66 F35: the day and the qualifier of the time reach the volunteer --------------


async def test_the_time_after_the_door_reaches_the_volunteer_whole(bot: Bot) -> None:
    await bot.say("代办 代缴水电费", who="张阿姨")
    sent = told(await bot.private("地址 3号楼2单元502 下周二下午三点以后在家", who="张阿姨"))
    assert "时间：下周二下午三点以后在家" in sent["private:孙志明"]
    assert "地址：3号楼2单元502\n" in sent["private:张阿姨"]
