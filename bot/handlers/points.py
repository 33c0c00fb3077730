"""积分 in chat: 我的积分, 加分/扣分, 更正, 积分规则, 积分超市/兑换/上架, 公示名, 积分公示, 星级.

Anything about one person's points is answered privately; a group only ever hears thanks.
"""

from __future__ import annotations

import re

from bot.chat.context import Context
from bot.chat.router import Router
from bot.domain.community import Person, Role
from bot.domain.market import RedeemRefused, receipt
from bot.domain.points import (
    AwardRefused,
    Rule,
    RuleKind,
    month_of,
    parse_month,
    parse_units,
    previous_month,
)
from bot.domain.publicity import NAME_CHOICE_KEY, NAME_WORDS, public_name, render
from bot.domain.stars import parse_quarter, quarter_of, stars_text
from bot.services import market, points, publicity, stars
from bot.services.points_policy import PointsPolicy, default_policy

WHO = r"@?(?P<who>[^\s@]{1,40})"
_AMOUNT_START = re.compile(r"^[-+－]?\d|^[一二两三四五六七八九十]+")


def build_router(policy: PointsPolicy | None = None) -> Router:
    policy = policy or default_policy()
    router = Router("points")

    @router.command("我的积分", "积分查询", args=r"(?P<who>@.*)?", usage="我的积分")
    def my_points(ctx: Context, args: re.Match[str]) -> None:
        _statement(ctx, args["who"] or "")

    @router.command("查积分", args=r"(?P<who>@?\S.*)?", usage="查积分 @王阿姨")
    def lookup(ctx: Context, args: re.Match[str]) -> None:
        _statement(ctx, args["who"] or "")

    @router.command("积分规则", "积分标准")
    def rules(ctx: Context, _args: re.Match[str]) -> None:
        ctx.reply(_rules_text(policy))

    @router.command(
        "加分",
        args=rf"{WHO}\s+(?P<rule>\S+)(?:\s+(?P<rest>.+))?",
        usage="加分 @王阿姨 志愿服务 2小时",
        min_role=Role.LEADER,
    )
    def add(ctx: Context, args: re.Match[str]) -> None:
        _award(ctx, policy, args, RuleKind.POSITIVE)

    @router.command(
        "扣分",
        args=rf"{WHO}\s+(?P<rule>\S+)(?:\s+(?P<rest>.+))?",
        usage="扣分 @某某 飞线充电 原因",
        min_role=Role.LEADER,
        where="private",
    )
    def deduct(ctx: Context, args: re.Match[str]) -> None:
        _award(ctx, policy, args, RuleKind.NEGATIVE)

    @router.command(
        "更正",
        "更正积分",
        args=r"#?(?P<id>\d{1,9})\s*(?P<reason>.*)",
        usage="更正 #12 记错了人",
        min_role=Role.SECRETARY,
        where="private",
    )
    def correct(ctx: Context, args: re.Match[str]) -> None:
        try:
            entry = points.correct(
                ctx.uow,
                entry_id=int(args["id"]),
                reason=args["reason"],
                now=ctx.now,
                actor=ctx.sender,
            )
        except AwardRefused as refused:
            ctx.reply(str(refused))
            return
        person = ctx.uow.people.get(entry.person_id)
        balance = ctx.uow.points.balance(entry.person_id)
        ctx.reply(f"已更正：新增冲正记录 {entry.code}（{entry.points:+d} 分），原记录保留可查。")
        if person is not None:
            ctx.send(
                f"【积分更正】您的积分记录 #{entry.reverses_id} 已更正（{entry.points:+d} 分），"
                f"原因：{args['reason'].strip()}。当前积分 {balance}。",
                person=person,
            )

    @router.command("积分超市", "积分商城", "兑换目录")
    def shop(ctx: Context, _args: re.Match[str]) -> None:
        _catalog(ctx)

    @router.command(
        "兑换",
        "积分兑换",
        args=rf"{WHO}\s+(?P<item>.+)",
        usage="兑换 @王阿姨 免费理发",
        min_role=Role.STAFF,
        where="private",
    )
    def redeem(ctx: Context, args: re.Match[str]) -> None:
        _redeem(ctx, args["who"], args["item"])

    @router.command(
        "上架",
        args=r"(?P<name>\S+)\s+(?P<price>\d{1,6})\s*(?:积分|分)?\s+(?:库存\s*)?(?P<stock>\d{1,6})"
        r"\s*(?:份|个|次|件)?(?:\s+(?P<merchant>.+))?",
        usage="上架 免费理发 30积分 10份 张记理发店",
        min_role=Role.STAFF,
        where="private",
    )
    def stock(ctx: Context, args: re.Match[str]) -> None:
        try:
            item = market.add_item(
                ctx.uow,
                name=args["name"],
                price=int(args["price"]),
                stock=int(args["stock"]),
                merchant=args["merchant"],
                now=ctx.now,
                estate_id=ctx.sender.estate_id if ctx.sender.role < Role.STAFF else None,
            )
        except RedeemRefused as refused:
            ctx.reply(str(refused))
            return
        ctx.reply(f"已上架「{item.label}」：{item.price} 积分，库存 {item.stock}。")

    @router.command("公示名", "公示名称", args=r"(?P<choice>\S*)", usage="公示名 实名")
    def name_choice(ctx: Context, args: re.Match[str]) -> None:
        choice = NAME_WORDS.get(args["choice"])
        if choice is None:
            now_shown = public_name(ctx.sender, policy.public_name)
            ctx.send(
                f"积分公示里您现在显示为「{now_shown}」。可以选择：\n"
                "「公示名 实名」显示真实姓名；「公示名 昵称」显示微信昵称；"
                "「公示名 匿名」显示为 张**。",
                person=ctx.sender,
            )
            return
        ctx.sender.extra = {**ctx.sender.extra, NAME_CHOICE_KEY: str(choice)}
        shown = public_name(ctx.sender, policy.public_name)
        ctx.send(f"好的，以后积分公示里您显示为「{shown}」（{choice.label}）。", person=ctx.sender)
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


