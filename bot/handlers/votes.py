"""投票表决 in the chat.

Residents (privately):  投票 V0001 1   投票 V0001 同意   V0001 同意   投票V1 1
                        异议 V0001 内容 (during the 公示 period)
In a group the bot says 请私聊我投票 and counts nothing.
支部书记 and staff (privately): 新投票 + one "项目：内容" line each (see FORM_EXAMPLE).
"""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.chat.context import Context
from bot.chat.phrasing.votes import asks_turnout
from bot.chat.router import Router
from bot.domain.community import Role
from bot.domain.deliberation.votes import (
    DEFAULT_OPTIONS,
    FORM_EXAMPLE,
    BallotUnit,
    Vote,
    VoteError,
    VoteStatus,
    parse_form,
    parse_options,
    parse_percent,
    parse_rule,
    parse_yes,
)
from bot.domain.deliberation.voting import Rule
from bot.services.deliberation import open_votes, vote_reminders, votes
from bot.services.deliberation.votes import VoteInput

CODE = r"(?P<code>[Vv]?\s*\d{1,6})"
_WHEN = re.compile(
    r"(?:(?P<y>\d{4})[-/年.])?(?P<m>\d{1,2})[-/月.](?P<d>\d{1,2})日?\s*(?P<h>\d{1,2})[:：点](?P<mi>\d{2})?"
)


def build_router() -> Router:
    router = Router("votes")

    @router.command("投票", "我投", args=rf"{CODE}?\s*(?P<choice>.*)", usage="投票 V0001 1")
    def ballot(ctx: Context, args: re.Match[str]) -> None:
        _ballot(ctx, args["code"], args["choice"])

    @router.command("投票进度", "投票结果", args=rf"{CODE}", usage="投票进度 V0001")
    def where_it_stands(ctx: Context, args: re.Match[str]) -> None:
        _where_it_stands(ctx, args["code"])

    @router.command(
        "催票",
        "投票提醒",
        "提醒投票",
        args=rf"{CODE}\s*(?P<rest>.*)",
        usage="催票 V0001",
        min_role=Role.SECRETARY,
        where="private",
    )
    def remind(ctx: Context, args: re.Match[str]) -> None:
        _remind(ctx, args["code"])

    @router.command("V", args=r"(?P<n>\d{1,6})(?!\d)\s*(?P<choice>.+)", usage="投票 V0001 1")
    def bare(ctx: Context, args: re.Match[str]) -> None:
        _ballot(ctx, f"V{args['n']}", args["choice"])

    @router.command(
        "结束投票",
        "提前结束投票",
        "提前结束",
        "提前截止",
        "关闭投票",
        "停止投票",
        "截止投票",
        args=r"(?:投票)?\s*(?P<code>[Vv]\s*\d{1,6})(?!\d)\s*(?P<rest>.*)",
        usage="结束投票 V0001",
        strict=True,
    )
    def close_early(ctx: Context, args: re.Match[str]) -> None:
        _no_early_close(ctx, args["code"])

    @router.command("异议", args=rf"{CODE}?\s*(?P<text>.*)", usage="异议 V0001 内容")
    def objection(ctx: Context, args: re.Match[str]) -> None:
        if not ctx.is_private:
            ctx.reply("异议请私聊我发送：异议 编号 内容。")
            return
        if not args["code"]:
            ctx.reply("请写上投票编号和内容，例如「异议 V0001 我家没有收到投票通知」。")
            return
        try:
            vote, number = votes.raise_objection(
                ctx.uow, args["code"], args["text"], ctx.sender, ctx.now
            )
        except VoteError as exc:
            ctx.reply(str(exc))
            return
        ctx.reply(f"已收到您对投票 {vote.code} 的异议（第 {number} 号），社区会核实处理并答复您。")

    @router.command(
        "新投票",
        "发起投票",
        args=r"(?P<form>.*)",
        usage=FORM_EXAMPLE,
        min_role=Role.SECRETARY,
        where="private",
    )
    def create(ctx: Context, args: re.Match[str]) -> None:
        if not args["form"].strip():
            ctx.reply(f"请按这个格式发送（每项一行）：\n{FORM_EXAMPLE}")
            return
        try:
            data = _input(ctx, parse_form(args["form"]))
            vote = votes.create(
                ctx.uow,
                data,
                actor=ctx.sender.name,
                account=ctx.bot.account,
                now=ctx.now,
                tz=ctx.bot.tz,
            )
        except VoteError as exc:
            ctx.reply(str(exc))
            return
        if vote.opened_at is not None:
            groups = votes.scope_groups(ctx.uow, vote)
            status = f"已开始，已发到 {len(groups)} 个群。"
            count, area = vote.electorate_count, vote.electorate_area
        else:
            status = f"将于 {_local(vote.opens_at, ctx.bot.tz)} 开始（名单以开始时为准）。"
            seen = votes.preview(ctx.uow, vote.estate_id, vote.building_id, vote.unit)
            count, area = seen.count, seen.area
        ctx.reply(
            f"已创建投票 {vote.code}：{vote.title}\n"
            f"表决人数 {count}，总面积 {area:.2f} 平方米；{status}\n"
            "投票中的计票只有工作人员能在控制台看到。"
        )

    return router


