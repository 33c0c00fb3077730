"""待确认 through the whole bot, on SQLite and PostgreSQL: held messages, 转为诉求 / 不是诉求
from chat and from the services the console calls, forced reports, corrections, races."""

from __future__ import annotations

import json
import threading
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from bot.config import CommunityConfig
from bot.domain.review import CorrectionLabel, ReviewRefused, ReviewStatus
from bot.domain.staff import StaffRole, StaffUser
from bot.ports import Classifier
from bot.services.review import decide
from bot.services.review.console import actor, setting
from tests.conftest import Bot, running_bot
from tests.integration.cases_support import advance
from tests.integration.review_support import UnsureClassifier

GROUP = "兰亭3号楼邻里群"
UNSURE = "3号楼楼道里好像有股怪味"
STAFF = StaffUser(username="wangmin", name="王敏", role=StaffRole.STAFF, password_hash="!")


@pytest.fixture
async def review_bot(
    db_url: str, tmp_path: Path, demo_config: CommunityConfig, classifier: Classifier
) -> AsyncIterator[Bot]:
    async with running_bot(db_url, tmp_path, demo_config, UnsureClassifier(classifier)) as b:
        yield b


def items(bot: Bot, status: ReviewStatus | None = None) -> list:  # type: ignore[type-arg]
    with bot.linli.uow_factory() as uow:
        return list(uow.review.recent(status=status))


def corrections(bot: Bot) -> list:  # type: ignore[type-arg]
    with bot.linli.uow_factory() as uow:
        return list(uow.review.corrections())


def the_setting(bot: Bot) -> decide.Setting:
    p = bot.linli.profile
    return setting(p.community, p.sla, p.merge_window_minutes)


async def test_an_unsure_message_is_held_without_a_reply(review_bot: Bot) -> None:
    assert await review_bot.say(UNSURE) == []
    [item] = items(review_bot)
    assert item.code == "Q0001" and item.status is ReviewStatus.PENDING
    assert item.text == UNSURE and item.kind == "issue" and item.building == "3"
    with review_bot.linli.uow_factory() as uow:
        building = uow.estates.building(item.building_id)
        assert building is not None and building.number == "3"
        assert list(uow.cases.find()) == []  # no case yet
    # A clear report still opens a case at once; small talk stays silent and is not held.
    [opened] = await review_bot.say("3号楼电梯坏了", who="李大爷")
    assert "已受理" in opened.text
    assert await review_bot.say("今天天气不错") == []
    assert len(items(review_bot)) == 1


async def test_convert_opens_a_case_acknowledged_in_the_group(review_bot: Bot) -> None:
    await review_bot.say(UNSURE)
    said_at = review_bot.clock.now()
    await advance(review_bot, hours=3)
    converted_at = review_bot.clock.now()
    with review_bot.linli.uow_factory() as uow:
        [item] = uow.review.pending()
        intake = decide.convert(
            uow,
            item,
            category="sanitation",
            where=decide.place("3", "2", ""),
            actor=actor(STAFF),
            setting=the_setting(review_bot),
            now=converted_at,
        )
        uow.commit()
    await review_bot.linli.runtime.deliver_pending()
    [ack] = review_bot.new()
    assert ack.group == GROUP and ack.mentions == ("张阿姨",)
    assert "已受理您反映的问题，编号 E0001（环境卫生 · 3号楼2单元）" in ack.text
    with review_bot.linli.uow_factory() as uow:
        case = uow.cases.get(intake.case.id or 0)
        assert case is not None and case.category == "sanitation"
        assert case.opened_at == said_at  # the original message time
        assert case.clock_started_at == converted_at  # the 2341 clock starts at conversion
        assert case.respond_due == converted_at + timedelta(minutes=20)
        [item] = uow.review.recent()
        assert item.status is ReviewStatus.CONVERTED and item.case_id == case.id
        assert item.decided_by == "王敏"
        assert [e.action for e in uow.staff.audit_log()] == ["review.convert"]
    [label] = corrections(review_bot)
    assert label.label is CorrectionLabel.CONVERTED and label.category == "sanitation"
    assert label.corpus_line() == {
        "text": UNSURE,
        "kind": "issue",
        "category": "sanitation",
        "alt": [],
        "urgent": False,
        "building": "3",
        "unit": "2",
        "room": None,
        "source": "correction:幸福里社区",
    }