# ---- statements -------------------------------------------------------------------------


def _statement(ctx: Context, who: str) -> None:
    target = ctx.sender
    named = who.strip()
    if named:
        try:
            target = _target(ctx, named)
        except AwardRefused as refused:
            ctx.reply(str(refused))
            return
        if target.id != ctx.sender.id and ctx.sender.role < Role.SECRETARY:
            ctx.reply("抱歉，积分只能查询自己的。发送「我的积分」查看您本人的积分。")
            return
    assert target.id is not None
    st = points.statement(ctx.uow, target.id, ctx.now, ctx.bot.tz)
    whose = "您" if target.id == ctx.sender.id else target.name
    lines = [f"{whose}的积分：{st.balance} 分（本月 {st.month_points:+d} 分）"]
    if st.recent:
        lines.append("最近记录：")
        lines += [points.entry_line(e, ctx.bot.tz) for e in st.recent]
    else:
        lines.append("还没有积分记录。参加志愿服务、社区活动都可以得积分。")
    lines.append("发送「积分超市」看看能兑换什么。")
    ctx.send("\n".join(lines), person=ctx.sender)
    if ctx.group is not None:
        ctx.reply("积分已私信告诉您。")


def _rules_text(policy: PointsPolicy) -> str:
    def line(rule: Rule) -> str:
        cap = f"，每月最多 {rule.monthly_cap} 分" if rule.monthly_cap else ""
        return f"· {rule.name} {rule.points:+d}/{rule.unit}{cap}"

    lines = ["【积分规则】"]
    if policy.rules.base_points:
        lines.append(f"基础积分 {policy.rules.base_points} 分（建档时记一次）")
    lines.append("加分项：")
    lines += [line(r) for r in policy.rules.of_kind(RuleKind.POSITIVE)]
    lines.append("减分项：")
    lines += [line(r) for r in policy.rules.of_kind(RuleKind.NEGATIVE)]
    lines.append("一事一记、一月一评、一月一示。")
    return "\n".join(lines)


# ---- awards -----------------------------------------------------------------------------


