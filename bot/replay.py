"""`linli replay`: a conversation file in, the bot's messages out, on a virtual clock.

Input, one JSON object a line (a public contract, keep it stable):
  {"group": "<room topic>", "from": "<display name>", "text": "…"}  a group message, with optional
      "from_id", "id", "mentions": ["name", …], "quote": "…", "at": "<ISO time>", "type": "image",
      "file": "<path>" (the bytes of an image/voice/video; relative to the conversation file)
  {"private": true, "from": …, "text": …}                              a private message
  {"advance": "25m"}  (s, m, h, d)  or  {"at": "2026-11-23T09:00:00+08:00"}   the clock moves
      (times carry a zone and stay within the years 2000-2099)
Output, one JSON line per message the bot sends, in order:
  {"at": "<ISO time>", "group": "<topic>" or null, "to": "<display name>" or null,
   "text": "…", "mentions": ["name", …]}
  and for a photo the bot sends (a 办结's proof) also "type": "image", its text
  "[图片] <file name>".
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from bot.clock import VirtualClock
from bot.config import CommunityConfig
from bot.domain.messages import MessageType
from bot.runtime import Runtime
from bot.settings import Settings
from bot.transports.simulator import Sent, SimulatorTransport, simulated_room_id

DEFAULT_START = "2026-11-23T09:00:00+08:00"  # a Monday morning
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd])\s*$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}
# The clock stays in these years: outside them a date overflows in the database or in the
# jobs' arithmetic, and ended the replay in a traceback (hardening 4).
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
LATEST = datetime(2100, 1, 1, tzinfo=UTC)
YEARS = "2000–2099 年"
_MESSAGE_KEYS = {
    "group",
    "private",
    "from",
    "from_id",
    "id",
    "mentions",
    "quote",
    "at",
    "text",
    "file",
}


class ReplayError(Exception):
    def __init__(self, lineno: int, problem: str) -> None:
        super().__init__(f"第 {lineno} 行: {problem}")
        self.lineno = lineno


@dataclass(frozen=True)
class Say:
    lineno: int
    sender: str
    text: str
    group: str | None
    sender_id: str | None = None
    message_id: str | None = None
    mentions: tuple[str, ...] = ()
    quote: str | None = None
    at: datetime | None = None
    type: MessageType = MessageType.TEXT
    file: Path | None = None  # the bytes of an image/voice/video message


@dataclass(frozen=True)
class Advance:
    lineno: int
    by: timedelta | None = None
    to: datetime | None = None


Step = Say | Advance


def parse_duration(text: str) -> timedelta:
    match = _DURATION.match(text)
    if match is None:
        raise ValueError(f"时长 {text!r} 应写成 30s / 25m / 4h / 2d")
    try:
        return timedelta(**{_UNITS[match[2]]: float(match[1])})
    except OverflowError:
        raise ValueError(f"时长 {text!r} 太长，时钟会拨出 {YEARS}") from None


def parse_time(text: str) -> datetime:
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(
            f"时间 {text!r} 不是有效的日期时间，应写成 2026-11-23T09:00:00+08:00"
        ) from None
    if when.tzinfo is None:
        raise ValueError(f"时间 {text!r} 需要带时区，例如 2026-11-23T09:00:00+08:00")
    if not EARLIEST <= when < LATEST:
        raise ValueError(f"时间 {text!r} 超出 {YEARS}")
    return when


def parse_steps(lines: Iterable[str | bytes], base: Path | None = None) -> list[Step]:
    """The conversation's steps; a "file" is looked up relative to `base` (the conversation
    file's folder) and must exist. Lines given as bytes are decoded here, one by one, so a
    line that is not UTF-8 is named by its number (a BOM on the first is dropped)."""
    steps: list[Step] = []
    clock: datetime | None = None
    for lineno, given in enumerate(lines, start=1):
        raw = _decoded(lineno, given)
        if not raw.strip():
            continue
        obj = _loaded(lineno, raw)
        if not isinstance(obj, dict):
            raise ReplayError(lineno, "每行应是一个 JSON 对象")
        try:
            step = _step(lineno, obj, base)
        except (ValueError, TypeError) as exc:
            raise ReplayError(lineno, str(exc)) from None
        clock = _moved(clock, step)
        steps.append(step)
    return steps


def _decoded(lineno: int, given: str | bytes) -> str:
    if isinstance(given, str):
        return given
    try:
        return given.decode("utf-8-sig" if lineno == 1 else "utf-8")
    except UnicodeDecodeError:
        raise ReplayError(lineno, "不是 UTF-8 文本，请另存为 UTF-8 编码") from None


def _loaded(lineno: int, raw: str) -> Any:
    try:
        return json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ReplayError(lineno, f"不是合法的 JSON（{exc.msg}）") from None
    except RecursionError:
        raise ReplayError(lineno, "不是合法的 JSON（括号嵌套太深）") from None
    except ValueError:  # an integer of thousands of digits
        raise ReplayError(lineno, "不是合法的 JSON（数字位数太多）") from None


def _moved(clock: datetime | None, step: Step) -> datetime:
    """The virtual clock after this step, as `replay` will move it: an advance that would
    take it out of the years the bot can store is refused here, by line, not mid-replay."""
    at = step.at if isinstance(step, Say) else step.to
    if clock is None:  # replay starts at the first step's time, or at DEFAULT_START
        clock = at or datetime.fromisoformat(DEFAULT_START)
    if at is not None:
        return max(clock, at)
    by = step.by if isinstance(step, Advance) else None
    if by is None:
        return clock
    try:
        moved = clock + by
    except OverflowError:
        moved = LATEST
    if moved >= LATEST:
        days = f"{by.total_seconds() / 86400:.0f} 天"
        raise ReplayError(step.lineno, f"时钟往后拨 {days}会超出 {YEARS}，请检查 advance")
    return moved


def _step(lineno: int, obj: dict[str, Any], base: Path | None = None) -> Step:
    if "advance" in obj:
        if set(obj) != {"advance"} or not isinstance(obj["advance"], str):
            raise ValueError('时钟行应写成 {"advance": "25m"}')
        return Advance(lineno, by=parse_duration(obj["advance"]))
    if set(obj) == {"at"}:
        if not isinstance(obj["at"], str):
            raise ValueError('时钟行应写成 {"at": "2026-11-23T09:00:00+08:00"}')
        return Advance(lineno, to=parse_time(obj["at"]))
    if "at" in obj and not isinstance(obj["at"], str):
        raise ValueError('"at" 应是带时区的时间字符串，例如 "2026-11-23T09:00:00+08:00"')
    unknown = set(obj) - _MESSAGE_KEYS - {"type"}
    if unknown:
        raise ValueError(f"未知字段 {sorted(unknown)}")
    sender = obj.get("from")
    if not isinstance(sender, str) or not sender.strip():
        raise ValueError('消息需要 "from"（发送人昵称）')
    private = obj.get("private", False)
    group = obj.get("group")
    if private is not True and private is not False:
        raise ValueError('"private" 只能是 true 或 false')
    if private == (group is not None):
        raise ValueError('消息需要 "group"（群名）或 "private": true，二者选一')
    if group is not None and (not isinstance(group, str) or not group.strip()):
        raise ValueError('"group" 应是群名')
    text = obj.get("text", "")
    if not isinstance(text, str):
        raise ValueError('"text" 应是字符串')
    mentions = obj.get("mentions", [])
    if not isinstance(mentions, list) or not all(isinstance(m, str) for m in mentions):
        raise ValueError('"mentions" 应是昵称列表')
    for key in ("from_id", "id", "quote", "file"):
        if key in obj and not isinstance(obj[key], str):
            raise ValueError(f'"{key}" 应是字符串')
    try:
        kind = MessageType(obj.get("type", "text"))
    except ValueError:
        raise ValueError(f'"type" 应是 {[t.value for t in MessageType]} 之一') from None
    file: Path | None = None
    if "file" in obj:
        if kind is MessageType.TEXT:
            raise ValueError('"file" 只用于 "type": "image" / "voice" / "video" 的消息')
        file = (base or Path.cwd()) / obj["file"]
        if not file.is_file():
            raise ValueError(f"找不到文件 {obj['file']}")
    return Say(
        lineno=lineno,
        sender=sender,
        text=text,
        group=group,
        sender_id=obj.get("from_id"),
        message_id=obj.get("id"),
        mentions=tuple(mentions),
        quote=obj.get("quote"),
        at=parse_time(obj["at"]) if "at" in obj else None,
        type=kind,
        file=file,
    )


class Directory:
    """Names in a conversation file to WeChat ids, as the config's roster has them."""

    def __init__(self, config: CommunityConfig, bot_id: str) -> None:
        self.bot_name = config.bot.name
        self.bot_id = bot_id
        self.ids: dict[str, str] = {config.bot.name: bot_id}
        for member in config.members:
            self.ids.setdefault(member.shown_name, member.wechat_id)
            self.ids.setdefault(member.name, member.wechat_id)
        for staff in config.staff:
            if staff.wechat_id:
                self.ids.setdefault(staff.name, staff.wechat_id)
        self.rooms = {g.topic: g.room_id for g in config.groups if g.room_id}

    def person(self, name: str) -> str:
        return self.ids.get(name, f"sim:{name}")

    def room(self, topic: str) -> str:
        return self.rooms.get(topic) or simulated_room_id(topic)


