"""Drive the Node test peer (tests/e2e/peer/peer.js): a mock WeChat behind the real
Wechaty puppet-service protocol.

The peer is a child process; commands go to its stdin as JSON lines and replies and events
come back on its stdout (see tests/e2e/peer/README.md). A reader thread collects them, so the
controller works from any event loop (pytest's per-test loops, the bench script's own);
the `a*` methods run the blocking waits in a thread to keep the caller's loop serving the bot.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import threading
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PEER_DIR = Path(__file__).resolve().parent / "peer"
REPO_ROOT = PEER_DIR.parents[2]
DEMO_CONFIG = REPO_ROOT / "deploy" / "demo" / "community.toml"
BOT_ID = "wxid_linli_bot"

Event = dict[str, Any]


class PeerError(RuntimeError):
    """The peer could not start, answered with an error, or did not answer in time."""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def new_token() -> str:
    return f"linli-e2e-{secrets.token_hex(8)}"


def check_node_modules() -> None:
    """Fail with the fix spelled out: the peer's packages are installed by `npm ci`."""
    missing = [
        name
        for name in ("wechaty-puppet", "wechaty-puppet-mock", "wechaty-puppet-service")
        if not (PEER_DIR / "node_modules" / name / "package.json").is_file()
    ]
    if shutil.which("node") is None:
        raise PeerError("node is not installed: the e2e tests need Node.js >= 18 on PATH")
    if missing:
        raise PeerError(
            f"the Wechaty test peer's packages are missing ({', '.join(missing)}): "
            "run `npm ci --prefix tests/e2e/peer` first"
        )


# --------------------------------------------------------------------------- the world


_RESIDENT_NAMES = (
    "王五",
    "李梅",
    "张伟",
    "刘芳",
    "陈静",
    "杨洋",
    "赵磊",
    "黄婷",
    "周杰",
    "吴敏",
    "徐丽",
    "孙强",
    "胡军",
    "朱燕",
)


@dataclass
class World:
    """The mock WeChat built from a community config: who is in which group."""

    bot_id: str
    bot_name: str
    contacts: dict[str, str]  # wechat id -> WeChat name
    rooms: dict[str, dict[str, Any]]  # room id -> {"id", "topic", "memberIds", "aliases"}
    residents: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    staff_ids: list[str] = field(default_factory=list)

    def room_by_topic(self, topic: str) -> str:
        for room_id, room in self.rooms.items():
            if room["topic"] == topic:
                return room_id
        raise KeyError(topic)

    def resident(self, estate: str, building: str, index: int = 0) -> str:
        return self.residents[(estate, building)][index]

    def fixture(self) -> dict[str, Any]:
        return {
            "bot": {"id": self.bot_id, "name": self.bot_name},
            "contacts": [{"id": cid, "name": name} for cid, name in self.contacts.items()],
            "rooms": list(self.rooms.values()),
        }


