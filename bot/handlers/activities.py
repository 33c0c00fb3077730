"""党群阵地@你 in the chat.

Residents:   活动 (what is coming)   报名 3   取消报名 3   我的报名
             or quote a reminder / correction and say 报名
Staff and 支部书记:
             新活动 + one "项目：内容" line each (标题 类型 地点 时间 名额 候补 对象 积分 说明)
             修改活动 3 + the lines that change        取消活动 3 原因
             报名名单 3        签到 3 @张三 @李四  (privately: 签到 3 张三 李四)
"""

from __future__ import annotations

import re

from bot.chat.codes import NUMBER
from bot.chat.context import Context
from bot.chat.router import Router
from bot.domain.activities import (
    FORM_EXAMPLE,
    Activity,
    ActivityError,
    Schedule,
    SignupStatus,
    default_end_note,
    open_ended,
    parse_count,
    parse_form,
    parse_span,
    render_item,
    titled,
    when_text,
)
from bot.domain.community import Person, Role
from bot.services.activities import attendance, planning, signups, support
from bot.services.activities.planning import ActivityInput
from bot.services.points import LedgerAwarder
from bot.services.points_policy import PointsPolicy

STAFF_ROLE = Role.SECRETARY
_QUOTED_NUMBER = re.compile(r"【(\d{1,6})】")
_WITH_OTHERS = re.compile(
    r"带|和|跟|一起|一家|全家|家人|孩子|小孩|儿子|女儿|孙|老伴|爱人|老公|老婆|朋友|"
    r"[两二三四俩仨]个?人|\d\s*[人位个]|\+\s*\d"
)
# "报名 1和2和3…和299" answered every number, one line each: a 5,000-character group message
# (and 299 sign-ups) from one line of text (probe9). Nobody goes to more at once.
MAX_AT_ONCE = 5
# More activity numbers after the first: "和2", "、2、3", " 2" (not "和老伴").
_MORE_NUMBERS = re.compile(
    r"^(?:\s*(?:和|跟|及|还有|、|,|，|\s)\s*第?\d{1,4}(?!\d)(?:号|个(?!人))?(?![人位点:：岁个]))+"
)
_DIGITS = re.compile(r"\d+")
# Words that can only mean signing up; "参加" may be other speech ("参加工作三十年").
_SURELY_SIGNING = re.compile(r"报个?名|报一个|报一下|报上|算我一个|算上我")
_NAME_SPLIT = re.compile(r"[\s,，、@\u2005]+")