def sent_json(sent: Sent, tz: ZoneInfo) -> str:
    line: dict[str, Any] = {
        "at": sent.at.astimezone(tz).isoformat(),
        "group": sent.group,
        "to": sent.to,
        "text": sent.text,
        "mentions": list(sent.mentions),
    }
    if sent.picture is not None:
        # The one optional field (media15): a photo, its text "[图片] <file name>".
        line["type"] = "image"
    return json.dumps(line, ensure_ascii=False)


async def run_steps(
    steps: list[Step],
    *,
    clock: VirtualClock,
    transport: SimulatorTransport,
    directory: Directory,
    runtime: Runtime,
    out: TextIO,
    tz: ZoneInfo,
) -> None:
    printed = 0

    def flush() -> None:
        nonlocal printed
        for sent in transport.sent[printed:]:
            out.write(sent_json(sent, tz) + "\n")
        printed = len(transport.sent)

    for step in steps:
        if isinstance(step, Advance):
            clock.set(step.to) if step.to else clock.advance(step.by or timedelta())
            await runtime.tick()
        else:
            if step.at is not None:
                clock.set(step.at)
            await transport.say(
                sender_id=step.sender_id or directory.person(step.sender),
                sender_name=step.sender,
                text=step.text,
                topic=step.group,
                room_id=directory.room(step.group) if step.group else None,
                message_id=step.message_id or f"replay-{step.lineno}",
                type=step.type,
                mention_ids=tuple(directory.person(n) for n in step.mentions),
                mention_names=step.mentions,
                quote=step.quote,
                media=step.file.read_bytes() if step.file else None,
            )
        await runtime.deliver_pending()
        flush()
    out.flush()


async def replay(
    steps: list[Step], settings: Settings, config: CommunityConfig, out: TextIO
) -> int:
    """Run a parsed conversation through the whole bot on the simulator; 0 when done."""
    from bot.bootstrap import build

    tz = ZoneInfo(config.community.timezone)
    first_at = next((s.at if isinstance(s, Say) else s.to for s in steps), None)
    clock = VirtualClock(first_at or parse_time(DEFAULT_START))
    transport = SimulatorTransport(clock=clock)
    linli = build(settings, clock=clock, transport=transport, config=config)
    runtime = linli.runtime
    await runtime.start(sender=False)
    try:
        await run_steps(
            steps,
            clock=clock,
            transport=transport,
            directory=Directory(config, transport.bot_id),
            runtime=runtime,
            out=out,
            tz=tz,
        )
    finally:
        await runtime.stop()
        linli.close()
    return 0