async def test_dismiss_twice_and_convert_after_dismiss(review_bot: Bot) -> None:
    await review_bot.say(UNSURE)
    now = review_bot.clock.now()
    with review_bot.linli.uow_factory() as uow:
        [item] = uow.review.pending()
        decide.dismiss(uow, item, actor=actor(STAFF), setting=the_setting(review_bot), now=now)
        uow.commit()
    [label] = corrections(review_bot)
    assert label.kind == "chat" and label.corpus_line()["category"] is None
    with review_bot.linli.uow_factory() as uow:
        item = uow.review.get(1)
        assert item is not None
        with pytest.raises(ReviewRefused, match="已由 王敏 标为「不是诉求」"):
            decide.dismiss(uow, item, actor=actor(STAFF), setting=the_setting(review_bot), now=now)
        with pytest.raises(ReviewRefused, match="已由 王敏 标为「不是诉求」"):
            decide.convert(
                uow,
                item,
                category="other",
                where=decide.place(None, None, None),
                actor=actor(STAFF),
                setting=the_setting(review_bot),
                now=now,
            )
    assert review_bot.new() == []


async def test_two_staff_converting_at_once_one_wins(review_bot: Bot) -> None:
    """Both transactions read the message pending; the conditional UPDATE lets one through."""
    await review_bot.say(UNSURE)
    factory, now = review_bot.linli.uow_factory, review_bot.clock.now()
    uows = [factory().__enter__() for _ in range(2)]
    held = [uow.review.get(1) for uow in uows]
    assert all(i is not None and i.status is ReviewStatus.PENDING for i in held)
    staff = [
        STAFF,
        StaffUser(username="admin", name="社区管理员", role=StaffRole.ADMIN, password_hash="!"),
    ]
    outcome: dict[str, str] = {}

    def convert(i: int) -> None:
        try:
            decide.convert(
                uows[i],
                held[i],  # type: ignore[arg-type]
                category="sanitation",
                where=decide.place("3", None, None),
                actor=actor(staff[i]),
                setting=the_setting(review_bot),
                now=now,
            )
            uows[i].commit()
            outcome[staff[i].name] = "won"
        except ReviewRefused as refused:
            outcome[staff[i].name] = str(refused)
        finally:
            uows[i].__exit__(None, None, None)

    first_done = threading.Event()

    def first() -> None:
        decide.convert(
            uows[0],
            held[0],  # type: ignore[arg-type]
            category="sanitation",
            where=decide.place("3", None, None),
            actor=actor(staff[0]),
            setting=the_setting(review_bot),
            now=now,
        )
        first_done.set()

    t1 = threading.Thread(target=first)
    t1.start()
    first_done.wait(10)
    t2 = threading.Thread(target=convert, args=(1,))
    t2.start()  # waits on the first transaction's row (PostgreSQL) or write lock (SQLite)
    uows[0].commit()
    uows[0].__exit__(None, None, None)
    t1.join(10)
    t2.join(30)
    assert outcome == {"社区管理员": "Q0001 已由 王敏 转为诉求 E0001，不用再处理。"}
    with factory() as uow:
        assert len(list(uow.cases.find())) == 1
        assert len(list(uow.review.corrections())) == 1


async def test_the_leader_converts_and_dismisses_by_private_reply(review_bot: Bot) -> None:
    await review_bot.say(UNSURE)
    await review_bot.say("3号楼门口是不是有人乱停车", who="李大爷")
    sent = await review_bot.private("是 Q0001", who="赵老师")
    [done] = [s for s in sent if s.to == "赵老师"]
    assert "已把 Q0001 转为诉求 E0001" in done.text and "在群里告知了居民" in done.text
    [ack] = [s for s in sent if s.group == GROUP]
    assert ack.mentions == ("张阿姨",) and "已受理您反映的问题，编号 E0001" in ack.text
    [no] = await review_bot.private("不是 q2", who="赵老师")
    assert "Q0002 已标为「不是诉求」" in no.text
    [again] = await review_bot.private("转为诉求 Q0001", who="赵老师")
    assert again.text == "Q0001 已由 赵老师 转为诉求 E0001，不用再处理。"
    [dismissed] = await review_bot.private("是 Q0002", who="赵老师")
    assert "已由 赵老师 标为「不是诉求」" in dismissed.text