def build_router(policy: PointsPolicy | None = None) -> Router:
    router = Router("activities")

    @router.command("活动", "活动预告", "近期活动", args=f"{NUMBER}?", usage="活动 3")
    def coming(ctx: Context, args: re.Match[str]) -> None:
        if args["n"]:
            # "2号活动在哪", "活动 2": that one activity's card (time, place, seats).
            activity = ctx.uow.activities.get(int(args["n"]))
            if activity is None or activity.cancelled:
                ctx.reply(f"没有找到活动【{args['n']}】。发送「活动」看看近期有什么。")
                return
            venue = ctx.uow.activities.venue(activity.venue_id)
            # Another 小区's activity: its card, and the refusal a sign-up would get.
            how = signups.other_estate(ctx.uow, activity, home_estate(ctx))
            how = how or f"回复「报名 {activity.id}」报名。"
            ctx.reply(f"{render_item(activity, venue, ctx.bot.tz)}\n{how}")
            return
        items = signups.upcoming(
            ctx.uow,
            ctx.now,
            group=ctx.group,
            estate_id=ctx.estate_id,
            building_id=ctx.sender.building_id if ctx.sender.role < Role.STAFF else None,
        )
        if not items:
            ctx.reply("近期还没有安排党群阵地活动，有了会在群里预告。")
            return
        body = "\n".join(render_item(a, v, ctx.bot.tz) for a, v in items[:10])
        ctx.reply(f"近期党群阵地活动：\n{body}\n回复「报名 编号」报名。")

    @router.command("报名", "我要报名", args=f"{NUMBER}?", usage="报名 3")
    def sign_up(ctx: Context, args: re.Match[str]) -> None:
        number = _number(ctx, args["n"])
        if number is None:
            return
        number = _by_day(ctx, number, _open_here(ctx))
        # "报名1和2", "报名 1、2": one sign-up per number; the rest of the tail is words.
        more = _MORE_NUMBERS.match(ctx.tail)
        numbers = [number, *(int(n) for n in _DIGITS.findall(more[0]))] if more else [number]
        tail = ctx.tail[more.end() :] if more else ctx.tail
        wanted = list(dict.fromkeys(numbers))
        answers = [_sign_up_one(ctx, n, tail) for n in wanted[:MAX_AT_ONCE]]
        if len(wanted) > MAX_AT_ONCE:
            answers.append(f"一次最多报名 {MAX_AT_ONCE} 个活动，其余的请另发一条。")
        ctx.reply("\n".join(a for a in answers if a))

    @router.command("报名活动", args=r"(?P<title>[^，,]*)(?P<more>.*)", usage="报名活动 义诊")
    def sign_up_by_title(ctx: Context, args: re.Match[str]) -> None:
        """ "反诈那个我报一个" (convofix3 #1): the one open activity the words name; several,
        one short question; none, a hint only when the words surely meant signing up."""
        words, tail = args["title"].strip(), args["more"]
        if not words or words.isdigit():
            number = _number(ctx, words or None)
            if number is not None:
                ctx.reply(_sign_up_one(ctx, number, tail))
            return
        sure = _SURELY_SIGNING.search(ctx.message.text) is not None
        items = signups.upcoming(ctx.uow, ctx.now, group=ctx.group, estate_id=ctx.estate_id)
        open_ = [a for a, _ in items if not a.started(ctx.now)]
        found = titled(words, open_, ctx.now, ctx.bot.tz, loose=sure)
        if not found:
            # Another 小区's activity by its name: the same refusal as by its number.
            found = titled(words, elsewhere(ctx), ctx.now, ctx.bot.tz, loose=False)[:1]
        if len(found) == 1:
            ctx.reply(_sign_up_one(ctx, found[0].id or 0, tail))
        elif found:
            listed = "；".join(
                f"【{a.id}】{a.title}（{when_text(a, ctx.bot.tz)}）" for a in found[:5]
            )
            ask = f"请回复「报名 编号」，例如「报名 {found[0].id}」。"
            ctx.reply(f"您说的是哪一个？{listed}。{ask}")
        elif sure:
            ctx.reply(
                f"没有找到「{words}」这个活动。发送「活动」看看近期有什么，回复「报名 编号」报名。"
            )

    @router.command("取消报名", "不去了", args=f"{NUMBER}?", usage="取消报名 3")
    def withdraw(ctx: Context, args: re.Match[str]) -> None:
        number = int(args["n"]) if args["n"] else None
        if number is None:
            mine = signups.my_signups(ctx.uow, _id(ctx.sender), ctx.now)
            if len(mine) != 1:
                ctx.reply("请写上活动编号，例如「取消报名 3」。发送「我的报名」可查看编号。")
                return
            number = mine[0][1].id or 0
        mine_now = [a for _, a in signups.my_signups(ctx.uow, _id(ctx.sender), ctx.now)]
        if all(a.id != number for a in mine_now):
            number = _by_day(ctx, number, mine_now)  # "12号那个去不了": her one on the 12th
        try:
            result = signups.withdraw(
                ctx.uow, number, _id(ctx.sender), schedule=_schedule(ctx), now=ctx.now
            )
        except ActivityError as exc:
            ctx.reply(str(exc))
            return
        if result.was is None:
            ctx.reply(f"您没有报名活动【{number}】。")
        else:
            ctx.reply(f"已为您取消报名活动【{number}】{result.activity.title}。欢迎下次参加！")

    @router.command("我的报名", "我的活动")
    def mine(ctx: Context, _args: re.Match[str]) -> None:
        rows = signups.my_signups(ctx.uow, _id(ctx.sender), ctx.now)
        if not rows:
            ctx.reply("您还没有报名活动。发送「活动」看看近期有什么。")
            return
        lines = ["您报名的活动："]
        for signup, activity in rows:
            state = "候补" if signup.status is SignupStatus.WAITING else "已报名"
            if activity.cancelled:
                # Staff called it off: her sign-up still stands in the table, but she must not
                # read "已报名" and turn up (convofix11c).
                why = f"（{activity.cancel_reason}）" if activity.cancel_reason else ""
                state = f"活动已取消{why}，无需前往"
            lines.append(
                f"【{activity.id}】{activity.title} · {when_text(activity, ctx.bot.tz)} · {state}"
            )
        ctx.reply("\n".join(lines))

    @router.command(
        "新活动",
        "发布活动",
        args=r"(?P<form>.*)",
        usage=FORM_EXAMPLE,
        min_role=STAFF_ROLE,
        where="private",
    )
    def create(ctx: Context, args: re.Match[str]) -> None:
        if not args["form"].strip():
            ctx.reply(f"请按这个格式发送（每项一行）：\n{FORM_EXAMPLE}")
            return
        try:
            fields = parse_form(args["form"])
            if "title" not in fields or "when" not in fields:
                raise ActivityError(f"至少要写标题和时间。格式：\n{FORM_EXAMPLE}")
            start, end = parse_span(fields["when"], ctx.now, ctx.bot.tz)
            capacity = parse_count(fields.get("capacity", ""), "名额", unlimited_ok=True)
            waitlist = fields.get("waitlist")
            data = ActivityInput(
                title=fields["title"],
                starts_at=start,
                ends_at=end,
                venue=fields.get("venue", ""),
                kind=fields.get("kind", "其他"),
                capacity=capacity,
                waitlist=parse_count(waitlist, "候补") if waitlist else None,
                audience=fields.get("audience", "") or _default_audience(ctx),
                points=parse_count(fields.get("points", "0") or "0", "积分") or 0,
                description=fields.get("description", ""),
            )
            schedule = _schedule(ctx)
            activity = planning.create(
                ctx.uow,
                data,
                actor=_actor(ctx),
                schedule=schedule,
                now=ctx.now,
                scope_estate_id=_scope(ctx),
            )
        except ActivityError as exc:
            ctx.reply(str(exc))
            return
        venue = ctx.uow.activities.venue(activity.venue_id)
        groups = planning.audience_groups(ctx.uow, activity)
        moment = schedule.preview_moment(activity.starts_at)
        if ctx.now >= moment:
            when = f"本月预告已发，已把这个活动单独发到 {len(groups)} 个群"
        else:
            local = moment.astimezone(ctx.bot.tz)
            day = f"{local.month}月{local.day}日"
            when = f"将在 {day}的「党群阵地@你」预告中发到 {len(groups)} 个群"
        # Staff see where it goes (as a 通知's preview shows), and how to change that.
        where = _group_names([g.topic for g in groups])
        change = f"要改发送范围，请发送「修改活动 {activity.id} 对象：全部」（或小区、楼栋名）。"
        if open_ended(fields["when"]):
            change += "\n" + default_end_note(activity, ctx.bot.tz)
        ctx.reply(
            f"已创建活动：\n{render_item(activity, venue, ctx.bot.tz)}\n{when}：{where}。\n{change}"
        )

    @router.command(
        "修改活动",
        args=rf"{NUMBER}\s*(?P<form>.*)",
        usage="修改活动 3（下一行起写要改的项目）",
        min_role=STAFF_ROLE,
        where="private",
    )
    def edit(ctx: Context, args: re.Match[str]) -> None:
        try:
            fields = parse_form(args["form"])
            if not fields:
                raise ActivityError(
                    "请在下一行起写要改的项目，例如「时间：2026-12-06 09:00-11:00」。"
                )
            changes: dict[str, object] = {}
            for name, value in fields.items():
                if name == "when":
                    changes[name] = parse_span(value, ctx.now, ctx.bot.tz)
                elif name == "capacity":
                    changes[name] = parse_count(value, "名额", unlimited_ok=True)
                elif name in ("waitlist", "points"):
                    changes[name] = parse_count(value, "数量") or 0
                else:
                    changes[name] = value
            activity, said = planning.edit(
                ctx.uow,
                int(args["n"]),
                changes,
                actor=_actor(ctx),
                schedule=_schedule(ctx),
                now=ctx.now,
                scope_estate_id=_scope(ctx),
            )
        except ActivityError as exc:
            ctx.reply(str(exc))
            return
        told = len(ctx.uow.activities.notice_groups(activity.id or 0))
        note = f"已向之前收到预告的 {told} 个群发更正。" if said and told else "已保存。"
        if "when" in fields and open_ended(fields["when"]):
            note += default_end_note(activity, ctx.bot.tz)
        ctx.reply(f"活动【{activity.id}】已修改。{note}")

    @router.command(
        "取消活动",
        args=rf"{NUMBER}\s*(?P<reason>.*)",
        usage="取消活动 3 原因",
        min_role=STAFF_ROLE,
        where="private",
    )
    def cancel(ctx: Context, args: re.Match[str]) -> None:
        try:
            activity = planning.cancel(
                ctx.uow,
                int(args["n"]),
                actor=_actor(ctx),
                reason=args["reason"],
                schedule=_schedule(ctx),
                now=ctx.now,
                scope_estate_id=_scope(ctx),
            )
        except ActivityError as exc:
            ctx.reply(str(exc))
            return
        told = len(ctx.uow.activities.notice_groups(activity.id or 0))
        signed = len(
            ctx.uow.activities.signups(
                activity.id or 0, [SignupStatus.CONFIRMED, SignupStatus.WAITING]
            )
        )
        people = f"和报名的 {signed} 人" if signed else ""
        ctx.reply(f"活动【{activity.id}】已取消，已通知之前收到预告的 {told} 个群{people}。")

    @router.command(
        "报名名单", args=NUMBER, usage="报名名单 3", min_role=STAFF_ROLE, where="private"
    )
    def roster(ctx: Context, args: re.Match[str]) -> None:
        try:
            found = attendance.roster(ctx.uow, int(args["n"]), _scope(ctx))
        except ActivityError as exc:
            ctx.reply(str(exc))
            return
        a = found.activity
        limit = "不限" if a.capacity is None else str(a.capacity)
        lines = [
            f"活动【{a.id}】{a.title}：已报名 {len(found.confirmed)}/{limit}，"
            f"候补 {len(found.waiting)}，已签到 {len(found.attended)}"
        ]
        if found.confirmed:
            lines.append("报名：" + "、".join(p.name for _, p in found.confirmed))
        if found.waiting:
            lines.append("候补：" + "、".join(p.name for _, p in found.waiting))
        ctx.reply("\n".join(lines))

    @router.command(
        "签到", args=rf"{NUMBER}(?P<names>.*)", usage="签到 3 @张三 @李四", min_role=STAFF_ROLE
    )
    def attend(ctx: Context, args: re.Match[str]) -> None:
        people, unknown = _named_people(ctx, args["names"])
        if not people:
            ctx.reply("请 @ 参加的居民，例如「签到 3 @张三 @李四」（私聊可直接写名字）。")
            return
        try:
            result = attendance.mark_attendance(
                ctx.uow,
                int(args["n"]),
                [_id(p) for p in people],
                actor=_actor(ctx),
                now=ctx.now,
                # Booked now, as the reply promises "每人记 3 积分" (convo4 F73): the resident
                # asking 我的积分 a minute later sees them, not after the next job tick.
                award=LedgerAwarder(policy, ctx.bot.tz) if policy else attendance.no_ledger,
                scope_estate_id=_scope(ctx),
            )
        except ActivityError as exc:
            ctx.reply(str(exc))
            return
        activity = ctx.uow.activities.get(int(args["n"]))
        points = activity.points if activity else 0
        lines = []
        if result.marked:
            earned = f"，每人记 {points} 积分" if points else ""
            lines.append(
                f"已签到 {len(result.marked)} 人{earned}："
                + "、".join(p.name for p in result.marked)
            )
        if result.already:
            lines.append("之前已签到：" + "、".join(p.name for p in result.already))
        lines.extend(attendance.not_credited_line(ctx.uow, p) for p in result.not_credited)
        if unknown:
            lines.append("没找到这些人：" + "、".join(unknown))
        ctx.reply("\n".join(lines), mention=False)

    return router


