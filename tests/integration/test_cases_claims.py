"""Claiming, dispatching, progress, closing and rating through the whole bot, on both backends."""

from __future__ import annotations

import threading

from bot.domain.cases import CaseStatus, EventKind, Rating
from bot.handlers.help import MAX_GROUP_LINES, REPEAT_WINDOW
from bot.services import claims
from tests.conftest import Bot
from tests.integration.cases_support import advance, load, quote, texts, where

GROUP = "兰亭3号楼邻里群"


async def open_case(bot: Bot, text: str = "3号楼电梯坏了", who: str = "张阿姨") -> None:
    [opened] = await bot.say(text, who=who)
    assert "E0001" in opened.text


async def test_first_claim_wins_and_the_reporter_is_told(bot: Bot) -> None:
    await open_case(bot)
    sent = await bot.say("认领 E0001", who="孙志明")
    assert where(sent) == [GROUP, GROUP]
    assert "认领成功" in sent[0].text and sent[0].mentions == ("孙志明",)
    assert "已由党员 孙志明 认领" in sent[1].text and sent[1].mentions == ("张阿姨",)
    [second] = await bot.say("接单 E0001", who="赵老师", group="兰亭小区党员群")
    assert "已由 孙志明 认领" in second.text
    case, events = load(bot)
    assert case.status is CaseStatus.RESPONDED and case.respond_met == bot.clock.now()
    assert [e.kind for e in events].count(EventKind.CLAIMED) == 1


async def test_two_claims_racing_in_two_transactions_one_wins(bot: Bot) -> None:
    """Both transactions read the case unclaimed; the conditional UPDATE lets one through."""
    await open_case(bot)
    factory = bot.linli.uow_factory
    names = ["孙志明", "赵老师"]
    uows = [factory().__enter__() for _ in names]
    people, cases = [], []
    for uow, name in zip(uows, names, strict=True):
        people.append(uow.people.by_display_name(name)[0])
        cases.append(uow.cases.get(1))
        assert cases[-1].assignee_id is None  # both saw it free
    results: dict[str, bool] = {}
    errors: list[BaseException] = []

    def run(i: int) -> None:
        try:
            outcome = claims.claim(uows[i], cases[i], people[i], bot.clock.now())
            uows[i].commit()
            results[names[i]] = outcome.won
        except BaseException as exc:  # surfaced below
            errors.append(exc)
        finally:
            uows[i].__exit__(None, None, None)

    # The first claim writes (and holds its row/write lock) before the second starts, so
    # the second really waits on it; then the first commits.
    first_claimed = threading.Event()
    first_result: dict[str, bool] = {}

    def first() -> None:
        outcome = claims.claim(uows[0], cases[0], people[0], bot.clock.now())
        first_result["won"] = outcome.won
        first_claimed.set()

    t1 = threading.Thread(target=first)
    t1.start()
    first_claimed.wait(10)
    t2 = threading.Thread(target=run, args=(1,))
    t2.start()
    uows[0].commit()
    uows[0].__exit__(None, None, None)
    t1.join(10)
    t2.join(30)
    assert not errors, errors
    assert first_result == {"won": True} and results == {"赵老师": False}
    assert cases[1].assignee_id == people[0].id  # the loser sees who has it
    case, _ = load(bot)
    assert case.assignee_id == people[0].id


async def test_claim_by_quoting_the_case_message(bot: Bot) -> None:
    [opened] = await bot.say("3号楼电梯坏了")
    assert await bot.say("我来", who="孙志明") == []  # plain speech without a case: silent
    sent = await quote(bot, "我来", opened.text, who="孙志明", group=GROUP)
    assert "认领成功" in sent[0].text
    assert load(bot)[0].assignee_id is not None


async def test_bad_input_gets_a_clear_answer(bot: Bot) -> None:
    await open_case(bot)
    [resident] = await bot.say("认领 E0001", who="李大爷")
    assert "需要党员身份" in resident.text
    [missing] = await bot.say("认领 E0099", who="孙志明")
    assert "没有找到诉求 E0099" in missing.text
    [elsewhere] = await bot.say("认领 E0001", who="马永红", group="锦绣1栋楼栋群")
    assert "不在您所在的小区" in elsewhere.text
    [no_code] = await bot.say("认领", who="孙志明")
    assert "请带上诉求编号" in no_code.text
    [empty] = await bot.say("办结 E0001", who="孙志明")
    assert "请写上内容" in empty.text
    assert load(bot)[0].status is CaseStatus.ACCEPTED
    # A member's first 进展 on an unclaimed case claims it (convo2 C6); on a case another
    # member holds he is told why nothing happened.
    mine = await bot.say("进展 E0001 已联系物业", who="孙志明")
    assert "E0001 之前无人认领，已记在您名下" in mine[0].text
    [not_yours] = await bot.say("进展 E0001 我也去看看", who="赵老师")
    assert "已由其他党员承办" in not_yours.text


