"""积分 in chat: 我的积分, 查积分, 积分规则, 加分/扣分, 更正.

Anything about one person's points is answered privately; a group only ever hears thanks.
The 积分超市 is in bot.handlers.market; 公示 and 党员星级 in bot.handlers.publicity.
"""

from __future__ import annotations

import re

from bot.chat.context import Context
from bot.chat.router import Router
from bot.domain.community import Person, Role
from bot.domain.points import AwardRefused, Rule, RuleKind, month_of, parse_units
from bot.domain.stars import quarter_of, stars_text
from bot.services import points, stars
from bot.services.points_policy import PointsPolicy, default_policy

WHO = r"@?(?P<who>[^\s@]{1,40})"
_AMOUNT_START = re.compile(r"^[-+－]?\d|^[一二两三四五六七八九十]+")


def build_router(policy: PointsPolicy | None = None) -> Router:
    policy = policy or default_policy()
    router = Router("points")

    @router.command("我的积分", "积分查询", args=r"(?P<who>@.*)?", usage="我的积分")
    def my_points(ctx: Context, args: re.Match[str]) -> None:
        _statement(ctx, args["who"] or "", policy)

    @router.command("查积分", args=r"(?P<who>@?\S.*)?", usage="查积分 @王阿姨")
    def lookup(ctx: Context, args: re.Match[str]) -> None:
        _statement(ctx, args["who"] or "", policy)

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
        args=r"#?(?P<id>\d+)\s*(?P<reason>.*)",
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

    return router


# ---- statements -------------------------------------------------------------------------


def _is_party_member(person: Person) -> bool:
    return person.id is not None and Role.MEMBER <= person.role <= Role.SECRETARY


def _party_lines(ctx: Context, policy: PointsPolicy, person: Person) -> list[str]:
    """A party member's 党员积分 (the star scheme): this month, this year so far and the
    quarter's stars, the ledger PRODUCT §5 promises, so "我有多少积分" shows what 我的星级 shows."""
    assert person.id is not None
    month = month_of(ctx.now, ctx.bot.tz)
    year, quarter = quarter_of(month)
    counts = stars.member_months(ctx.uow, month, ctx.bot.tz).get(person.id)
    score = counts.score(policy.stars.weights) if counts else 0
    so_far = stars.score_so_far_this_year(ctx.uow, policy, person.id, month, ctx.bot.tz)
    lines = [f"一、党员积分：本月（{int(month[5:])}月）{score} 分，今年（{year}年）共 {so_far} 分"]
    if counts:
        lines += [f"· {line}" for line in counts.breakdown(policy.stars.weights)]
    rows = stars.quarter_board(ctx.uow, policy, year, quarter, ctx.bot.tz, person.estate_id)
    mine = next((r for r in rows if r.person.id == person.id), None)
    if mine is not None:
        lines.append(
            f"本季度累计 {mine.total} 分，目前可评 {stars_text(mine.stars)}（详细的发「我的星级」）"
        )
    return lines


def _statement(ctx: Context, who: str, policy: PointsPolicy) -> None:
    target = ctx.sender
    named = who.strip()
    if named:
        # A 支部书记 reads the ledgers of her own 小区 only; staff read everyone's.
        scope = ctx.sender.estate_id if ctx.sender.role < Role.STAFF else None
        try:
            target = person_named(ctx, named, scope)
        except AwardRefused as refused:
            ctx.reply(str(refused))
            return
        if target.id != ctx.sender.id and ctx.sender.role < Role.SECRETARY:
            ctx.reply("抱歉，积分只能查询自己的。发送「我的积分」查看您本人的积分。")
            return
    assert target.id is not None
    st = points.statement(ctx.uow, target.id, ctx.now, ctx.bot.tz)
    whose = "您" if target.id == ctx.sender.id else target.name
    recent = ["最近记录："] + [points.entry_line(e, ctx.bot.tz) for e in st.recent]
    if _is_party_member(target):
        # A member has two ledgers; one answer names both, the 党员积分 first (what he earns
        # by serving), never a bare "积分：0 分" that reads as if his work counted for nothing.
        lines = [f"{whose}的积分有两种：", *_party_lines(ctx, policy, target)]
        exchange = "二、兑换积分（到积分超市换东西用）："
        if st.recent:
            lines += [f"{exchange}{st.balance} 分（本月 {st.month_points:+d} 分）", *recent]
            lines.append("发送「积分超市」看看能兑换什么。")
        else:
            lines.append(f"{exchange}还没有。参加志愿服务、社区活动都可以得。")
    else:
        lines = [f"{whose}的积分：{st.balance} 分（本月 {st.month_points:+d} 分）"]
        if st.recent:
            lines += recent
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
    try:
        rule = points.find_rule(policy, args["rule"])
        if rule.kind is not kind:
            other = "扣分" if kind is RuleKind.POSITIVE else "加分"
            raise AwardRefused(f"「{rule.name}」是{rule.kind.label}项，请用「{other}」。")
        amount, reason = _split_amount(args["rest"] or "", rule)
        units = parse_units(amount, rule)
        target = person_named(ctx, args["who"])
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
    what = points.award_summary(rule, units, entry)
    note = f"\n（{result.notes[0]}）" if result.notes else ""
    if ctx.group is not None:
        ctx.reply(f"已为 {target.name} 记{what}，谢谢您的付出！", mention=False)
    else:
        ctx.reply(
            f"已为 {target.name} 记{what}（{entry.code}），当前积分 {result.balance_text}。{note}"
        )
    if target.id != ctx.sender.id:
        ctx.send(
            points.award_notice(ctx.sender.name, rule, units, entry, result.balance_text),
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


def person_named(ctx: Context, who: str, scope: int | None = None) -> Person:
    """The person named: the @-mention's WeChat id first, else the name (display or real).
    With `scope` (a 小区) only its people count: anyone else is "not found" (the sender
    himself always counts, whatever his 小区)."""

    def counts(person: Person) -> bool:
        return scope is None or person.estate_id == scope or person.id == ctx.sender.id

    name = who.strip().lstrip("@")
    for wechat_id in ctx.message.mention_ids:
        person = ctx.uow.people.by_wechat_id(wechat_id)
        if person is not None and counts(person):
            return person
    if not name:
        raise AwardRefused("请写明是谁，例如「@王阿姨」。")
    found = [p for p in ctx.uow.points.people_named(name) if counts(p)]
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        raise AwardRefused(f"有 {len(found)} 位「{name}」，请在群里 @ 这位居民再操作。")
    raise AwardRefused(f"没有找到「{name}」。请确认 TA 在群里说过话，或在群里 @ TA 再操作。")