def build_world(config_path: Path = DEMO_CONFIG) -> World:
    """Groups, members and staff from the TOML; two made-up residents per building."""
    config = tomllib.loads(config_path.read_text(encoding="utf-8"))
    bot_name = config.get("bot", {}).get("name", "邻里小助手")
    contacts: dict[str, str] = {BOT_ID: bot_name}
    residents: dict[tuple[str, str], list[str]] = {}
    names = itertools.cycle(_RESIDENT_NAMES)
    aliases_by_building: dict[tuple[str, str], dict[str, str]] = {}
    for estate in config["estates"]:
        for b in estate.get("buildings", []):
            number = str(b["number"])
            ids: list[str] = []
            aliases: dict[str, str] = {}
            for i in range(2):
                cid = f"wxid_res_{estate['key']}_{number}_{i}"
                name = next(names)
                contacts[cid] = name
                # 群昵称 like "3-502王五": what the group sees, and what an @ must show.
                aliases[cid] = f"{number}-{5 + i}0{1 + i}{name}"
                ids.append(cid)
            residents[(estate["key"], number)] = ids
            aliases_by_building[(estate["key"], number)] = aliases

    members = config.get("members", [])
    for m in members:
        contacts[m["wechat_id"]] = m.get("display_name") or m["name"]
    staff_ids = [s["wechat_id"] for s in config.get("staff", []) if s.get("wechat_id")]
    for s in config.get("staff", []):
        if s.get("wechat_id"):
            contacts.setdefault(s["wechat_id"], s["name"])

    rooms: dict[str, dict[str, Any]] = {}
    for group in config.get("groups", []):
        estate = group["estate"]
        building = str(group["building"]) if group.get("building") is not None else None
        kind = group.get("kind") or ("building" if building else "owners")
        estate_members = [m["wechat_id"] for m in members if m["estate"] == estate]
        estate_staff = [
            s["wechat_id"]
            for s in config.get("staff", [])
            if s.get("wechat_id") and s.get("estate") in (None, estate)
        ]
        aliases: dict[str, str] = {}
        if kind == "building" and building is not None:
            people = residents.get((estate, building), [])
            aliases = aliases_by_building.get((estate, building), {})
            party = [
                m["wechat_id"]
                for m in members
                if m["estate"] == estate
                and (str(m.get("building")) == building or m.get("role") == "支部书记")
            ]
            member_ids = people + party
        elif kind == "party":
            member_ids = estate_members + estate_staff
        else:
            people = [cid for (e, _), ids in residents.items() if e == estate for cid in ids]
            member_ids = people + estate_members + estate_staff
        suffix = f"b{building}" if building else kind
        room_id = group.get("room_id") or f"{estate}-{suffix}@chatroom"
        rooms[room_id] = {
            "id": room_id,
            "topic": group["topic"],
            "memberIds": [BOT_ID, *dict.fromkeys(member_ids)],
            "ownerId": estate_members[0] if estate_members else BOT_ID,
            "aliases": aliases,
        }
    return World(BOT_ID, bot_name, contacts, rooms, residents, staff_ids)


# --------------------------------------------------------------------------- the process


