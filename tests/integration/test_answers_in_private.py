"""Answers in people's words and private chat as a first-class channel (convo3 D10 D41 D44 D23
D11 D12 D48 D50 D33), through the whole bot on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

from bot.domain.cases import CaseStatus, Rating
from bot.domain.wishes import WishStatus
from tests.conftest import Bot
from tests.integration.cases_support import load

REPORT = "3号楼2单元楼道的灯坏了好几天了，晚上黑咕隆咚的"


def cases(bot: Bot) -> int:
    with bot.linli.uow_factory() as uow:
        return len(list(uow.cases.find()))


def told(sent: list) -> dict[str, str]:
    return {s.group or f"private:{s.to}": s.text for s in sent}


async def resolved_case(bot: Bot) -> None:
    await bot.say(REPORT, who="张阿姨")
    await bot.say("认领 E0001", who="孙志明")
    await bot.say("办结 E0001 灯泡换好了", who="孙志明")
    bot.clock.advance(timedelta(minutes=10))


# ---- D10 D41 D44: the rating with words around it ------------------------------------------


async def test_praise_after_a_short_observation_is_the_rating(bot: Bot) -> None:
    await resolved_case(bot)
    [thanks] = await bot.say("看到了 装得挺好 小孙辛苦了 给你点个赞👍", who="张阿姨")
    assert "谢谢您的评价（满意）" in thanks.text
    assert load(bot)[0].rating is Rating.SATISFIED


async def test_a_middling_word_is_basic(bot: Bot) -> None:
    await resolved_case(bot)
    [thanks] = await bot.say("中规中矩", who="张阿姨")
    assert "基本满意" in thanks.text


async def test_a_bad_review_with_its_reason_reopens_and_the_reason_reaches_him(bot: Bot) -> None:
    await resolved_case(bot)
    sent = told(await bot.say("差评 根本没人来收 就是敷衍", who="张阿姨"))
    assert "已重新打开" in sent["兰亭3号楼邻里群"]
    assert "根本没人来收" in sent["private:孙志明"]
    assert load(bot)[0].status is not CaseStatus.RESOLVED


async def test_praise_from_someone_with_nothing_to_rate_stays_chat(bot: Bot) -> None:
    await resolved_case(bot)
    assert await bot.say("亮了 满意", who="李叔") == []
    assert await bot.say("今天天气挺好", who="张阿姨") == []
    assert load(bot)[0].status is CaseStatus.RESOLVED


# ---- D23: a 帮办 rating in words -------------------------------------------------------------


async def _helped(bot: Bot) -> None:
    await bot.say("代办 代缴水电费", who="张阿姨")
    await bot.private("地址 3号楼2单元502 明天上午", who="张阿姨")
    await bot.say("接单 H0001", who="孙志明")
    await bot.private("办结 H0001 水电费都交好了", who="孙志明")


async def test_a_helpdesk_rating_in_words(bot: Bot) -> None:
    await _helped(bot)
    sent = told(await bot.private("收到了 小孙这孩子真好 满意", who="张阿姨"))
    assert "谢谢您的评价（满意）" in sent["private:张阿姨"] and "H0001" in sent["private:张阿姨"]
    assert "满意" in sent["private:孙志明"]


async def test_a_helpdesk_rating_with_its_code_and_thanks(bot: Bot) -> None:
    await _helped(bot)
    sent = told(await bot.private("H0001 满意 谢谢小孙", who="张阿姨"))
    assert "谢谢您的评价（满意）" in sent["private:张阿姨"]


# ---- D48: a 帮办 code with a question ---------------------------------------------------------


async def test_a_helpdesk_code_with_a_question_shows_it(bot: Bot) -> None:
    await bot.say("代办 代缴水电费", who="张阿姨")
    await bot.private("地址 3号楼2单元502 明天上午", who="张阿姨")
    [status] = await bot.private("H0001什么时候有人来", who="张阿姨")
    assert status.text.startswith("帮办 H0001")


# ---- D11 D12: the wish's consent and fulfilment in words --------------------------------------


async def test_consent_by_yielding_and_fulfilment_after_the_code(bot: Bot) -> None:
    await bot.say("心愿 想请人帮我把阳台上的花搬下楼 腿脚不好", who="张阿姨")
    sent = told(await bot.private("公开就公开吧 没啥不好意思的", who="张阿姨"))
    assert "W0001" in sent["兰亭3号楼邻里群"] and "已在群里公开" in sent["private:张阿姨"]
    await bot.say("认领 W0001", who="孙志明")
    done = told(
        await bot.private("小孙刚来帮我搬完了 好孩子 W0001已经实现了 谢谢谢谢🌹", who="张阿姨")
    )
    assert "已实现" in done["private:张阿姨"] and "积分" in done["private:孙志明"]
    with bot.linli.uow_factory() as uow:
        wish = uow.wishes.get(1)
        assert wish is not None and wish.status is WishStatus.FULFILLED


async def test_a_question_about_fulfilment_fulfils_nothing(bot: Bot) -> None:
    await bot.say("心愿 想请人帮我把阳台上的花搬下楼 腿脚不好", who="张阿姨")
    await bot.say("认领 W0001", who="孙志明")
    await bot.private("W0001还没实现 小孙说周末来", who="张阿姨")
    with bot.linli.uow_factory() as uow:
        wish = uow.wishes.get(1)
        assert wish is not None and wish.status is not WishStatus.FULFILLED


# ---- D50 D33: private chat from someone the bot cannot place ----------------------------------


async def test_a_private_report_naming_the_estate_is_taken(bot: Bot) -> None:
    text = "你好 我住兰亭3号楼2单元 我们单元门口的路灯坏了好久了 不好意思在群里说"
    sent = told(await bot.private(text, who="小邱"))
    assert "编号 E0001" in sent["private:小邱"] and "群里" not in sent["private:小邱"]
    case = load(bot)[0]
    assert (case.building, case.unit) == ("3", "2")


async def test_without_a_place_the_bot_asks_and_the_answer_registers_it(bot: Bot) -> None:
    [asked] = await bot.private("心愿 想找人帮我把家里的旧电视搬下楼 我腰不好", who="老冯")
    assert "您住哪个小区" in asked.text and "收到" not in asked.text
    assert "请在您所在的楼栋群" not in asked.text
    sent = told(await bot.private("兰亭1号楼", who="老冯"))
    assert "W0001" in sent["private:老冯"] and "不在群里公开" in sent["private:老冯"]
    with bot.linli.uow_factory() as uow:
        wish = uow.wishes.get(1)
        person = uow.people.get(wish.requester_id) if wish else None
        assert wish is not None and "旧电视" in wish.text
        assert person is not None and person.estate_id is not None
        assert person.extra.get("home_waiting_text") is None


async def test_a_private_report_without_a_place_is_held_until_told(bot: Bot) -> None:
    [asked] = await bot.private("单元门口的路灯坏了好久了", who="小邱")
    assert "您住哪个小区" in asked.text
    assert cases(bot) == 0
    sent = told(await bot.private("我住锦绣家园2栋", who="小邱"))
    assert "编号 E0001" in sent["private:小邱"]
    # An answer hours later is about something else: nothing held is replayed.
    await bot.private("门口的垃圾桶满了", who="老周")
    bot.clock.advance(timedelta(hours=3))
    await bot.private("兰亭2号楼", who="老周")
    assert cases(bot) == 1


async def test_something_else_while_the_place_is_asked_asks_again(bot: Bot) -> None:
    await bot.private("心愿 想找人帮我把家里的旧电视搬下楼 我腰不好", who="老冯")
    [again] = await bot.private("别公开了 不好意思让人知道", who="老冯")
    assert "您住哪个小区" in again.text and "我先记着" in again.text
    sent = told(await bot.private("兰亭1号楼", who="老冯"))
    assert "W0001" in sent["private:老冯"]


# ---- the place in two answers: "兰亭小区", then "3号楼" (or the other way round) --------------


async def test_the_estate_alone_asks_for_the_building_and_both_halves_register(bot: Bot) -> None:
    await bot.private("你好 我家楼道灯坏了好几天了", who="小金")
    [asked] = await bot.private("兰亭小区", who="小金")
    assert "兰亭小区几号楼" in asked.text
    assert cases(bot) == 0  # not registered on half an answer
    sent = told(await bot.private("3号楼", who="小金"))
    assert "E0001" in sent["private:小金"] and "3号楼" in sent["private:小金"]
    case = load(bot)[0]
    assert cases(bot) == 1
    assert case.building == "3" and "楼道灯" in case.summary
    # Her next report knows where she lives without asking again.
    sent = told(await bot.private("楼下垃圾桶好几天没人清了", who="小金"))
    assert "E0002" in sent["private:小金"] and "3号楼" in sent["private:小金"]


async def test_the_building_alone_asks_which_estate_has_it(bot: Bot) -> None:
    await bot.private("单元门口的路灯坏了好久了", who="小邱")
    [asked] = await bot.private("3号楼", who="小邱")
    assert "哪个小区的3号楼" in asked.text
    assert "兰亭小区" in asked.text and "锦绣家园" in asked.text
    assert "没看明白" not in asked.text and cases(bot) == 0
    sent = told(await bot.private("锦绣", who="小邱"))
    assert "E0001" in sent["private:小邱"]
    case = load(bot)[0]
    assert cases(bot) == 1
    assert case.building == "3"
    with bot.linli.uow_factory() as uow:
        estate = uow.estates.by_key("jinxiu")
        assert estate is not None and case.estate_id == estate.id


async def test_declining_the_building_still_registers_the_report(bot: Bot) -> None:
    await bot.private("我家楼道灯坏了好几天了", who="小金")
    await bot.private("兰亭", who="小金")
    sent = told(await bot.private("不想说", who="小金"))
    assert "E0001" in sent["private:小金"]
    case = load(bot)[0]
    assert cases(bot) == 1
    assert case.building is None


async def test_more_words_instead_of_the_building_join_the_report(bot: Bot) -> None:
    await bot.private("我家楼道灯坏了好几天了", who="小金")
    await bot.private("兰亭小区", who="小金")
    sent = told(await bot.private("就是单元门口那盏 晚上黑乎乎的老人下楼怕摔", who="小金"))
    assert "E0001" in sent["private:小金"]
    case = load(bot)[0]
    assert cases(bot) == 1
    assert "楼道灯" in case.summary and "单元门口" in case.summary


async def test_a_new_problem_with_a_building_is_not_taken_as_the_answer(bot: Bot) -> None:
    [asked] = await bot.private("单元门口的路灯坏了好久了", who="小邱")
    assert "您住哪个小区" in asked.text
    [again] = await bot.private("3号楼电梯也坏了", who="小邱")
    assert "您住哪个小区" in again.text and "哪个小区的3号楼" not in again.text
    sent = told(await bot.private("兰亭3号楼", who="小邱"))
    assert "E0001" in sent["private:小邱"]


# ---- round nine (convo9 sweeps): stars in words, faces and speed are ratings ----------------


async def test_stars_in_words_and_an_angry_face_are_ratings(bot: Bot) -> None:
    await resolved_case(bot)
    await bot.private("给五颗星", who="张阿姨")
    case = load(bot)[0]
    assert case.rating is Rating.SATISFIED


async def test_a_thumbs_down_with_the_fault_still_there_reopens(bot: Bot) -> None:
    await resolved_case(bot)
    sent = told(await bot.say("👎 晚上还是闪", who="张阿姨"))
    assert "已重新打开" in sent["兰亭3号楼邻里群"]
    assert "晚上还是闪" in sent["private:孙志明"]
    assert load(bot)[0].status is not CaseStatus.RESOLVED


async def test_too_slow_alone_is_a_rating_but_a_new_fault_with_a_face_is_not(bot: Bot) -> None:
    await resolved_case(bot)
    await bot.private("太慢了", who="张阿姨")
    assert load(bot)[0].rating is Rating.UNSATISFIED
    await bot.say("3号楼电梯坏了😡", who="李叔")
    assert cases(bot) == 2  # a new report, not a verdict on someone's case