def _award(ctx: Context, policy: PointsPolicy, args: re.Match[str], kind: RuleKind) -> None:
    verb = "加分" if kind is RuleKind.POSITIVE else "扣分"
    try:
        rule = points.find_rule(policy, args["rule"])
        if rule.kind is not kind:
            other = "扣分" if kind is RuleKind.POSITIVE else "加分"
            raise AwardRefused(f"「{rule.name}」是{rule.kind.label}项，请用「{other}」。")
        amount, reason = _split_amount(args["rest"] or "", rule)
        units = parse_units(amount, rule)
        target = _target(ctx, args["who"])
        result = points.award(
            ctx.uow,
            policy,
            person=target,
            rule_name=rule.name,
            units=units,
            actor=ctx.sender,
            reason=reason,
            now=ctx.now,
            tz=ctx.bot.tz,
        )
    except AwardRefused as refused:
        ctx.reply(str(refused))
        return
    entry = result.entry
    assert entry is not None
    what = f"「{rule.name}」{units}{rule.unit} {entry.points:+d} 分"
    note = f"\n（{result.notes[0]}）" if result.notes else ""
    if ctx.group is not None:
        ctx.reply(f"已为 {target.name} 记{what}，谢谢您的付出！", mention=False)
    else:
        ctx.reply(f"已为 {target.name} 记{what}（{entry.code}），当前积分 {result.balance}。{note}")
    if target.id != ctx.sender.id:
        because = f"，事由：{entry.reason}" if entry.reason else ""
        ctx.send(
            f"【积分{verb}】{ctx.sender.name} 为您记了{what}{because}。"
            f"当前积分 {result.balance}。发送「我的积分」查看明细。",
            person=target,
        )


def _split_amount(rest: str, rule: Rule) -> tuple[str | None, str]:
    """'2小时 帮忙搬家' -> ('2小时', '帮忙搬家'); '三楼漏水' is a reason, not an amount."""
    first, _, more = rest.strip().partition(" ")
    if not first or not _AMOUNT_START.match(first):
        return None, rest.strip()
    if first[0].isdigit() or first[0] in "-+－":
        return first, more.strip()
    numeral = re.match(r"^[一二两三四五六七八九十]+", first)
    unit = first[numeral.end() :] if numeral else first
    if unit in ("", rule.unit, "次", "个"):
        return first, more.strip()
    return None, rest.strip()


def _target(ctx: Context, who: str) -> Person:
    """The person named: the @-mention's WeChat id first, else the name (display or real)."""
    for wechat_id in ctx.message.mention_ids:
        person = ctx.uow.people.by_wechat_id(wechat_id)
        if person is not None:
            return person
    name = who.strip().lstrip("@")
    if not name:
        raise AwardRefused("请写明是谁，例如「@王阿姨」。")
    found = list(ctx.uow.points.people_named(name))
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        raise AwardRefused(f"有 {len(found)} 位「{name}」，请在群里 @ 这位居民再操作。")
    raise AwardRefused(f"没有找到「{name}」。请确认 TA 在群里说过话，或在群里 @ TA 再操作。")


# ---- the 积分超市 ---------------------------------------------------------------------------


def _catalog(ctx: Context) -> None:
    items = market.catalog(ctx.uow, ctx.estate.id if ctx.estate else None)
    if not items:
        ctx.reply("积分超市正在筹备，敬请期待。")
        return
    lines = ["【积分超市】"]
    for item in items:
        left = f"剩 {item.stock}" if item.stock > 0 else "已兑完"
        lines.append(f"· {item.label} {item.price} 积分（{left}）")
    lines.append("兑换请到党群服务站，由工作人员登记。发送「我的积分」查看余额。")
    ctx.reply("\n".join(lines))


def _redeem(ctx: Context, who: str, item_name: str) -> None:
    try:
        person = _target(ctx, who)
        item = market.find_item(ctx.uow, item_name, person.estate_id)
        done = market.redeem(ctx.uow, person=person, item=item, now=ctx.now, actor=ctx.sender)
    except (AwardRefused, RedeemRefused) as refused:
        ctx.reply(str(refused))
        return
    when = ctx.now.astimezone(ctx.bot.tz).strftime("%Y-%m-%d %H:%M")
    ctx.reply(
        f"已登记：{person.name} 用 {done.redemption.points} 积分兑换「{item.label}」"
        f"（{done.redemption.code}），剩余积分 {done.balance}，库存剩 {item.stock}。"
    )
    ctx.send(receipt(done.redemption, item, done.balance, when), person=person)


# ---- 公示 and stars -------------------------------------------------------------------------


def _preview(ctx: Context, policy: PointsPolicy, month_text: str | None) -> None:
    try:
        month = (
            parse_month(month_text) if month_text else previous_month(month_of(ctx.now, ctx.bot.tz))
        )
    except ValueError as exc:
        ctx.reply(str(exc))
        return
    estate_id = ctx.estate.id if ctx.estate else ctx.sender.estate_id
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
    estate_id = (
        ctx.sender.estate_id
        if ctx.sender.role < Role.STAFF
        else (ctx.estate.id if ctx.estate else None)
    )
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
