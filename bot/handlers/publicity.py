"""What the community sees of points, in chat: 公示名 (how one is named), 积分公示 (the
month's preview, privately), 我的星级 and 党员星级 (the party members' quarterly stars)."""

from __future__ import annotations

import re

from bot.chat.context import Context
from bot.chat.router import Router
from bot.domain.community import Role
from bot.domain.points import month_of, parse_month, previous_month
from bot.domain.publicity import (
    NAME_CHOICE_KEY,
    NAME_WORDS,
    NameChoice,
    name_choice,
    public_name,
    render,
)
from bot.domain.stars import parse_quarter, quarter_of, stars_text
from bot.services import publicity, stars
from bot.services.points_policy import PointsPolicy, default_policy


def build_router(policy: PointsPolicy | None = None) -> Router:
    policy = policy or default_policy()
    router = Router("publicity")

    @router.command("公示名", "公示名称", args=r"(?P<choice>\S*)", usage="公示名 实名")
    def name_choice(ctx: Context, args: re.Match[str]) -> None:
        choice = NAME_WORDS.get(args["choice"])
        if choice is None and args["choice"]:
            # "公示名改成老王": no name of one's own choosing (nobody checks it); the WeChat
            # nickname is hers to change, and 「公示名 昵称」 then shows it (convofix10a).
            own = args["choice"][:8]
            ctx.send(
                f"公示里只能显示实名、微信昵称或匿名（姓加 *），不能另起名字。"
                f"想显示「{own}」，可以把微信昵称改成{own}，再发「公示名 昵称」。"
                f"现在积分公示里{_as_shown(ctx, policy)}。",
                person=ctx.sender,
            )
            if ctx.group is not None:
                ctx.reply("已私信告诉您。")
            return
        if choice is None:
            ctx.send(
                f"积分公示里{_as_shown(ctx, policy)}。可以选择：\n"
                "「公示名 实名」显示真实姓名；「公示名 昵称」显示微信昵称；"
                "「公示名 匿名」只显示姓，后面用 * 代替。",
                person=ctx.sender,
            )
            return
        ctx.sender.extra = {**ctx.sender.extra, NAME_CHOICE_KEY: str(choice)}
        ctx.send(f"好的，以后积分公示里{_as_shown(ctx, policy)}。", person=ctx.sender)
        if ctx.group is not None:
            ctx.reply("已私信告诉您。")

    @router.command(
        "积分公示",
        "公示预览",
        args=r"(?P<month>\d{4}-\d{1,2})?",
        usage="积分公示 2026-11",
        min_role=Role.LEADER,
    )
    def preview(ctx: Context, args: re.Match[str]) -> None:
        _preview(ctx, policy, args["month"])

    @router.command("我的星级", "星级", min_role=Role.MEMBER)
    def my_stars(ctx: Context, _args: re.Match[str]) -> None:
        _my_stars(ctx, policy)

    @router.command(
        "党员星级",
        args=r"(?P<quarter>\d{4}\s*[Qq][1-4])?",
        usage="党员星级 2026Q4",
        min_role=Role.SECRETARY,
    )
    def board(ctx: Context, args: re.Match[str]) -> None:
        _board(ctx, policy, args["quarter"])

    return router


def _as_shown(ctx: Context, policy: PointsPolicy) -> str:
    """How the publicity names the sender, said to the sender: their own name unmasked.

    Masking protects a name from neighbours, not from its owner: "您显示为「王**」" after
    choosing 实名 reads as a refusal. When the public form is masked because no real name is
    on the roster, say so instead.
    """
    person = ctx.sender
    choice = name_choice(person, policy.public_name)
    shown = public_name(person, policy.public_name)
    if choice is NameChoice.MASKED:
        own = person.real_name or person.display_name or ""
        return (
            f"您显示为「{shown}」（匿名，{own} 的姓加 *）"
            if own
            else f"您显示为「{shown}」（匿名）"
        )
    if choice is NameChoice.REAL and not person.real_name:
        return (
            f"用实名：花名册里还没有您的真实姓名，登记前显示为「{shown}」"
            "（请找楼栋党小组长或支部书记登记）"
        )
    return f"您显示为「{shown}」（{choice.label}）"


def _preview(ctx: Context, policy: PointsPolicy, month_text: str | None) -> None:
    try:
        month = (
            parse_month(month_text) if month_text else previous_month(month_of(ctx.now, ctx.bot.tz))
        )
    except ValueError as exc:
        ctx.reply(str(exc))
        return
    estate_id = ctx.estate_id or ctx.sender.estate_id
    if estate_id is None:
        ctx.reply("请在小区的群里或由本小区的党员查看公示预览。")
        return
    if ctx.group is not None and ctx.group.estate_id is not None:
        notice = publicity.group_notice(ctx.uow, policy, ctx.group, month, ctx.bot.tz)
    else:
        notice = publicity.estate_notice(ctx.uow, policy, estate_id, month, ctx.bot.tz)
    assert notice is not None
    ctx.send("【预览，未发布】\n" + render(notice), person=ctx.sender)
    if ctx.group is not None:
        ctx.reply("公示预览已私信发给您。")


def _my_stars(ctx: Context, policy: PointsPolicy) -> None:
    month = month_of(ctx.now, ctx.bot.tz)
    counts = stars.member_months(ctx.uow, month, ctx.bot.tz).get(ctx.sender.id or 0)
    weights = policy.stars.weights
    year, quarter = quarter_of(month)
    rows = stars.quarter_board(ctx.uow, policy, year, quarter, ctx.bot.tz, ctx.sender.estate_id)
    mine = next((r for r in rows if r.person.id == ctx.sender.id), None)
    score = counts.score(weights) if counts else 0
    lines = [f"{ctx.sender.name}，您本月（{month}）的党员积分：{score} 分"]
    if counts:
        lines += [f"· {line}" for line in counts.breakdown(weights)]
    if mine is not None:
        lines.append(
            f"本季度（{year}年第{quarter}季度）累计 {mine.total} 分，"
            f"目前可评 {stars_text(mine.stars)}"
        )
    lines.append("一月一算分、一季一评星。")
    ctx.send("\n".join(lines), person=ctx.sender)
    if ctx.group is not None:
        ctx.reply("已私信告诉您。")


def _board(ctx: Context, policy: PointsPolicy, quarter_text: str | None) -> None:
    try:
        year, quarter = (
            parse_quarter(quarter_text)
            if quarter_text
            else quarter_of(month_of(ctx.now, ctx.bot.tz))
        )
    except ValueError as exc:
        ctx.reply(str(exc))
        return
    estate_id = ctx.sender.estate_id if ctx.sender.role < Role.STAFF else ctx.estate_id
    rows = stars.quarter_board(ctx.uow, policy, year, quarter, ctx.bot.tz, estate_id)
    lines = [f"【党员星级】{year}年第{quarter}季度（三个月得分 → 季度合计 → 星级）"]
    for row in rows:
        scores = "/".join(str(s) for s in row.scores)
        lines.append(f"{row.person.name} {scores} → {row.total} {stars_text(row.stars)}")
    if not rows:
        lines.append("暂无党员记录。")
    ctx.send("\n".join(lines), person=ctx.sender)
    if ctx.group is not None:
        ctx.reply("已私信发给您。")
