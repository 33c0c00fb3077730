"""The three rates and 2341 compliance, per 小区, 楼栋 and month; and `linli report`."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.domain.sla import Step
from bot.services.reports import month_bounds, rates, render_table
from tests.conftest import DEMO_CONFIG, ROOT, Bot
from tests.integration.cases_support import advance

TZ = ZoneInfo("Asia/Shanghai")


async def three_cases(bot: Bot) -> None:
    """E0001 handled on time and rated 满意; E0002 claimed late, rated 不满意; E0003 untouched."""
    await bot.say("3号楼电梯坏了")
    await bot.say("认领 E0001", who="孙志明")
    await bot.say("办结 E0001 已修好", who="孙志明")
    await bot.say("满意", who="张阿姨")
    await bot.say("4号楼楼道灯坏了", group="兰亭4号楼邻里群", who="钱阿姨")
    await bot.say("锦绣2栋楼下有人飞线充电", group="锦绣2栋楼栋群", who="赵大哥")
    await advance(bot, minutes=1)  # the notices go out on time (a late one restarts the clock)
    await advance(bot, minutes=24)
    await bot.say("认领 E0002", who="吴师傅", group="兰亭4号楼邻里群")
    await bot.say("办结 E0002 换了灯泡", who="吴师傅", group="兰亭4号楼邻里群")
    await bot.say("不满意", who="钱阿姨", group="兰亭4号楼邻里群")


async def test_rates_per_estate_and_building(bot: Bot) -> None:
    await three_cases(bot)
    start, end = month_bounds("2026-11", TZ)
    with bot.linli.uow_factory() as uow:
        rows = rates(uow, now=bot.clock.now(), tz=TZ, start=start, end=end)
    by_scope = {(r.estate, r.building): r for r in rows}
    lanting = by_scope[("兰亭小区", None)]
    assert lanting.opened == 2 and lanting.month == "2026-11"
    assert (lanting.response.hit, lanting.response.of) == (1, 2)  # E0002 claimed after 20 min
    assert (lanting.resolution.hit, lanting.resolution.of) == (1, 2)  # E0002 reopened
    assert (lanting.satisfaction.hit, lanting.satisfaction.of) == (1, 2)
    assert (lanting.steps[Step.REPLY].hit, lanting.steps[Step.REPLY].of) == (
        1,
        1,
    )  # E0002 restarted
    assert lanting.steps[Step.SOLUTION].of == 1  # E0002's fresh clock is not decided yet
    assert by_scope[("兰亭小区", "3")].response.rate == 1.0
    assert by_scope[("兰亭小区", "4")].response.rate == 0.0
    jinxiu = by_scope[("锦绣家园", None)]
    assert jinxiu.opened == 1 and jinxiu.response.rate == 0.0 and jinxiu.satisfaction.rate is None
    table = render_table(rows)
    assert "响应率" in table and "兰亭小区 4号楼" in table and "50%" in table
    with bot.linli.uow_factory() as uow:
        later = rates(
            uow,
            now=bot.clock.now(),
            tz=TZ,
            start=datetime(2026, 12, 1, tzinfo=TZ),
            end=datetime(2027, 1, 1, tzinfo=TZ),
        )
    assert later == []


async def test_report_command_prints_json_and_a_table(sqlite_bot: Bot) -> None:
    await three_cases(sqlite_bot)
    url = sqlite_bot.linli.settings.database_url()

    def run(*extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [
                sys.executable,
                "-m",
                "bot.cli",
                "report",
                "--config",
                str(DEMO_CONFIG),
                "--db",
                url,
                *extra,
            ],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=60,
        )

    as_json = run("--month", "2026-11", "--json")
    assert as_json.returncode == 0, as_json.stderr
    rows = json.loads(as_json.stdout)
    lanting = next(r for r in rows if r["estate"] == "兰亭小区" and r["building"] is None)
    assert lanting["response_rate"] == 0.5 and lanting["compliance"]["respond"]["met"] == 1
    table = run("--month", "2026-11", "--estate", "jinxiu")
    assert table.returncode == 0 and "锦绣家园" in table.stdout and "兰亭" not in table.stdout
    assert run("--month", "2026-13").returncode == 2
    unknown = run("--estate", "nowhere")
    assert unknown.returncode == 2 and "nowhere" in unknown.stderr
    assert "Traceback" not in unknown.stderr


async def test_an_urgent_acknowledgement_says_what_to_do_now(bot: Bot) -> None:
    [ack, *_] = await bot.say("2单元一股煤气味，燃气泄漏了", who="张阿姨")
    assert ack.text.startswith("【紧急】")
    assert "【安全提示】不要开关电灯和电器、不要点火" in ack.text and "燃气公司" in ack.text
    [ordinary] = await bot.say("4号楼门口路灯坏了", who="李大爷", group="兰亭4号楼邻里群")
    assert "安全提示" not in ordinary.text


async def test_someone_who_already_called_is_not_told_to_call_again(bot: Bot) -> None:
    [ack, *_] = await bot.say("3号楼楼下有个老人晕倒了，已经打了120", who="张阿姨")
    assert ack.text.startswith("【紧急】") and "您已经联系了120" in ack.text
    assert "拨打120" not in ack.text and "不要随意搬动病人" in ack.text
    [fire, *_] = await bot.say("4号楼楼道着火了，已经报警了", who="李大爷", group="兰亭4号楼邻里群")
    assert "您已经报警" in fire.text and "拨打119" not in fire.text and "走楼梯" in fire.text


async def test_two_urgent_things_in_one_building_are_two_cases_each_with_its_own_tip(
    bot: Bot,
) -> None:
    [sparks, *_] = await bot.say("楼下配电箱在冒火花 噼里啪啦的 吓死人", who="李婶")
    assert "E0001" in sparks.text
    [pot, *_] = await bot.say("有人从楼上往下扔花盆 差点砸到我家孩子", who="小王")
    assert "E0002" in pot.text and "已合并" not in pot.text
    assert "119" not in pot.text  # a thrown flower pot is no fire


async def test_convo8_appliance_faults_are_ordinary_and_the_welfare_check_urgent(bot: Bot) -> None:
    # rules9 (convo8 B1, B2, B11): a water heater that won't light and water that won't come
    # are an ordinary case without safety tips; someone unseen for days who does not answer is
    # an emergency with the welfare-check tip.
    [heater, *_] = await bot.say("热水器打不着火了 是不是没燃气了", who="张阿姨")
    assert not heater.text.startswith("【紧急】") and "安全提示" not in heater.text
    [water, *_] = await bot.say(
        "二号楼这两天水压小的很洗澡水都出不来热水器都打不着火",
        who="李大爷",
        group="兰亭4号楼邻里群",
    )
    assert not water.text.startswith("【紧急】") and "安全提示" not in water.text
    [check, *_] = await bot.say(
        "三楼那家老太太好几天没见出门了 敲门也没人应 电话也不接", who="王叔"
    )
    assert check.text.startswith("【紧急】") and "110" in check.text


async def test_an_urgent_report_naming_no_listed_danger_still_gets_a_first_line(bot: Bot) -> None:
    """Round nine (convo9): 【紧急】 with no 【安全提示】 left a frightened resident with a case
    number only; a danger the advice list does not name gets the general line."""
    from bot.domain.safety import GENERAL_ADVICE

    [reply, *_] = await bot.say("快来人 南门口有两个人打起来了 一个手里拿着刀")
    assert "【紧急】" in reply.text and "【安全提示】" in reply.text and "110" in reply.text
    [reply, *_] = await bot.say(
        "快来人啊 楼后面有个老爷子趴地上一动不动", who="钱阿姨", group="兰亭4号楼邻里群"
    )
    assert "【紧急】" in reply.text and "【安全提示】" in reply.text
    assert GENERAL_ADVICE in reply.text or "120" in reply.text
