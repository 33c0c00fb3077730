"""`linli privacy …`: the retention purge, and a resident's export and erasure."""

from __future__ import annotations

import argparse
import logging
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from bot.settings import Settings

EXIT_USAGE = 2
CLI_ACTOR = "命令行"
EXPORT_FORMATS = (".xlsx", ".json")
T = TypeVar("T")


def add_privacy_commands(
    sub: Any,
    with_config: Callable[[argparse.ArgumentParser], argparse.ArgumentParser],
    settings: Callable[[argparse.Namespace], Settings],
) -> None:
    privacy = sub.add_parser("privacy", help="个人信息：按保存期限清理、导出或删除某位居民的信息")
    privacy_sub = privacy.add_subparsers()

    purge = with_config(privacy_sub.add_parser("purge", help="按 [retention] 的期限清理过期信息"))
    purge.add_argument("--dry-run", action="store_true", help="只列出会清理多少，不动数据")
    purge.set_defaults(func=lambda a: _purge(a, settings(a)))

    export = with_config(
        privacy_sub.add_parser("export", help="导出某位居民的全部信息（Excel 或 JSON）")
    )
    export.add_argument("--wxid", required=True, help="居民的微信号（wxid）")
    export.add_argument(
        "--out",
        type=Path,
        help="输出文件，按后缀定格式：.xlsx 给居民看（默认 个人信息-<wxid>.xlsx），"
        ".json 含全部原始字段",
    )
    export.set_defaults(func=lambda a: _export(a, settings(a)))

    erase = with_config(privacy_sub.add_parser("erase", help="删除或匿名化某位居民的信息"))
    erase.add_argument("--wxid", required=True, help="居民的微信号（wxid）")
    erase.add_argument("--yes", action="store_true", help="不再询问，直接删除")
    erase.set_defaults(func=lambda a: _erase(a, settings(a)))


def _open(settings: Settings) -> tuple[Any, Any]:
    from bot.bootstrap import open_database
    from storage.database import make_session_factory
    from storage.uow import SqlUnitOfWorkFactory

    logging.getLogger().setLevel(logging.WARNING)
    engine = open_database(settings)
    from bot.config import load_config

    tz = load_config(settings.config).community.timezone  # the zone the rollups cut months in
    return engine, SqlUnitOfWorkFactory(make_session_factory(engine, tz))


def _on_resident(settings: Settings, wxid: str, act: Callable[[Any], T]) -> T | None:
    """`act` on one resident's records, committed; None, said on stderr, when no record has
    that WeChat id (export and erase alike: the same answer for the same mistake)."""
    from bot.services.privacy import rights

    engine, uows = _open(settings)
    try:
        with uows() as uow:
            try:
                done = act(uow)
            except rights.UnknownResident:
                print(f"没有找到微信号 {wxid} 的记录。", file=sys.stderr)
                return None
            uow.commit()
            return done
    finally:
        engine.dispose()


def _now() -> Any:
    from bot.clock import SystemClock

    return SystemClock().now()


def _purge(args: argparse.Namespace, settings: Settings) -> int:
    from bot.config import load_config
    from bot.services.privacy import retention

    policy = retention.policy_from_config(load_config(settings.config))
    engine, uows = _open(settings)
    try:
        now = _now()
        if args.dry_run:
            with uows() as uow:
                counts = retention.plan(uow, policy, now)
            print(f"将清理：{counts.describe()}（未改动数据）")
        else:
            from bot.bootstrap import media_store

            counts = retention.purge(uows, policy, now, CLI_ACTOR, media_store(settings))
            print(f"已清理：{counts.describe()}")
    finally:
        engine.dispose()
    print(
        f"期限：群消息 {policy.message_days} 天，结案诉求 {policy.case_years} 年后去除报事人，"
        f"操作日志 {policy.audit_years} 年"
    )
    return 0


def _export(args: argparse.Namespace, settings: Settings) -> int:
    from bot.config import load_config
    from bot.services import workbook
    from bot.services.privacy import readable, retention, rights

    out: Path = args.out or Path(f"个人信息-{safe_filename(args.wxid)}.xlsx")
    suffix = out.suffix.lower()
    if suffix not in EXPORT_FORMATS:
        print(f"只能导出 .xlsx 或 .json 文件，不认识 {out.name}。", file=sys.stderr)
        return EXIT_USAGE
    policy = retention.policy_from_config(load_config(settings.config))
    found = _on_resident(
        settings, args.wxid, lambda uow: rights.export(uow, args.wxid, _now(), CLI_ACTOR)
    )
    if found is None:
        return EXIT_USAGE
    if suffix == ".json":
        body = rights.export_json(found).encode("utf-8")
    else:
        body = workbook.to_bytes(readable.resident_workbook(found, policy))
    try:
        out.write_bytes(body)
    except OSError as exc:
        print(f"写不了 {out}：{exc.strerror}", file=sys.stderr)
        return EXIT_USAGE
    print(f"已导出到 {out}")
    return 0


def safe_filename(wxid: str) -> str:
    """The WeChat id as part of a file name: nothing that could leave the directory."""
    return re.sub(r"[^\w.-]", "_", wxid).lstrip(".") or "_"


def _erase(args: argparse.Namespace, settings: Settings) -> int:
    from bot.services.privacy import rights

    if not args.yes:
        answer = input(f"确定删除微信号 {args.wxid} 的个人信息？此操作不能撤销。输入 yes 确认：")
        if answer.strip().lower() != "yes":
            print("已取消。")
            return 1
    erased = _on_resident(
        settings, args.wxid, lambda uow: rights.erase(uow, args.wxid, _now(), CLI_ACTOR)
    )
    if erased is None:
        return EXIT_USAGE
    from bot.bootstrap import media_store

    rights.forget_files(media_store(settings), erased)
    print(f"已删除或匿名化：{erased.describe()}。诉求保留（不含身份），积分保留合计。")
    listed = _in_config(settings, args.wxid)
    if listed:
        # The config is read at every start: a name left there comes back (probe9).
        print(
            f"注意：配置文件 {settings.config} 的 {listed} 里还有这个微信号，"
            "请一并删除，否则下次启动会按配置重新登记此人。",
            file=sys.stderr,
        )
    return 0


def _in_config(settings: Settings, wxid: str) -> str:
    """Which roster sections of the config still name the WeChat id ("" for none)."""
    from bot.config import load_config

    config = load_config(settings.config)
    found = [
        section
        for section, ids in (
            ("[[members]]", [m.wechat_id for m in config.members]),
            ("[[staff]]", [s.wechat_id for s in config.staff]),
            ("[[households]]", [o for h in config.households for o in (*h.owners, *h.residents)]),
        )
        if wxid in ids
    ]
    return "、".join(found)
