"""投票表决 through the chat: the replay scenarios (the public contract) and what is kept of a
secret ballot sent as a message."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.services.deliberation import vote_jobs, votes
from storage import tables
from tests.conftest import Bot
from tests.integration.test_replay_cli import SCENARIOS, lines, replay
from tests.integration.votes_support import building_vote


def texts_to(out: list[dict[str, object]], who: str) -> list[str]:
    return [str(o["text"]) for o in out if o["to"] == who]


def test_a_building_vote_from_opening_to_the_preliminary_publicity() -> None:
    out = lines(replay(SCENARIOS / "votes_3hao.jsonl"))
    opening = [o for o in out if str(o["text"]).startswith("【投票表决】V0001")]
    assert [o["group"] for o in opening] == ["兰亭3号楼邻里群"]  # the building's group only
    assert "请私聊我发送：投票 V0001 1" in str(opening[0]["text"])
    assert "共 6 户" in str(opening[0]["text"])
    assert texts_to(out, "张阿姨")[0].startswith("投票成功：V0001")
    assert texts_to(out, "李婶")[0].startswith("已更新您家的投票")  # the co-owner's re-vote
    refusal = next(o for o in out if o["group"] and o["mentions"] == ["王奶奶"])
    assert "请私聊我投票" in str(refusal["text"])
    assert "没有「4」这个选项" in texts_to(out, "赵大爷")[0]
    assert "不在投票 V0001 的表决名单里" in texts_to(out, "陈秀英")[0]
    assert "3号楼2单元101、3号楼2单元102" in texts_to(out, "孙志明")[0]
    assert "没有找到投票「V0009」" in texts_to(out, "王奶奶")[-1]
    # No confirmation of a secret ballot repeats the choice.
    for who in ("张阿姨", "李叔", "李婶", "王奶奶", "孙志明", "赵老师"):
        assert "您选择" not in texts_to(out, who)[0]
    publicity = [o for o in out if str(o["text"]).startswith("【表决结果预公示】V0001")]
    assert len(publicity) == 1 and publicity[0]["at"] == "2026-12-10T20:00:00+08:00"
    body = str(publicity[0]["text"])
    assert "投票涉及总人数6人，总面积637.00平方米" in body
    assert "参与表决5人，占总人数83.33%；参与面积516.70平方米，占总面积81.11%" in body
    assert "同意3人，占参与人数60.00%；同意面积319.50平方米，占参与面积61.83%" in body
    assert "符合《民法典》第二百七十八条" in body and "表决通过" in body
    assert "已经截止" in texts_to(out, "赵大爷")[-1]
    assert "已收到您对投票 V0001 的异议" in texts_to(out, "张阿姨")[-1]
    # An unanswered 异议 holds the final result back, past the 7 days.
    assert not [o for o in out if str(o["text"]).startswith("【表决结果公示】")]


def test_an_estate_vote_from_schedule_to_the_final_result() -> None:
    out = lines(replay(SCENARIOS / "votes_final.jsonl"))
    refused = texts_to(out, "刘建华")  # a secretary, for her own 小区 only; a bad time
    assert "「锦绣家园」不是您负责的小区" in refused[0]
    assert "时间「明天」看不懂" in refused[1]
    assert "表决人数 9" in texts_to(out, "王敏")[0]
    assert "还没有开始" in texts_to(out, "张阿姨")[0]
    opening = [o for o in out if str(o["text"]).startswith("【投票表决】V0001")]
    assert {o["at"] for o in opening} == {"2026-12-02T08:00:00+08:00"}
    assert len(opening) == 5  # 业主群 and the four 楼栋群 of 兰亭, never the 党员群
    assert "您选择「弃权」" in texts_to(out, "王国强")[-1]  # an open ballot says it back
    assert "不在投票" in texts_to(out, "钱阿姨")[0]  # 锦绣家园
    final = [o for o in out if str(o["text"]).startswith("【表决结果公示】V0001")]
    assert len(final) == 5 and {o["at"] for o in final} == {"2026-12-12T20:00:00+08:00"}
    assert "同意2人，占参与人数66.67%" in str(final[0]["text"])
    assert "公示期内无异议" in str(final[0]["text"])


async def test_the_words_of_a_secret_ballot_are_kept_without_the_choice(bot: Bot) -> None:
    vote = building_vote(bot.linli)
    in_group = await bot.say(f"投票 {vote.code} 1", who="张阿姨")
    assert "请私聊我投票" in in_group[0].text
    sent = await bot.private(f"投票 {vote.code} 2", who="张阿姨")
    assert sent[0].text.startswith("投票成功") and "反对" not in sent[0].text
    with bot.linli.engine.connect() as conn:
        said = [
            r.text
            for r in conn.execute(select(tables.messages.c.text).order_by(tables.messages.c.id))
        ]
        assert said[-2:] == [f"投票 {vote.code} 1", f"投票 {vote.code}（不记名投票，选项不保存）"]
        tally = dict(
            conn.execute(select(tables.vote_tallies.c.option, tables.vote_tallies.c.count)).all()
        )
    assert tally == {"同意": 0, "反对": 1, "弃权": 0}  # the group message counted nothing
    # Staff answer the 异议; then the final result is frozen and posted.
    bot.clock.advance(timedelta(days=7))
    await bot.linli.runtime.tick()
    await bot.private(f"异议 {vote.code} 我家没收到通知", who="李叔")
    bot.clock.advance(timedelta(days=8))
    await bot.linli.runtime.tick()
    with bot.linli.uow_factory() as uow:
        held = uow.votes.get(vote.id or 0)
        assert held is not None and held.final_text == ""
        objection = uow.objections.of_vote(vote.id or 0)[0]
        votes.resolve_objection(
            uow, held, objection.id, "已核实，通知已张贴", actor="王敏", now=bot.clock.now()
        )
        uow.commit()
    await bot.linli.runtime.tick()
    with bot.linli.uow_factory() as uow:
        final = uow.votes.get(vote.id or 0)
        assert final is not None and "公示期内收到异议1条，均已处理" in final.final_text
        assert (
            vote_jobs.finalize_due(uow, "default", bot.clock.now(), bot.linli.profile.vote_schedule)
            == 0
        )


async def test_ballots_and_questions_in_the_voters_words_c28_c42(bot: Bot) -> None:
    vote = building_vote(bot.linli, secret=False)
    code = vote.code
    first, *_ = [s for s in await bot.private(f"同意加装 {code} 同意", who="张阿姨") if s.to]
    assert "您选择「同意」" in first.text
    [changed] = await bot.private(f"我想改成不同意 {code}", who="张阿姨")
    assert "已更新" in changed.text and "您选择「反对」" in changed.text
    [emoji] = await bot.private(f"{code} 我同意👍", who="张阿姨")
    assert "您选择「同意」" in emoji.text
    sent = await bot.private(f"我家我投不同意 {code} 一楼装了电梯没用还挡光", who="张阿姨")
    assert [s.to for s in sent] == ["张阿姨"] and "您选择「反对」" in sent[0].text  # no case
    with bot.linli.uow_factory() as uow:
        assert uow.cases.get(1) is None  # a ballot with reasons is no problem report
    [asked] = await bot.private(f"投票结果出来了吗 {code}", who="张阿姨")
    assert asked.text.startswith(f"投票 {code}") and "截止后在群里公示结果" in asked.text
    [what] = await bot.private(f"{code}是什么", who="李叔")
    assert "正在投票" in what.text
