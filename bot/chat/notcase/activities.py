"""Activities named in words instead of their number (convofix10a): "剪纸那个还能报吗",
"剪纸课我报一个", "5号那个我去", "我报名", "家里有事去不成了 取消吧", "剪纸的不去了".

An activity is named by its title ("剪纸"), its day ("5号", "周六", "12月5日") or, for a
withdrawal, not at all (then her own sign-ups decide). Exactly one activity fits ⇒ the words
act on it; several ⇒ one short question listing them; none ⇒ the words are about something
else and go on to the other readings. An activity open only to another 小区 is refused with
the same sentence as "报名 1" (signups.other_estate).
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Literal
from zoneinfo import ZoneInfo

from bot.chat import phrasing
from bot.chat.context import Context
from bot.chat.notcase.base import Run
from bot.domain.activities import Activity, titled, when_text
from bot.domain.community import Role
from bot.services.activities import signups

MAX_WORDS = 24
# Asking whether there is still room: "还能报吗", "还有名额吗", "满了没".
_ROOM = re.compile(
    r"还能报|还可以报|能报名吗|可以报名吗|能报吗|还有名额|还有位置|还有空位|还有座位?|还有票"
    r"|报满了|满了吗|满了没|满没满|还收人|名额还有|还剩几个|剩几个名额"
)
# Saying she is going: "我报一个", "算我一个", "我去", "我也参加".
_GOING = re.compile(
    r"(?:我们?|俺|咱)(?:也|就|还|都)?(?:要|想)?(?:去|参加|报名|报个名|报一个)(?:吧|哈|啊|呀|的)?$"
    r"|算我一个|算上我|报我一个|给我报(?:个名|一个|上)?|帮我报(?:个名|一个|上)?"
)
# No name needed for these: "我报名", "我也报名", "给我报个名" (not "我去": a figure of speech).
_GOING_ALONE = re.compile(
    r"^(?:我们?|俺|咱)(?:也|就|还)?(?:要|想)?(?:报名|报个名|报一个|参加)(?:吧|哈|啊|呀)?$"
    r"|^(?:算我一个|算上我|报我一个|给我报(?:个名|一个|上)?|帮我报(?:个名|一个|上)?)$"
)
# Withdrawing: "去不成了", "不去了", "来不了", "取消报名".
_AWAY = re.compile(
    r"去不成|去不了|不去了|不能去了?|来不了|参加不了|不参加了|没法去|不报了|取消报名|退出活动"
)
_CANCEL = re.compile(r"(?:帮我)?取消(?:了|掉)?(?:吧|哈|啊)?|退了吧?")
# What stands around the name and is not it.
_FILLER = re.compile(
    r"那个|这个|那场|这场|的|活动|课程?$|我们?|也|就|还|都|吧|了|啊|呀|哈|嘛|呢|吗|么|请问|麻烦"
    r"|家里有事|有事|临时|突然|不好意思|抱歉|对不起|实在|哎|唉|[\s,，。!！?？~～]"
)
# A day of the month: "5号", "5日", "12月5日", "12月5号".
_DATE = re.compile(r"(?:(?P<m>\d{1,2})月)?(?P<d>\d{1,2})(?:号|日)")
_NUMBER_ONLY = re.compile(r"第?\d{1,4}个?")


# Where or when, asked about an activity named by its title: "义诊在哪儿啊 几点开始",
# "手机课在哪上", "剪纸活动什么时候" (convo15 activity_signup_family): its card, as "2号活动在哪"
# gets.
_WHERE_WHEN = re.compile(
    r"(?:是|在)?(?:在哪儿?|在哪里|哪里|什么地方|啥地方|几点|什么时候|啥时候|哪天|几号|怎么去|地点是?"
    r"|时间是?)(?:开始|举行|举办|进行|上课|集合|上|办|去)?"
)


Kind = Literal["away", "room", "going", "where"]


def read(words: str) -> tuple[Kind, str] | None:
    """What the words do about an activity, and the words that name it ("" for none)."""
    if not words or len(words) > MAX_WORDS:
        return None
    if _AWAY.search(words):
        return "away", _FILLER.sub("", _CANCEL.sub("", _AWAY.sub(" ", words)))
    room = _ROOM.search(words)
    if room is not None:
        return "room", _name(words, room)
    going = _GOING.search(words)
    if going is None:
        if _WHERE_WHEN.search(words) is not None:
            return "where", _FILLER.sub("", _WHERE_WHEN.sub(" ", words))
        return None
    name = _name(words, going)
    if not name and _GOING_ALONE.search(words) is None:
        return None  # "我去" alone is a figure of speech, not a sign-up
    return "going", name


def activity_words(ctx: Context, said: str, run: Run) -> bool:
    """Room asked for, a sign-up or a withdrawal, the activity named in words."""
    found = read(phrasing.trim(said))
    if found is None:
        return False
    kind, name = found
    if kind == "away":
        return _withdraw(ctx, name, run)
    if kind == "room":
        return _room(ctx, name, run)
    if kind == "where":
        return _card(ctx, name, run)
    return _sign_up(ctx, name, run)


def _name(words: str, verb: re.Match[str]) -> str:
    """The words that name the activity: the message without the verb and the filler."""
    rest = words[: verb.start()] + " " + words[verb.end() :]
    return _FILLER.sub("", rest)


def _withdraw(ctx: Context, name: str, run: Run) -> bool:
    person = ctx.sender.id
    if person is None:
        return False
    mine = [a for _, a in signups.my_signups(ctx.uow, person, ctx.now) if not a.started(ctx.now)]
    if not mine:
        return False  # "去不了了" about anything else: not hers to cancel
    found = _fitting(name, mine, ctx.now, ctx.bot.tz) if name else mine
    if not found:
        return False
    if len(found) > 1:
        ctx.reply(_which(ctx, found, "取消报名", "您报名了几个活动"))
        return True
    return run(f"取消报名 {found[0].id}")


def _room(ctx: Context, name: str, run: Run) -> bool:
    here = _open_here(ctx)
    found = _fitting(name, here, ctx.now, ctx.bot.tz) if name else here
    if not found and name:
        found = _fitting(name, _open_anywhere(ctx), ctx.now, ctx.bot.tz)[:1]
    if not found:
        return False
    if len(found) > 1:
        ctx.reply(_which(ctx, found, "报名", "近期有几个活动"))
        return True
    activity = found[0]
    estate = None if ctx.sender.role >= Role.STAFF else (ctx.sender.estate_id or ctx.estate_id)
    refusal = signups.other_estate(ctx.uow, activity, estate)
    if refusal is not None:
        ctx.reply(refusal)
        return True
    seats, waiting = signups.seats_left(ctx.uow, activity)
    what = f"【{activity.id}】{activity.title}（{when_text(activity, ctx.bot.tz)}）"
    if seats is None or seats > 0:
        left = "不限名额" if seats is None else f"还有 {seats} 个名额"
        ctx.reply(f"{what}{left}，回复「报名 {activity.id}」就能报名。")
    elif waiting > 0:
        ctx.reply(
            f"{what}名额已满，还可以排候补（剩 {waiting} 个候补位），"
            f"回复「报名 {activity.id}」登记候补。"
        )
    else:
        ctx.reply(f"{what}名额和候补都满了，下次早点报名哦。发送「活动」看看其他活动。")
    return True


def _card(ctx: Context, name: str, run: Run) -> bool:
    """ "义诊在哪儿啊 几点开始": the card of the one open activity whose title holds the words
    (whole words only: "电梯在哪儿修" names no activity and goes on as what it is)."""
    if not name:
        return False
    found = titled(name, _open_here(ctx), ctx.now, ctx.bot.tz, loose=False)
    if not found:
        found = titled(name, _open_anywhere(ctx), ctx.now, ctx.bot.tz, loose=False)[:1]
    if not found:
        return False
    if len(found) > 1:
        ctx.reply(_which(ctx, found, "活动", "您问的是哪一个？"))
        return True
    return run(f"活动 {found[0].id}")


def _sign_up(ctx: Context, name: str, run: Run) -> bool:
    here = _open_here(ctx)
    if not name:
        if not here:
            anywhere = _open_anywhere(ctx)
            # The only activity is another 小区's: say so, as "报名 1" would.
            return len(anywhere) == 1 and run(f"报名 {anywhere[0].id}")
        return run("报名")  # one ⇒ signed up; several ⇒ the handler asks which
    found = _fitting(name, here, ctx.now, ctx.bot.tz)
    if not found:
        found = _fitting(name, _open_anywhere(ctx), ctx.now, ctx.bot.tz)[:1]
    if not found:
        return False
    if len(found) > 1:
        ctx.reply(_which(ctx, found, "报名", "您说的是哪一个？"))
        return True
    return run(f"报名 {found[0].id}")


def _fitting(name: str, activities: list[Activity], now: datetime, tz: ZoneInfo) -> list[Activity]:
    """The activities the words name: a day of the month ("5号" — or activity 【5】), a
    weekday or a title."""
    date = _DATE.search(name)
    if date is not None:
        day, month = int(date["d"]), int(date["m"]) if date["m"] else None
        rest = (name[: date.start()] + name[date.end() :]).strip()
        on_day = [
            a
            for a in activities
            if a.starts_at.astimezone(tz).day == day
            and (month is None or a.starts_at.astimezone(tz).month == month)
        ]
        numbered = [a for a in activities if month is None and a.id == day and a not in on_day]
        found = on_day + numbered
        return titled(rest, found, now, tz) if rest else found
    if _NUMBER_ONLY.fullmatch(name):
        return []  # "第1个": the number rules' (phrasing.signups), not a name
    return titled(name, activities, now, tz)


def _open_here(ctx: Context) -> list[Activity]:
    items = signups.upcoming(ctx.uow, ctx.now, group=ctx.group, estate_id=ctx.estate_id)
    return [a for a, _ in items if not a.started(ctx.now) and not a.cancelled]


def _open_anywhere(ctx: Context) -> list[Activity]:
    items = signups.upcoming(ctx.uow, ctx.now, group=None, estate_id=None)
    return [a for a, _ in items if not a.started(ctx.now) and not a.cancelled]


def _which(ctx: Context, found: list[Activity], verb: str, lead: str) -> str:
    listed = "；".join(f"【{a.id}】{a.title}（{when_text(a, ctx.bot.tz)}）" for a in found[:5])
    lead = lead if lead.endswith("？") else f"{lead}："
    return f"{lead}{listed}。请回复「{verb} 编号」，例如「{verb} {found[0].id}」。"
