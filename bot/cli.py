"""`linli`: run the bot, replay a conversation, classify text, manage the database."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import logging
import sys
import tempfile
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from pydantic import ValidationError

from bot.cli_points import add_points_commands
from bot.cli_privacy import add_privacy_commands
from bot.cli_review import add_review_commands
from bot.config import ConfigError, load_config
from bot.logs import setup_logging
from bot.settings import Settings, settings_problems

if TYPE_CHECKING:
    from intents.decide import Mode
    from intents.engine import IntentEngine

EXIT_USAGE = 2


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "func"):
        parser.print_help()
        return EXIT_USAGE
    setup_logging(logging.DEBUG if getattr(args, "verbose", False) else logging.INFO)
    # Alembic and APScheduler narrate every plugin and every tick at INFO; only their
    # warnings matter to an operator.
    logging.getLogger("alembic").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    try:
        return int(args.func(args) or 0)
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return EXIT_USAGE
    except ValidationError as exc:  # the environment's LINLI_* settings
        print(settings_problems(exc), file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        problem = _operator_problem(exc)
        if problem is None:
            raise
        logging.getLogger(__name__).debug("details", exc_info=True)  # shown with -v
        code, message = problem
        print(message, file=sys.stderr)
        return code


EXIT_DATABASE = 1


def _operator_problem(exc: Exception) -> tuple[int, str] | None:
    """(exit code, one line) for what the operator can fix: a database that cannot be
    reached, a URL it does not understand, a file or port that cannot be used. None for a
    bug, which keeps its traceback."""
    from sqlalchemy.exc import ArgumentError, OperationalError

    from bot.ports import Unavailable

    if isinstance(exc, (OperationalError, Unavailable)):
        reason = str(exc.orig if isinstance(exc, OperationalError) else exc).strip()
        first = reason.splitlines()[0] if reason else type(exc).__name__
        return EXIT_DATABASE, f"数据库连接失败：{first}"
    if isinstance(exc, ArgumentError):
        example = "例如 sqlite:///data/linli.db 或 postgresql://用户@主机/库名"
        return EXIT_USAGE, f"数据库地址不对（{exc}）。{example}"
    if isinstance(exc, OSError):
        if exc.filename:
            return EXIT_USAGE, f"无法使用 {exc.filename}：{exc.strerror or exc}"
        return EXIT_USAGE, f"操作系统拒绝：{exc.strerror or exc}"
    return None


def _port(text: str) -> int:
    """0 asks the system for any free port."""
    try:
        port = int(text)
    except ValueError:
        port = -1
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"端口应是 0 到 65535 之间的整数，不是 {text!r}")
    return port


def _count(text: str) -> int:
    """A count of months: 0 only reports how far the backfill is, a negative is a mistake."""
    try:
        count = int(text)
    except ValueError:
        count = -1
    if count < 0:
        raise argparse.ArgumentTypeError(f"应是 0 或正整数，不是 {text!r}")
    return count


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="linli", description="邻里：小区微信群党群服务机器人")
    sub = parser.add_subparsers()

    def with_config(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument(
            "--config", type=Path, help="社区配置文件（默认 deploy/demo/community.toml）"
        )
        p.add_argument("--db", help="数据库 URL（默认 data/linli.db 的 SQLite）")
        return p

    run = with_config(sub.add_parser("run", help="运行机器人（无微信令牌时用内置模拟器）和控制台"))
    run.add_argument("--host", help="控制台地址（默认 127.0.0.1）")
    run.add_argument("--port", type=_port, help="控制台端口（默认 8080）")
    run.add_argument("--no-console", action="store_true", help="不启动控制台")
    run.add_argument("-v", "--verbose", action="store_true")
    run.set_defaults(func=_run)

    replay = with_config(
        sub.add_parser("replay", help="用虚拟时钟重放一段对话，输出机器人发出的消息")
    )
    replay.add_argument("conversation", type=Path)
    replay.set_defaults(func=_replay)

    init = sub.add_parser("init", help="写出一份带注释的社区配置示例")
    init.add_argument("path", type=Path, nargs="?", default=Path("community.toml"))
    init.set_defaults(func=_init)

    check = with_config(sub.add_parser("check-config", help="检查社区配置文件"))
    check.set_defaults(func=_check_config)

    passwd = sub.add_parser("passwd", help="为控制台账号生成密码哈希（写进配置的 password_hash）")
    passwd.set_defaults(func=_passwd)

    db = sub.add_parser("db", help="数据库")
    db_sub = db.add_subparsers()
    upgrade = with_config(db_sub.add_parser("upgrade", help="把数据库结构升级到最新"))
    upgrade.set_defaults(func=_db_upgrade)

    rollup = sub.add_parser("rollup", help="控制台看板的月度汇总表")
    rollup_sub = rollup.add_subparsers()
    backfill = with_config(
        rollup_sub.add_parser("backfill", help="按月补算汇总（可中断，再次运行从断点继续）")
    )
    backfill.add_argument("--months", type=_count, help="本次最多补算几个月（默认全部）")
    backfill.set_defaults(func=_rollup_backfill)

    outbox = sub.add_parser("outbox", help="发件箱：发送进度")
    outbox_sub = outbox.add_subparsers()
    status = with_config(outbox_sub.add_parser("status", help="各账号待发/已发/失败，及通知进度"))
    status.add_argument("--broadcast", help="只看一条通知的逐群进度，如 B0003")
    status.add_argument("--json", action="store_true", help="输出 JSON")
    status.set_defaults(func=_outbox_status)

    report = with_config(sub.add_parser("report", help="响应率、解决率、满意率与 2341 达标情况"))
    report.add_argument("--month", help="月份，如 2026-11（默认最近 12 个月）")
    report.add_argument("--estate", help="只看一个小区（小区 key，如 lanting）")
    report.add_argument("--json", action="store_true", help="输出 JSON")
    report.add_argument(
        "--helpdesk", action="store_true", help="只看帮办代办台账（事项、人次、志愿时长）"
    )
    report.set_defaults(func=_report)

    classify = sub.add_parser("classify", help="逐行读入消息，输出意图识别结果（JSON 行）")
    classify.add_argument("--config", type=Path, help="带自定义词表的社区配置")
    classify.set_defaults(func=_classify)

    add_points_commands(sub, with_config, _settings)
    add_privacy_commands(sub, with_config, _settings)

    intents = sub.add_parser("intents", help="意图识别工具")
    intents_sub = intents.add_subparsers()
    evaluate = intents_sub.add_parser("eval", help="在标注语料上评测意图识别")
    evaluate.add_argument("file", type=Path)
    evaluate.add_argument("--json", action="store_true", help="输出 JSON")
    evaluate.add_argument("--config", type=Path)
    evaluate.add_argument(
        "--engine",
        choices=("lexicon", "model", "combined", "all"),
        default="combined",
        help="只用词表、只用模型、两者结合（默认），或三者并列",
    )
    evaluate.add_argument(
        "--shared-dir", type=Path, help="ref 行所指的公开语料目录（默认 ../shared/data/intents）"
    )
    evaluate.set_defaults(func=_intents_eval)
    train = intents_sub.add_parser("train", help="训练意图识别的 n-gram 模型（需开发依赖）")
    train.add_argument(
        "--with",
        dest="extra",
        type=Path,
        action="append",
        default=[],
        help="本社区的纠正记录（语料格式），可多次给出",
    )
    train.add_argument("--out", type=Path, help="写出的权重文件（默认 intents/data/model.json）")
    train.add_argument(
        "--shared-dir", type=Path, help="公开语料目录（默认 ../shared/data/intents）"
    )
    train.add_argument(
        "--sources", choices=("all", "team", "real"), default="all", help="只用团队语料或公开语料"
    )
    train.set_defaults(func=_intents_train)
    explain = intents_sub.add_parser("explain", help="逐步显示一句话在每个环节看到了什么")
    explain.add_argument("text", nargs="+")
    explain.add_argument("--config", type=Path)
    explain.set_defaults(func=_intents_explain)
    suggest = intents_sub.add_parser("suggest", help="从纠正记录中建议社区词表")
    suggest.add_argument("file", type=Path)
    suggest.add_argument("--config", type=Path)
    suggest.add_argument("--top", type=int, default=20)
    suggest.set_defaults(func=_intents_suggest)
    add_review_commands(intents_sub, _settings)
    return parser


def _settings(args: argparse.Namespace) -> Settings:
    settings = Settings()
    updates: dict[str, object] = {}
    if getattr(args, "config", None):
        updates["config"] = args.config
    if getattr(args, "db", None):
        updates["db_url"] = args.db
    if getattr(args, "host", None):
        updates["console_host"] = args.host
    if getattr(args, "port", None):
        updates["console_port"] = args.port
    if getattr(args, "no_console", False):
        updates["console_enabled"] = False
    return settings.model_copy(update=updates)


def _run(args: argparse.Namespace) -> int:
    from bot.serve import serve

    return asyncio.run(serve(_settings(args)))


def _replay(args: argparse.Namespace) -> int:
    from bot.replay import ReplayError, parse_steps, replay

    settings = _settings(args)
    config = load_config(settings.config)
    try:
        # Bytes: parse_steps decodes each line itself, so a line that is not UTF-8 is named
        # by its number (a BOM from Notepad is fine).
        with args.conversation.open("rb") as f:
            steps = parse_steps(f, base=args.conversation.parent)
    except FileNotFoundError:
        print(f"找不到对话文件 {args.conversation}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:  # a folder, no permission
        print(f"无法读取对话文件 {args.conversation}：{exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    except UnicodeDecodeError:
        print(f"{args.conversation}: 不是 UTF-8 文本", file=sys.stderr)
        return EXIT_USAGE
    except ReplayError as exc:
        print(f"{args.conversation}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    logging.getLogger().setLevel(logging.WARNING)
    if settings.db_url:
        return asyncio.run(replay(steps, settings, config, sys.stdout))
    with tempfile.TemporaryDirectory(prefix="linli-replay-") as tmp:
        settings = settings.model_copy(update={"data_dir": Path(tmp)})
        return asyncio.run(replay(steps, settings, config, sys.stdout))


def _init(args: argparse.Namespace) -> int:
    path: Path = args.path
    if path.exists():
        print(f"{path} 已存在，未覆盖。", file=sys.stderr)
        return 1
    template = resources.files("bot") / "templates" / "community.example.toml"
    path.write_text(template.read_text(encoding="utf-8"), encoding="utf-8")
    print(f"已写出配置示例 {path}。改好后运行：linli check-config --config {path}")
    return 0


def _check_config(args: argparse.Namespace) -> int:
    settings = _settings(args)
    config = load_config(settings.config)
    print(
        f"{settings.config}: 配置正确。{config.community.name}：{len(config.estates)} 个小区，"
        f"{sum(len(e.buildings) for e in config.estates)} 栋楼，{len(config.groups)} 个群，"
        f"{len(config.members)} 名党员，{len(config.staff)} 个工作人员账号，"
        f"帮办代办清单 {len(config.helpdesk.services)} 项、"
        f"帮办代办点 {len(config.helpdesk.points)} 个。"
    )
    return 0


def _passwd(_args: argparse.Namespace) -> int:
    from argon2 import PasswordHasher

    password = getpass.getpass("新密码：")
    if len(password) < 8:
        print("密码至少 8 位。", file=sys.stderr)
        return 1
    if getpass.getpass("再输一次：") != password:
        print("两次输入不一致。", file=sys.stderr)
        return 1
    print(PasswordHasher().hash(password))
    return 0


def _db_upgrade(args: argparse.Namespace) -> int:
    from bot.bootstrap import open_database

    settings = _settings(args)
    engine = open_database(settings)
    print(f"数据库已是最新结构：{engine.url.render_as_string(hide_password=True)}")
    engine.dispose()
    return 0


def _rollup_backfill(args: argparse.Namespace) -> int:
    from bot.bootstrap import open_database
    from storage.database import make_session_factory
    from storage.rollup import backfill

    settings = _settings(args)
    tz = load_config(settings.config).community.timezone
    logging.getLogger().setLevel(logging.WARNING)
    engine = open_database(settings)
    try:
        progress = backfill(make_session_factory(engine, tz), tz, months=args.months)
    finally:
        engine.dispose()
    through = progress.done_through.astimezone(ZoneInfo(tz)) if progress.done_through else None
    print(
        f"本次补算 {progress.months} 个月"
        + (f"，已到 {through:%Y-%m}" if through else "")
        + ("；汇总已完整，看板改读汇总表。" if progress.complete else "；未完，再次运行可继续。")
    )
    return 0


def _report(args: argparse.Namespace) -> int:
    from bot.bootstrap import open_database
    from bot.clock import SystemClock
    from bot.services.reports import ReportError, report_text
    from storage.database import make_session_factory
    from storage.uow import SqlUnitOfWorkFactory

    settings = _settings(args)
    config = load_config(settings.config)
    logging.getLogger().setLevel(logging.WARNING)
    engine = open_database(settings)
    try:
        uows = SqlUnitOfWorkFactory(make_session_factory(engine, config.community.timezone))
        print(
            report_text(
                uows,
                config,
                SystemClock().now(),
                args.month,
                args.estate,
                args.json,
                helpdesk=args.helpdesk,
            )
        )
    except ReportError as exc:
        print(exc, file=sys.stderr)
        return EXIT_USAGE
    finally:
        engine.dispose()
    return 0


def _outbox_status(args: argparse.Namespace) -> int:
    import json
    from zoneinfo import ZoneInfo

    from bot.bootstrap import open_database
    from bot.domain.broadcasts import parse_broadcast_code
    from bot.services.broadcast_status import render_status_table, status_report
    from bot.services.broadcasts import BroadcastError
    from storage.database import make_session_factory
    from storage.uow import SqlUnitOfWorkFactory

    settings = _settings(args)
    tz = ZoneInfo(load_config(settings.config).community.timezone)
    broadcast_id = None
    if args.broadcast:
        broadcast_id = parse_broadcast_code(args.broadcast)
        if broadcast_id is None:
            print(f"通知编号 {args.broadcast!r} 应写成 B0003", file=sys.stderr)
            return EXIT_USAGE
    logging.getLogger().setLevel(logging.WARNING)
    engine = open_database(settings)
    try:
        with SqlUnitOfWorkFactory(make_session_factory(engine))() as uow:
            report = status_report(uow, tz, broadcast_id=broadcast_id)
    except BroadcastError as exc:
        print(exc, file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print(render_status_table(report))
    return 0


def _engine(args: argparse.Namespace, mode: Mode = "combined") -> IntentEngine:
    from bot.bootstrap import make_classifier
    from intents import IntentEngine

    if getattr(args, "config", None):
        return make_classifier(load_config(args.config), mode)
    return IntentEngine.from_files(mode=mode)


def _classify(args: argparse.Namespace) -> int:
    from intents.cli import run_classify

    return run_classify(_engine(args), sys.stdin, sys.stdout)


def _intents_eval(args: argparse.Namespace) -> int:
    from intents.cli import run_eval

    if args.engine == "combined":
        return run_eval(_engine(args), args.file, sys.stdout, args.json, shared_dir=args.shared_dir)
    modes: tuple[Mode, ...] = (
        ("lexicon", "model", "combined") if args.engine == "all" else (args.engine,)
    )
    engines = [(mode, _engine(args, mode)) for mode in modes]
    return run_eval(engines, args.file, sys.stdout, args.json, shared_dir=args.shared_dir)


def _intents_train(args: argparse.Namespace) -> int:
    from intents.cli import run_train
    from intents.engine import MODEL_FILE

    out = args.out or Path(__file__).resolve().parents[1] / "intents" / "data" / MODEL_FILE
    return run_train(
        out, args.extra, sys.stdout, sys.stderr, shared_dir=args.shared_dir, sources=args.sources
    )


def _intents_explain(args: argparse.Namespace) -> int:
    from intents.cli import run_explain

    return run_explain(_engine(args), args.text, sys.stdout)


def _intents_suggest(args: argparse.Namespace) -> int:
    from intents.cli import run_suggest

    return run_suggest(_engine(args), args.file, sys.stdout, sys.stderr, top=args.top)


if __name__ == "__main__":
    sys.exit(main())
