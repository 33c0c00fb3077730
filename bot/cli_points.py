"""`linli points …`: the 积分 ledger from the command line (export, 公示, rules, stars)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

from bot.settings import Settings

EXIT_USAGE = 2


def add_points_commands(
    sub: Any,
    with_config: Callable[[argparse.ArgumentParser], argparse.ArgumentParser],
    settings: Callable[[argparse.Namespace], Settings],
) -> None:
    points = sub.add_parser("points", help="积分：导出台账、月度公示、积分规则、党员星级")
    points_sub = points.add_subparsers()

    export = with_config(points_sub.add_parser("export", help="把积分台账和月度公示导出为 Excel"))
    export.add_argument("--month", help="月份，如 2026-11（不写则导出全部台账，不含公示）")
    export.add_argument("--estate", help="只导出一个小区（小区 key，如 lanting）")
    export.add_argument("--out", type=Path, help="输出文件（默认 积分台账-<月份>.xlsx）")
    export.set_defaults(func=lambda a: _export(a, settings(a)))

    show = with_config(points_sub.add_parser("publicity", help="预览（或补发）某月的积分公示"))
    show.add_argument("--month", required=True, help="月份，如 2026-11")
    show.add_argument("--estate", help="只看一个小区（小区 key）")
    show.add_argument("--post", action="store_true", help="发到各群（已发过的群不会重发）")
    show.set_defaults(func=lambda a: _publicity(a, settings(a)))

    rules = with_config(points_sub.add_parser("rules", help="列出生效的积分规则"))
    rules.set_defaults(func=lambda a: _rules(a, settings(a)))

    stars = with_config(points_sub.add_parser("stars", help="党员季度星级（由记录重新计算）"))
    stars.add_argument("--quarter", required=True, help="季度，如 2026Q4")
    stars.add_argument("--estate", help="只看一个小区（小区 key）")
    stars.set_defaults(func=lambda a: _stars(a, settings(a)))


def _open(settings: Settings) -> Any:
    from bot.bootstrap import build

    return build(settings)


def _estate_id(uow: Any, key: str | None) -> int | None:
    if key is None:
        return None
    estate = uow.estates.by_key(key)
    if estate is None:
        _usage(f"没有 key 为 {key!r} 的小区")
    return int(estate.id)


def _month(text: str | None) -> str | None:
    from bot.domain.points import parse_month

    try:
        return parse_month(text) if text else None
    except ValueError as exc:
        _usage(str(exc))
    return None  # unreachable: _usage exits


def _usage(message: str) -> NoReturn:
    """A mistake in the arguments: one line on stderr and exit 2, as every other command."""
    print(message, file=sys.stderr)
    raise SystemExit(2)


def _export(args: argparse.Namespace, settings: Settings) -> int:
    from bot.services.export import ledger_workbook, save
    from bot.services.points_policy import policy_from_config

    month = _month(args.month)
    linli = _open(settings)
    try:
        with linli.uow_factory() as uow:
            book = ledger_workbook(
                uow,
                policy_from_config(linli.config),
                linli.profile.tz,
                month=month,
                estate_id=_estate_id(uow, args.estate),
            )
        path = save(book, args.out or Path(f"积分台账-{month or '全部'}.xlsx"))
    finally:
        linli.close()
    print(f"已导出 {path}")
    return 0


def _publicity(args: argparse.Namespace, settings: Settings) -> int:
    from bot.domain.publicity import render
    from bot.services import publicity
    from bot.services.points_policy import policy_from_config

    month = _month(args.month)
    assert month is not None
    linli = _open(settings)
    policy = policy_from_config(linli.config)
    try:
        with linli.uow_factory() as uow:
            estate_id = _estate_id(uow, args.estate)
            if args.post:
                posted = publicity.post_monthly(
                    uow, policy, settings.account, linli.clock.now(), linli.profile.tz, month
                )
                uow.commit()
                print(f"已排队发送 {posted} 个群的公示（由运行中的机器人发出）。")
                return 0
            for estate in uow.estates.all():
                if estate.id is not None and estate_id in (None, estate.id):
                    notice = publicity.estate_notice(
                        uow, policy, estate.id, month, linli.profile.tz
                    )
                    print(render(notice) + "\n")
    finally:
        linli.close()
    return 0


def _rules(_args: argparse.Namespace, settings: Settings) -> int:
    from bot.config import load_config
    from bot.domain.points import RuleKind
    from bot.services.points_policy import policy_from_config

    policy = policy_from_config(load_config(settings.config))
    print(f"基础积分 {policy.rules.base_points}")
    for kind in (RuleKind.POSITIVE, RuleKind.NEGATIVE):
        for r in policy.rules.of_kind(kind):
            cap = r.monthly_cap if r.monthly_cap is not None else "不限"
            who = ",".join(sorted(r.awarders))
            print(f"{kind.label}\t{r.name}\t{r.points:+d}/{r.unit}\t每月上限 {cap}\t{who}")
    return 0


def _stars(args: argparse.Namespace, settings: Settings) -> int:
    from bot.domain.stars import parse_quarter, stars_text
    from bot.services.points_policy import policy_from_config
    from bot.services.stars import quarter_board

    try:
        year, quarter = parse_quarter(args.quarter)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return EXIT_USAGE
    linli = _open(settings)
    try:
        with linli.uow_factory() as uow:
            rows = quarter_board(
                uow,
                policy_from_config(linli.config),
                year,
                quarter,
                linli.profile.tz,
                _estate_id(uow, args.estate),
            )
            for row in rows:
                scores = "/".join(str(s) for s in row.scores)
                print(f"{row.person.name}\t{scores}\t{row.total}\t{stars_text(row.stars)}")
    finally:
        linli.close()
    return 0