async def test_chat_commands_answer_bad_input_clearly(review_bot: Bot) -> None:
    await review_bot.say(UNSURE)
    [unknown] = await review_bot.private("是 Q0099", who="赵老师")
    assert unknown.text == "没有找到待确认消息 Q0099，请核对编号。"
    [letters] = await review_bot.private("转为诉求 QABC", who="赵老师")
    assert "编号应为 Q 加数字" in letters.text
    [bare] = await review_bot.private("转为诉求", who="赵老师")
    assert "编号应为 Q 加数字" in bare.text
    [other_building] = await review_bot.private("是 Q0001", who="周海燕")
    assert "不是您负责的楼栋" in other_building.text
    [other_estate] = await review_bot.private("是 Q0001", who="黄桂兰")
    assert "不是您负责的楼栋" in other_estate.text
    [resident] = await review_bot.private("是 Q0001", who="张阿姨")
    assert "需要楼栋党小组长身份" in resident.text
    [in_group] = await review_bot.say("是 Q0001", who="赵老师")
    assert "请私聊我发送" in in_group.text
    # Everyday words stay speech in a group: no answer, nothing decided.
    assert await review_bot.say("是的，我也闻到了", who="李大爷") == []
    assert await review_bot.say("不是 3楼是4楼", who="李大爷") == []
    assert items(review_bot)[0].status is ReviewStatus.PENDING
    # Privately too: a bare 是 / 不是 is speech, never a refusal or a format answer.
    assert await review_bot.private("是", who="张阿姨") == []
    assert await review_bot.private("不是", who="赵老师") == []
    # The 支部书记 may decide any message of their 小区.
    [secretary] = await review_bot.private("不是诉求 1", who="刘建华")
    assert "Q0001 已标为「不是诉求」" in secretary.text


async def test_forced_reports(review_bot: Bot) -> None:
    # "@机器人 …" and "#报事 …" open a case for what would have been held.
    [held_at] = await review_bot.say(f"@邻里小助手 {UNSURE}", mentions=("邻里小助手",))
    assert "已受理您反映的问题，编号 E0001" in held_at.text
    [tagged] = await review_bot.say("#报事 4号楼好像漏水了", who="钱阿姨", group="兰亭4号楼邻里群")
    assert "编号 E0002" in tagged.text
    assert items(review_bot) == []
    # Nothing named: a one-line question, not silence; a bare @ still shows 帮助.
    [what] = await review_bot.say("#报事", who="钱阿姨", group="兰亭4号楼邻里群")
    assert "请在「#报事」后面写清楚遇到的问题" in what.text
    [hello] = await review_bot.say("@邻里小助手 你好", mentions=("邻里小助手",))
    assert "请直接说说遇到了什么问题" in hello.text
    [bare] = await review_bot.say("@邻里小助手", mentions=("邻里小助手",))
    assert "您好，我是邻里小助手" in bare.text