def _sign_up_one(ctx: Context, number: int, tail: str) -> str:
    """The answer to signing the sender up for one activity."""
    try:
        if ctx.sender.role < Role.STAFF:
            # Another 小区's activity gets the one refusal every path gives (sign_up's own);
            # the audience check stops what that leaves (a group or 楼栋 not invited).
            activity = support.find_activity(ctx.uow, number)
            refusal = signups.other_estate(
                ctx.uow, activity, home_estate(ctx)
            ) or signups.invitation_refusal(
                ctx.uow,
                number,
                group=ctx.group,
                estate_id=ctx.estate_id,
                building_id=ctx.sender.building_id,
            )
            if refusal:
                return refusal
        result = signups.sign_up(
            ctx.uow,
            number,
            _id(ctx.sender),
            account=ctx.bot.account,
            group_id=ctx.group.id if ctx.group else None,
            now=ctx.now,
            estate_id=home_estate(ctx),
        )
    except ActivityError as exc:
        return str(exc)
    activity = result.activity
    what = f"【{activity.id}】{activity.title}（{when_text(activity, ctx.bot.tz)}）"
    if result.refusal:
        return result.refusal
    if result.status is SignupStatus.WAITING:
        prefix = "您已在候补名单上" if result.already else "名额已满，已为您登记候补"
        return f"{prefix}：{what}，候补第 {result.position} 位。有人取消会按顺序递补并通知您。"
    if result.already:
        return f"您已经报名了{what}，不用重复报名。"
    return (
        f"报名成功：{what}。活动前一天会提醒您；去不了请回复「取消报名 {activity.id}」。"
        + _companions(tail, activity.id or 0)
    )