async def test_dispatch_by_the_secretary_and_hand_back(bot: Bot) -> None:
    await open_case(bot)
    # The 楼栋党小组长 dispatches within her building (convofix6 R9); across it, the 书记.
    [member] = await bot.private("派单 E0001 @郑晓东", who="赵老师")
    assert "需要支部书记身份" in member.text
    [refused] = await bot.private("派单 E0001 @孙志明", who="孙志明")
    assert "需要楼栋党小组长身份" in refused.text
    sent = await bot.private("派单 E0001 @孙志明", who="刘建华")
    assert where(sent) == ["private:刘建华", "private:孙志明", GROUP]
    assert "派给您" in sent[1].text and "孙志明 承办" in sent[2].text
    [resident] = await bot.private("派单 E0001 @张阿姨", who="刘建华")
    assert "派单只能派给党员" in resident.text
    sent = await bot.private("退回 E0001 这周出差在外地", who="孙志明")
    # The resident hears that her case goes to someone else, not the member's reason (D54).
    assert where(sent) == ["private:孙志明", "兰亭小区党员群", GROUP]
    assert "正在重新安排党员" in sent[2].text and "出差" not in sent[2].text
    case, _ = load(bot)
    assert case.assignee_id is None and case.status is CaseStatus.ACCEPTED
    assert case.notified_at is None  # the 党小组 will be told again at the next sweep
    notices = await advance(bot, minutes=1)
    # The 党小组 hears again, but not the member who just said he can't (issue 11 replays).
    assert {s.to for s in notices} == {"赵老师"}
    [status] = await bot.say("进度 E0001")
    assert "出差" not in status.text  # a hand-back's reason stays among party members


async def test_progress_close_rate_unsatisfied_reopens(bot: Bot) -> None:
    await open_case(bot)
    await bot.say("认领 E0001", who="孙志明")
    [news] = await bot.say("进展 E0001 已联系维保公司，电话13812345678", who="孙志明")
    assert news.mentions == ("张阿姨",) and "138****5678" in news.text
    [closed] = await bot.say("办结 E0001 已更换门机", who="孙志明")
    assert "已办结" in closed.text and "满意" in closed.text
    [stranger] = await bot.say("满意 E0001", who="李大爷")
    assert "只能由反映问题的居民评价" in stranger.text
    sent = await bot.say("不满意", who="张阿姨")
    assert "已重新打开" in sent[0].text and where(sent) == [GROUP, "private:孙志明"]
    case, _ = load(bot)
    assert case.status is CaseStatus.IN_PROGRESS and case.rating is Rating.UNSATISFIED
    assert case.reply_due is not None and case.reply_met is None and case.reopened == 1
    await bot.say("办结 E0001 维保复查完毕", who="孙志明")
    [thanks] = await bot.say("2", who="张阿姨")
    assert "基本满意" in thanks.text
    case, _events = load(bot)
    assert case.status is CaseStatus.REVIEWED and case.rating is Rating.BASIC
    [status] = await bot.say("进度 E0001")
    assert "评价：基本满意" in status.text and "重新办理" in status.text
    [closed_again] = await bot.say("认领 E0001", who="赵老师")
    assert "已经办结并回访" in closed_again.text
    assert await bot.say("1", who="李大爷") == []  # a bare digit with nothing to rate: silence


async def test_co_reporters_hear_the_close_and_a_resident_adds_by_quoting(bot: Bot) -> None:
    [opened] = await bot.say("3号楼电梯坏了", who="张阿姨")
    await bot.say("3号楼电梯又停了", who="李大爷")
    await bot.say("认领 E0001", who="孙志明")
    noted = await quote(bot, "电梯里还有人被困过", opened.text, who="张阿姨", group=GROUP)
    assert where(noted) == [GROUP, "private:孙志明"]  # the claimer hears it too
    assert "已把您的补充记到诉求 E0001" in noted[0].text
    [closed] = await bot.say("办结 E0001 已修好", who="孙志明")
    assert set(closed.mentions) == {"张阿姨", "李大爷"}
    _, events = load(bot)
    assert [e.text for e in events if e.kind == EventKind.NOTE] == ["电梯里还有人被困过"]


async def test_unrated_case_closes_after_three_days(bot: Bot) -> None:
    await open_case(bot)
    await bot.say("认领 E0001", who="孙志明")
    await bot.say("办结 E0001 已修好", who="孙志明")
    await advance(bot, days=2, hours=23)
    assert load(bot)[0].status is CaseStatus.RESOLVED
    await advance(bot, hours=1)
    case, events = load(bot)
    assert case.status is CaseStatus.REVIEWED and case.rating is Rating.UNRATED
    assert events[-1].kind == EventKind.UNRATED
    [late] = await bot.say("满意 E0001", who="张阿姨")
    assert "现在不需要评价" in late.text


async def test_help_shows_party_commands_to_members_only(bot: Bot) -> None:
    [resident] = await bot.say("帮助", who="张阿姨")
    assert "认领" not in resident.text and "满意" in resident.text
    [member] = await bot.say("帮助", who="孙志明")
    assert "认领 E0001" in member.text and "派单" not in member.text
    [secretary] = await bot.private("帮助", who="刘建华")
    assert "派单 E0001" in secretary.text
    assert texts([secretary])


async def test_help_in_a_group_is_short_and_whole_in_private(bot: Bot) -> None:
    for who in ("张阿姨", "孙志明", "刘建华"):
        bot.clock.advance(REPEAT_WINDOW)  # the same help is not posted twice within it
        [group] = await bot.say("帮助", who=who)
        bot.clock.advance(REPEAT_WINDOW)
        [mention] = await bot.say("@邻里小助手", who=who, mentions=("邻里小助手",))
        assert mention.text == group.text
        lines = group.text.splitlines()
        assert len(lines) <= MAX_GROUP_LINES and lines[-1] == "私聊我「帮助」看全部用法。"
        assert "进度 E0001" in group.text and "满意" in group.text
        [private] = await bot.private("帮助", who=who)
        assert len(private.text.splitlines()) > len(lines) and "私聊我「帮助」" not in private.text
    bot.clock.advance(REPEAT_WINDOW)
    [member] = await bot.say("帮助", who="孙志明")
    assert "认领 E0001" in member.text and "派单" not in member.text