def _found(ctx: Context, code: str) -> Vote | None:
    """The vote with this code, or None after telling the sender it does not exist."""
    try:
        return votes.find(ctx.uow, code)
    except VoteError as exc:
        ctx.reply(str(exc))
        return None


def _where_it_stands(ctx: Context, code: str) -> None:
    """ "投票结果出来了吗 V0001": where the vote stands; never the running count."""
    vote = _found(ctx, code)
    if vote is None:
        return
    if vote.status is VoteStatus.SCHEDULED:
        said = f"还没有开始，{_local(vote.opens_at, ctx.bot.tz)} 开始"
    elif vote.status is VoteStatus.OPEN:
        said = f"正在投票，{_local(vote.closes_at, ctx.bot.tz)} 截止，截止后在群里公示结果"
        if ctx.is_private and ctx.sender.role >= Role.SECRETARY:
            # "V0001 现在投了几户了": its organisers see how many voted, never how (the
            # running count by option stays on the console; convofix15b).
            counted = vote_reminders.turnout(ctx.uow, vote)
            said += f"。{counted.line()}；要提醒还没投的，发送「催票 {vote.code}」"
    else:
        posted = _posted_result(ctx, vote)
        if posted:
            # "结果出来了没有": the 公示 itself, for whoever missed it in the group (convo14).
            ctx.reply(f"投票 {vote.code} 已经截止，群里公示的结果是：\n{posted}")
            return
        said = f"已经截止（{vote.status.label}），结果已在群里公示"
    ctx.reply(f"投票 {vote.code} {vote.title}：{said}。")


def _remind(ctx: Context, code: str) -> None:
    """ "催票 V0001", "提醒一下3号楼还没投票的 V0001": a reminder in the vote's groups."""
    vote = _found(ctx, code)
    if vote is None:
        return
    if vote.status is not VoteStatus.OPEN:
        _where_it_stands(ctx, code)  # not running: nothing to chase
        return
    groups = vote_reminders.remind(ctx.uow, vote, now=ctx.now, tz=ctx.bot.tz)
    counted = vote_reminders.turnout(ctx.uow, vote)
    where = "、".join(g.topic for g in groups) or "（没有绑定的群）"
    ctx.reply(
        f"已在 {where} 发了投票 {vote.code} 的提醒（不点名，请还没投的住户私聊投票）。"
        f"{counted.line()}。"
    )


def _posted_result(ctx: Context, vote: Vote) -> str:
    """The 公示 as posted (the final one once frozen), for someone of the vote's 小区: it hung
    in its groups already. Counts only, never who chose what. "" when there is none to show."""
    text = vote.final_text if vote.status is VoteStatus.FINAL else vote.publicity_text
    place = ctx.estate_id or ctx.sender.estate_id
    if place != vote.estate_id and ctx.sender.role < Role.STAFF:
        return ""
    return text


_ASKED = re.compile(r"吗|么|呢|[?？]|是什么|什么时候|结果|截止|几号")


# "V0001 大家都投了 提前结束投票吧", "投票 V0001 现在就截止" (convofix13b #6): the organiser (or
# anyone) asking to close the vote early. Never a ballot; a vote runs to its published 截止.
_CLOSE_EARLY = re.compile(
    r"提前(?:结束|截止|关闭|停止|收|计票|公布|出结果)|(?:结束|关闭|停止|截止|关掉|停掉)(?:这个)?投票"
    r"|(?:现在|马上|立即|立刻|今天)就?(?:结束|截止|关闭|停止|计票|公布结果|出结果)"
    r"|(?:结束|截止|关闭)(?:掉)?(?:吧|了吧|算了)"
)