def _companions(tail: str, number: int) -> str:
    """ "报名 2，带孩子一起": one line each, said plainly.

    A signup is one person: the seat, the 签到 and the points are each someone's. A +1 seat
    would have nobody to check in or credit, so the answer says how to bring the family along.
    """
    if not _WITH_OTHERS.search(tail):
        return ""
    return (
        f"\n每人占一个名额：同去的家人请用自己的微信也发送「报名 {number}」；"
        "孩子或没有微信的家人，请到现场告诉工作人员登记。"
    )


def _number(ctx: Context, given: str | None) -> int | None:
    """The activity number: given, or read from the quoted reminder/correction/preview."""
    if given:
        return int(given)
    quoted = sorted({int(n) for n in _QUOTED_NUMBER.findall(ctx.message.quote or "")})
    if len(quoted) == 1:
        return quoted[0]
    if quoted:
        ctx.reply(f"预告里有好几个活动，请回复「报名 编号」，例如「报名 {quoted[0]}」。")
        return None
    # "我报名" with nothing quoted: the one activity open here (convofix10a); several, which.
    open_ = _open_here(ctx)
    if len(open_) == 1:
        return open_[0].id
    if open_:
        ctx.reply(which_activity(ctx, open_, "报名"))
    else:
        ctx.reply("请写上活动编号，例如「报名 3」。发送「活动」可查看近期活动和编号。")
    return None