class Peer:
    """One peer process. `start()`, `command()`, `wait_event()`, `kill()`, `stop()`."""

    def __init__(
        self, world: World, workdir: Path, *, port: int | None = None, token: str | None = None
    ) -> None:
        self.world = world
        self.workdir = workdir
        self.port = port or free_port()
        self.token = token or new_token()
        self.proc: subprocess.Popen[str] | None = None
        self._ids = itertools.count(1)
        self._cond = threading.Condition()
        self._replies: dict[int, Event] = {}
        self.events: list[Event] = []
        self._reader: threading.Thread | None = None
        self._stderr: Any = None

    @property
    def endpoint(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def pid(self) -> int | None:
        return self.proc.pid if self.proc is not None else None

    @property
    def stderr_path(self) -> Path:
        return self.workdir / f"peer-{self.port}.stderr.log"

    def start(self, timeout: float = 30.0) -> None:
        check_node_modules()
        self.workdir.mkdir(parents=True, exist_ok=True)
        fixture = self.workdir / "peer-fixture.json"
        fixture.write_text(json.dumps(self.world.fixture(), ensure_ascii=False), encoding="utf-8")
        self._stderr = self.stderr_path.open("a", encoding="utf-8")
        env = {**os.environ, "WECHATY_LOG": os.environ.get("LINLI_PEER_LOG", "warn")}
        self.proc = subprocess.Popen(
            [
                "node",
                str(PEER_DIR / "peer.js"),
                "--fixture",
                str(fixture),
                "--port",
                str(self.port),
                "--token",
                self.token,
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            text=True,
            encoding="utf-8",
            cwd=self.workdir,
            env=env,
        )
        self._reader = threading.Thread(target=self._read, args=(self.proc,), daemon=True)
        self._reader.start()
        self.wait_event(lambda e: e.get("event") == "listening", timeout, since=len(self.events))

    def _read(self, proc: subprocess.Popen[str]) -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            try:
                msg = json.loads(line)
            except json.JSONDecodeError:
                continue
            with self._cond:
                if msg.get("t") == "reply" and isinstance(msg.get("id"), int):
                    self._replies[msg["id"]] = msg
                else:
                    self.events.append(msg)
                self._cond.notify_all()
        with self._cond:
            self.events.append({"t": "event", "event": "exited", "pid": proc.pid})
            self._cond.notify_all()

    def _alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def command(self, cmd: str, timeout: float = 10.0, **args: Any) -> Any:
        if not self._alive():
            raise PeerError(f"peer is not running (cmd {cmd}); see {self.stderr_path}")
        assert self.proc is not None and self.proc.stdin is not None
        msg_id = next(self._ids)
        line = json.dumps({"id": msg_id, "cmd": cmd, **args}, ensure_ascii=False)
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()
        deadline = time.monotonic() + timeout
        with self._cond:
            while msg_id not in self._replies:
                left = deadline - time.monotonic()
                if left <= 0 or not self._alive():
                    raise PeerError(f"no reply to {cmd} within {timeout}s")
                self._cond.wait(left)
            reply = self._replies.pop(msg_id)
        if not reply.get("ok"):
            raise PeerError(f"peer refused {cmd}: {reply.get('error')}")
        return reply.get("result")

    def wait_event(
        self, predicate: Callable[[Event], bool], timeout: float, *, since: int = 0
    ) -> Event:
        deadline = time.monotonic() + timeout
        with self._cond:
            index = since
            while True:
                while index < len(self.events):
                    event = self.events[index]
                    index += 1
                    if predicate(event):
                        return event
                    if event.get("event") == "exited":
                        raise PeerError(f"peer exited; see {self.stderr_path}")
                left = deadline - time.monotonic()
                if left <= 0:
                    raise PeerError(f"no matching peer event within {timeout}s")
                self._cond.wait(left)

    def mark(self) -> int:
        """A position in the event list: wait for what happens after it."""
        with self._cond:
            return len(self.events)

    def bot_said(self, since: int = 0) -> list[Event]:
        with self._cond:
            return [e for e in self.events[since:] if e.get("event") == "bot_said"]

    def wait_bot_said(
        self, predicate: Callable[[Event], bool], timeout: float, *, since: int
    ) -> Event:
        return self.wait_event(
            lambda e: e.get("event") == "bot_said" and predicate(e), timeout, since=since
        )

    # async conveniences: block in a thread, not in the loop that runs the bot
    # (`within`, not `timeout`: the wait runs in a thread that asyncio.timeout cannot cancel)
    async def acommand(self, cmd: str, within: float = 10.0, **args: Any) -> Any:
        return await asyncio.to_thread(self.command, cmd, within, **args)

    async def await_bot_said(
        self, predicate: Callable[[Event], bool], within: float, *, since: int
    ) -> Event:
        return await asyncio.to_thread(self.wait_bot_said, predicate, within, since=since)

    def kill(self) -> None:
        """SIGKILL by PID: the gateway vanishes without closing anything."""
        if self.proc is not None and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)
        self._close_files()

    def stop(self, timeout: float = 10.0) -> None:
        proc = self.proc
        if proc is None:
            return
        if proc.poll() is None:
            # Closing stdin asks the peer to shut its server down and exit.
            with contextlib.suppress(OSError):
                assert proc.stdin is not None
                proc.stdin.close()
            try:
                proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.kill(proc.pid, signal.SIGKILL)
                proc.wait(timeout=timeout)
        self._close_files()

    def _close_files(self) -> None:
        if self._reader is not None:
            self._reader.join(timeout=5)
        if self.proc is not None:
            for pipe in (self.proc.stdin, self.proc.stdout):
                if pipe is not None:
                    with contextlib.suppress(OSError):
                        pipe.close()
        if self._stderr is not None:
            self._stderr.close()
            self._stderr = None