def closes_early(choice: str) -> bool:
    """Whether the words after a vote's code ask to close it before its 截止."""
    return bool(_CLOSE_EARLY.search(choice))


def _no_early_close(ctx: Context, code: str) -> None:
    """A vote runs to the 截止 published with it (PRODUCT §9: results frozen and posted as 公示;
    the 278 rules count the whole electorate): one clear line, no ballot prompt."""
    vote = _found(ctx, code)
    if vote is None:
        return
    if vote.status is VoteStatus.SCHEDULED:
        said = f"还没有开始（{_local(vote.opens_at, ctx.bot.tz)} 开始）"
    elif vote.status is VoteStatus.OPEN:
        said = (
            f"不能提前结束：按发布的截止时间 {_local(vote.closes_at, ctx.bot.tz)} 自动计票，"
            "并在群里预公示结果；截止前各户还可以改票"
        )
    else:
        said = f"已经截止（{vote.status.label}），结果已在群里公示"
    ctx.reply(f"投票 {vote.code}「{vote.title}」{said}。")


def _ballot(ctx: Context, code: str | None, choice: str) -> None:
    if code and closes_early(choice):
        _no_early_close(ctx, code)  # "V0001 提前结束投票吧": not the organiser's ballot
        return
    if code and (_ASKED.search(choice) or asks_turnout(choice)):
        _where_it_stands(ctx, code)  # "V0001是什么", "V0001 结果呢": a question, not a ballot
        return
    if not ctx.is_private:
        # Counted nothing: a ballot in a group would be neither secret nor the voter's own.
        ctx.reply("请私聊我投票，群里发的不算。为了保密，请不要在群里说出您的选择。")
        return
    if not code:
        if not choice.strip():
            ctx.reply("请写上投票编号和选项，例如「投票 V0001 1」。编号在群里的投票通知上。")
            return
        code = _sole_vote(ctx)  # "我投赞成": the one vote open to them (convo4 F14)
        if code is None:
            return
    try:
        result = votes.cast(
            ctx.uow, code, choice, ctx.sender, now=ctx.now, ballot_key=ctx.bot.ballot_key
        )
    except VoteError as exc:
        ctx.reply(str(exc))
        return
    vote = result.vote
    units = "、".join(result.units)
    again = "已更新您家的投票，以这一次为准" if result.replaced else "投票成功"
    if vote.secret:
        # The words are kept, the choice is not: the stored message and this answer leave it out.
        ctx.stored.text = f"投票 {vote.code}（不记名投票，选项不保存）"
        ctx.reply(
            f"{again}：{vote.code} {vote.title}（{units}）。这是不记名投票，您的选择不会被保存"
            f"或告诉任何人。截止前可以改票，截止时间 {_local(vote.closes_at, ctx.bot.tz)}。"
        )
    else:
        ctx.reply(
            f"{again}：{vote.code} {vote.title}（{units}），您选择「{result.option}」。"
            f"截止前可以改票，截止时间 {_local(vote.closes_at, ctx.bot.tz)}。"
        )


def _sole_vote(ctx: Context) -> str | None:
    """The code of the only vote open to the sender; else say which there are, or how."""
    group = ctx.group
    building_id = group.building_id if group is not None else ctx.sender.building_id
    found = open_votes.open_for(
        ctx.uow, ctx.sender, estate_id=ctx.estate_id, building_id=building_id
    )
    if len(found) == 1:
        return found[0].code
    if not found:
        ctx.reply("请写上投票编号和选项，例如「投票 V0001 1」。编号在群里的投票通知上。")
    else:
        named = "、".join(f"{v.code}「{v.title}」" for v in found)
        ctx.reply(
            f"现在有 {len(found)} 个投票：{named}。请写上编号，例如「投票 {found[0].code} 1」。"
        )
    return None