_DAY_SAID = re.compile(r"(?<!\d)(\d{1,2})\s*[号日]")


def _by_day(ctx: Context, number: int, among: list[Activity]) -> int:
    """ "12号那个我也去": 12 is a day of the month when no activity 【12】 is among these but
    exactly one of them falls on the 12th (convofix10a); else the number as said."""
    if any(a.id == number for a in among):
        return number
    said = {int(d) for d in _DAY_SAID.findall(ctx.message.text)}
    if number not in said:
        return number
    on_day = [a for a in among if a.starts_at.astimezone(ctx.bot.tz).day == number]
    return on_day[0].id or number if len(on_day) == 1 else number


def _open_here(ctx: Context) -> list[Activity]:
    items = signups.upcoming(ctx.uow, ctx.now, group=ctx.group, estate_id=ctx.estate_id)
    return [a for a, _ in items if not a.started(ctx.now) and not a.cancelled]


def which_activity(ctx: Context, found: list[Activity], verb: str) -> str:
    """One short question listing the activities the words may mean."""
    listed = "；".join(f"【{a.id}】{a.title}（{when_text(a, ctx.bot.tz)}）" for a in found[:5])
    return f"您说的是哪一个？{listed}。请回复「{verb} 编号」，例如「{verb} {found[0].id}」。"


