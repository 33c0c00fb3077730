"""`linli intents corrections`: the console's and chat's corrections as corpus lines."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bot.settings import Settings

EXIT_USAGE = 2


def add_review_commands(
    intents_sub: Any, settings_of: Callable[[argparse.Namespace], Settings]
) -> None:
    corrections = intents_sub.add_parser(
        "corrections",
        help="把「转为诉求」「不是诉求」「改类别」导出为语料 JSONL（可用于重新训练）",
    )
    corrections.add_argument("--out", type=Path, required=True, help="输出文件（JSONL）")
    corrections.add_argument("--db", help="数据库 URL（默认 data/linli.db 的 SQLite）")
    corrections.add_argument("--config", type=Path, help="社区配置文件（用于 --estate）")
    corrections.add_argument("--estate", help="只导出一个小区（小区 key，如 lanting）")
    corrections.set_defaults(func=lambda args: export_corrections(args, settings_of(args)))


def export_corrections(args: argparse.Namespace, settings: Settings) -> int:
    from bot.bootstrap import open_database
    from bot.services.review.corrections import corpus_lines
    from storage.database import make_session_factory
    from storage.uow import SqlUnitOfWorkFactory

    logging.getLogger().setLevel(logging.WARNING)
    engine = open_database(settings)
    try:
        with SqlUnitOfWorkFactory(make_session_factory(engine))() as uow:
            estate_id = None
            if args.estate:
                estate = uow.estates.by_key(args.estate)
                if estate is None:
                    print(f"没有这个小区：{args.estate}", file=sys.stderr)
                    return EXIT_USAGE
                estate_id = estate.id
            lines = list(corpus_lines(uow, estate_id))
    finally:
        engine.dispose()
    try:
        args.out.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    except OSError as exc:
        print(f"写不了 {args.out}：{exc.strerror}", file=sys.stderr)
        return EXIT_USAGE
    print(f"已导出 {len(lines)} 条纠正记录到 {args.out}", file=sys.stderr)
    return 0