def _input(ctx: Context, fields: dict[str, str]) -> VoteInput:
    if "title" not in fields or "closes" not in fields:
        raise VoteError(f"至少要写标题和截止时间。格式：\n{FORM_EXAMPLE}")
    estate_id, building_id = _scope(ctx, fields.get("scope", ""))
    options = tuple(parse_options(fields["options"])) if "options" in fields else DEFAULT_OPTIONS
    secret = True
    if "open" in fields:
        secret = not parse_yes(fields["open"], "记名")
    if "secret" in fields:
        secret = parse_yes(fields["secret"], "不记名")
    unit_text = fields.get("unit", "户")
    if unit_text not in ("户", "人", "每户", "每人"):
        raise VoteError("「按」请写 户 或 人。")
    return VoteInput(
        estate_id=estate_id,
        building_id=building_id,
        title=fields["title"],
        opens_at=_when(fields["opens"], ctx) if fields.get("opens") else None,
        closes_at=_when(fields["closes"], ctx),
        options=options,
        agree_option=fields.get("agree") or None,
        unit=BallotUnit.PERSON if "人" in unit_text else BallotUnit.HOUSEHOLD,
        secret=secret,
        rule=parse_rule(fields["rule"]) if fields.get("rule") else Rule.SIMPLE,
        min_turnout=parse_percent(fields["turnout"]) if fields.get("turnout") else 0,
        topic_code=fields.get("topic") or None,
    )


def _scope(ctx: Context, text: str) -> tuple[int, int | None]:
    """范围: 3号楼 / 小区 within the sender's 小区; staff may name any: 兰亭小区, 兰亭3号楼."""
    text = text.strip()
    estate_id = ctx.sender.estate_id
    for estate in ctx.uow.estates.all():
        for prefix in (estate.name, estate.name[:2]):
            if text.startswith(prefix) and estate.id is not None:
                if ctx.sender.role < Role.STAFF and estate.id != ctx.sender.estate_id:
                    raise VoteError(f"「{estate.name}」不是您负责的小区。")
                estate_id, text = estate.id, text.removeprefix(prefix).strip()
                break
        else:
            continue
        break
    match = re.fullmatch(r"(\d{1,3}|[A-Za-z]\d{0,3})\s*(号楼|号|栋|幢|楼)?", text)
    if estate_id is None and match is not None:
        # Staff who cover several 小区 write "范围：3号楼" as README does: fine when only one
        # of them has that building; else ask which, naming each (convo10).
        having = [
            e
            for e in ctx.uow.estates.all()
            if e.id is not None and ctx.uow.estates.building_by_number(e.id, match[1].upper())
        ]
        if len(having) == 1:
            estate_id = having[0].id
        elif having:
            named = "、".join(f"「{e.name[:2]}{text}」" for e in having)
            raise VoteError(f"「{text}」在几个小区都有，请在「范围」写明是哪个：{named}。")
        else:
            raise VoteError(f"没有找到「{text[:20]}」，请在「范围」写明小区，例如「兰亭3号楼」。")
    if estate_id is None:
        raise VoteError("请在「范围」写明小区，例如「兰亭小区」或「兰亭3号楼」。")
    if text in ("", "小区", "全小区", "本小区"):
        return estate_id, None
    building = ctx.uow.estates.building_by_number(estate_id, match[1].upper()) if match else None
    if building is None:
        raise VoteError(f"范围「{text[:20]}」看不懂，请写「3号楼」或「小区」。")
    return estate_id, building.id


def _when(text: str, ctx: Context) -> datetime:
    text = text.strip()
    if text in ("现在", "立即", "马上"):
        return ctx.now
    match = _WHEN.fullmatch(text)
    local_now = ctx.now.astimezone(ctx.bot.tz)
    if not match:
        raise VoteError(
            f"时间「{text[:20]}」看不懂，请写「2026-12-10 20:00」或「12月10日 20:00」。"
        )
    try:
        moment = datetime(
            int(match["y"] or local_now.year),
            int(match["m"]),
            int(match["d"]),
            int(match["h"]),
            int(match["mi"] or 0),
            tzinfo=ctx.bot.tz,
        )
    except ValueError:
        raise VoteError(f"时间「{text[:20]}」不是有效的日期。") from None
    return moment


def _local(moment: datetime, tz: ZoneInfo) -> str:
    local = moment.astimezone(tz)
    return f"{local.month}月{local.day}日 {local:%H:%M}"