async def test_digest_once_a_day_per_leader(review_bot: Bot) -> None:
    await review_bot.say(UNSURE)  # 3号楼: 赵老师
    await review_bot.say("楼下好像有股烧焦味", who="钱阿姨", group="兰亭小区业主群")  # no building
    await review_bot.say("锦绣2栋好像停水了", who="赵大哥", group="锦绣2栋楼栋群")  # 林文斌
    assert await advance(review_bot, hours=8) == []  # 17:00: not yet
    sent = await advance(review_bot, hours=1, minutes=1)  # 18:01
    to = sorted(s.to for s in sent if s.text.startswith("【待确认】"))
    assert to == ["刘建华", "林文斌", "赵老师"]
    zhao = next(s for s in sent if s.to == "赵老师")
    assert zhao.text.startswith("【待确认】有 1 条消息") and "Q0001" in zhao.text
    assert "是 Q0001" in zhao.text and "兰亭3号楼邻里群" in zhao.text
    assert "Q0002" in next(s.text for s in sent if s.to == "刘建华")
    assert await advance(review_bot, minutes=30) == []  # once a day
    # The next day, only what is still pending; decided ones drop off; empty: nothing.
    await review_bot.private("是 Q0001", who="赵老师")
    await review_bot.private("不是 Q0002", who="刘建华")
    review_bot.new()
    sent = await advance(review_bot, days=1)
    digests = [s for s in sent if s.text.startswith("【待确认】")]
    assert [s.to for s in digests] == ["林文斌"] and "Q0003" in digests[0].text


async def test_the_real_engine_verdicts_drive_the_three_outcomes(
    bot: Bot, classifier: Classifier
) -> None:
    """Through the real engine (no stand-in): whatever it decides, the bot follows the action.

    Once the engine's review band is in (it holds "3号楼电梯是不是坏了？" and the 怪味
    message), this checks the held path end to end with the real classifier too.
    """
    texts = ["3号楼楼道里好像有股怪味", "3号楼电梯是不是坏了？", "今天天气不错", "4号楼楼道灯坏了"]
    held = 0
    for n, text in enumerate(texts):
        action = classifier.classify(text).action
        sent = await bot.say(text, who=f"居民{n}")
        if action == "review":
            held += 1
            assert sent == [], text
            assert items(bot)[0].text == text  # newest first
        elif action == "case":
            assert any("已受理您反映的问题" in s.text or "已有居民反映" in s.text for s in sent), (
                text
            )
        else:
            assert sent == [], text
    assert len(items(bot)) == held


async def test_corrections_export_in_the_corpus_format(
    review_bot: Bot, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot.cli import main

    await review_bot.say(UNSURE)
    await review_bot.say("3号楼门口是不是有人乱停车", who="李大爷")
    await review_bot.say("锦绣2栋好像停水了", who="赵大哥", group="锦绣2栋楼栋群")
    await review_bot.private("是 Q0001", who="赵老师")
    await review_bot.private("不是 Q0002", who="赵老师")
    await review_bot.private("是 Q0003", who="林文斌")
    url = review_bot.linli.settings.database_url()
    out = tmp_path / "corrections.jsonl"
    assert main(["intents", "corrections", "--out", str(out), "--db", url]) == 0
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(x["text"], x["kind"]) for x in lines] == [
        (UNSURE, "issue"),
        ("3号楼门口是不是有人乱停车", "chat"),
        ("锦绣2栋好像停水了", "issue"),
    ]
    assert all(x["source"] == "correction:幸福里社区" for x in lines)
    assert set(lines[0]) == {
        "text",
        "kind",
        "category",
        "alt",
        "urgent",
        "building",
        "unit",
        "room",
        "source",
    }
    one = tmp_path / "jinxiu.jsonl"
    args = ["intents", "corrections", "--out", str(one), "--db", url, "--estate", "jinxiu"]
    assert main(args) == 0
    assert len(one.read_text(encoding="utf-8").splitlines()) == 1
    assert main([*args[:-1], "nowhere"]) == 2
    assert "没有这个小区" in capsys.readouterr().err


async def test_a_leader_not_understood_is_reminded_of_the_waiting_messages_c33(
    review_bot: Bot,
) -> None:
    await review_bot.say(UNSURE)  # 3号楼: 赵老师 answers for it
    [hint] = await review_bot.private("这个我看看怎么弄", who="赵老师")
    assert "1 条【待确认】" in hint.text and "是 Q0001" in hint.text
    [yes, *_] = await review_bot.private("是的 Q1 这个要管", who="赵老师")
    assert "E0001" in yes.text
    [plain] = await review_bot.private("这个我看看怎么弄", who="赵老师")  # nothing waits now
    assert "待确认" not in plain.text