def home_estate(ctx: Context) -> int | None:
    """The signer's 小区: their home, else the group's; staff sign up anywhere."""
    if ctx.sender.role >= Role.STAFF:
        return None
    return ctx.sender.estate_id or ctx.estate_id


def elsewhere(ctx: Context) -> list[Activity]:
    """Open activities anywhere in the 社区, for naming the one another 小区 holds."""
    items = signups.upcoming(ctx.uow, ctx.now, group=None, estate_id=None)
    return [a for a, _ in items if not a.started(ctx.now) and not a.cancelled]


def _named_people(ctx: Context, names: str) -> tuple[list[Person], list[str]]:
    """Who 签到 names: @-mentions in a group, plain names privately."""
    people: list[Person] = []
    unknown: list[str] = []
    names_by_id = dict(zip(ctx.message.mention_ids, ctx.message.mention_names, strict=False))
    for wechat_id in ctx.message.mention_ids:
        person = ctx.uow.people.by_wechat_id(wechat_id)
        name = names_by_id.get(wechat_id) or wechat_id
        if person is None and name != ctx.bot.name:
            # Someone the bot has not heard speak yet, but WeChat vouches they are here.
            person = ctx.uow.people.add(
                Person(wechat_id=wechat_id, display_name=name, first_seen=ctx.now)
            )
        if person is not None and person.id != ctx.sender.id:
            people.append(person)
    if people:
        return people, unknown
    for name in (n for n in _NAME_SPLIT.split(names) if n):
        found = list(ctx.uow.people.by_display_name(name))
        if len(found) == 1:
            people.append(found[0])
        else:
            unknown.append(name if not found else f"{name}（重名，请用 @）")
    return people, unknown


def _schedule(ctx: Context) -> Schedule:
    # From the config's [activities] (bootstrap puts it on the profile); defaults otherwise.
    return ctx.bot.activity_schedule or Schedule(tz=ctx.bot.tz)


def _default_audience(ctx: Context) -> str:
    # Empty: the venue's 小区 (planning.create), or everyone for a 社区-wide venue.
    return ""


def _group_names(names: list[str], shown: int = 6) -> str:
    if not names:
        return "（没有群）"
    more = f"等 {len(names)} 个群" if len(names) > shown else ""
    return "、".join(names[:shown]) + more


def _scope(ctx: Context) -> int | None:
    return ctx.sender.estate_id if ctx.sender.role < Role.STAFF else None


def _actor(ctx: Context) -> str:
    return f"{ctx.sender.name}({ctx.sender.wechat_id})"


def _id(person: Person) -> int:
    assert person.id is not None
    return person.id
