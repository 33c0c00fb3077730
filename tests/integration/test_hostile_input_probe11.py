"""What probe11 found: a resident of another 小区 taking a seat at an activity her 小区 was
not invited to (privately, or in her own 小区's group). Through the whole bot, both backends."""

from __future__ import annotations

from tests.conftest import Bot
from tests.integration.test_activities_chat import plan  # 对象：兰亭小区, 2 seats, 1 waiting


async def test_a_resident_of_another_estate_cannot_take_a_seat(bot: Bot) -> None:
    await plan(bot)
    # 钱阿姨 is a 锦绣家园 owner: neither privately nor in 锦绣's groups may she sign up.
    for said, group in (
        ("报名 1", None),
        ("报名 1", "锦绣1栋楼栋群"),
        ("报名 1", "锦绣家园业主群"),
        ("我要报名免费测血压", None),
    ):
        answers = await bot.say(said, who="钱阿姨", group=group)
        assert answers, (said, group)
        assert "报名成功" not in answers[0].text and "候补" not in answers[0].text, answers[0].text
        assert "兰亭小区" in answers[0].text or "没有找到" in answers[0].text, answers[0].text
    # Both seats are still there for 兰亭's residents.
    [first] = await bot.say("报名 1", who="张阿姨")
    [second] = await bot.private("报名 1", who="王奶奶")
    assert first.text.startswith("报名成功") and second.text.startswith("报名成功")
    [mine] = await bot.private("我的报名", who="钱阿姨")
    assert "免费测血压" not in mine.text


async def test_a_bare_ballot_word_is_never_a_detail_for_her_helpdesk_request(bot: Bot) -> None:
    """张阿姨 has a 帮办 just confirmed and a secret vote open for her flat: her private
    "反对" is about the vote. It used to be kept on the 帮办 and relayed to its volunteer (her
    secret choice told to a neighbour, and no ballot)."""
    await bot.say("代办 代缴水电费", who="张阿姨")
    await bot.private("地址 3号楼2单元502 明天上午", who="张阿姨")
    await bot.private("接单 H0001", who="孙志明")
    created = await bot.private(
        "新投票\n标题：3号楼加装电梯\n范围：3号楼\n截止：2026-12-10 20:00\n规则：278\n记名：否",
        who="刘建华",
    )
    assert any("V0001" in s.text for s in created)
    for said in ("反对", "我同意", "弃权"):
        answers = await bot.private(said, who="张阿姨")
        assert [a.to for a in answers] == ["张阿姨"], [a.text for a in answers]
        assert "V0001" in answers[0].text and "H0001" not in answers[0].text, answers[0].text
    # Nothing of it reached the volunteer, nor the request's record.
    with bot.linli.uow_factory() as uow:
        request = next(iter(uow.helpdesk.of_person(bot_person(bot, "张阿姨"))))
        notes = [e.text for e in uow.helpdesk.events(request.id or 0)]
    assert not any(w in " ".join(notes) for w in ("反对", "同意", "弃权")), notes
    # A real detail for the 帮办 is still kept and passed on.
    answers = await bot.private("户号是1234567 交两百", who="张阿姨")
    assert any(a.to == "张阿姨" and "H0001" in a.text for a in answers)
    assert any(a.to == "孙志明" and "户号是1234567" in a.text for a in answers)


def bot_person(bot: Bot, name: str) -> int:
    with bot.linli.uow_factory() as uow:
        person = uow.people.by_wechat_id(bot.directory.person(name))
        assert person is not None and person.id is not None
        return person.id
