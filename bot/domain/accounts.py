"""The bot's WeChat accounts as staff see them: online, logged out, waiting for a scan, or
gone quiet (the process stopped reporting). Pure rules; times are passed in.

A district runs one `linli run` process per WeChat account against one database. Each
process writes its own row (its state from the transport, a heartbeat from its loop), and
every process and the console read all of them.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta

# A process beats every tick (30 s in `linli run`); three missed beats and a margin mean the
# process is gone (killed, host down), whatever its last reported state said.
STALE_AFTER = timedelta(minutes=2)


class LinkState(enum.StrEnum):
    """What the transport last said about the account's WeChat login."""

    ONLINE = "online"
    LOGGED_OUT = "logged_out"  # WeChat ended the session: someone must scan again
    WAITING_SCAN = "waiting_scan"  # a QR code is waiting on the gateway
    OFFLINE = "offline"  # the gateway is unreachable (or not yet connected)


STATE_LABELS = {
    LinkState.ONLINE: "在线",
    LinkState.LOGGED_OUT: "已登出",
    LinkState.WAITING_SCAN: "等待扫码",
    LinkState.OFFLINE: "未连接",
}
STALE_LABEL = "离线（心跳超时）"


@dataclass(frozen=True)
class AccountStatus:
    """One account's row: what its process last reported."""

    name: str
    state: LinkState
    detail: str = ""
    since: datetime | None = None  # when the state last changed
    heartbeat_at: datetime | None = None
    queue: int = 0  # pending outbox rows at the last beat
    sent_today: int = 0  # delivered since local midnight, at the last beat
    per_minute: int = 0  # the process's pacing limits (0: none)
    per_day: int = 0
    logout_noticed_at: datetime | None = None  # staff were told of the current logout

    def stale(self, now: datetime) -> bool:
        return self.heartbeat_at is None or now - self.heartbeat_at > STALE_AFTER

    def reachable(self, now: datetime) -> bool:
        """Can the account send right now, as far as anyone can tell?"""
        return self.state is LinkState.ONLINE and not self.stale(now)

    def down_since(self, now: datetime) -> datetime | None:
        """Since when the account cannot send (None: it can): the state change for a logout
        or an outage it reported, the last beat for a process that went silent."""
        if self.reachable(now):
            return None
        if self.state is not LinkState.ONLINE:
            return self.since or self.heartbeat_at
        return self.heartbeat_at

    def down_for(self, now: datetime) -> timedelta:
        """How long it has been unable to send (zero when it can; forever if never seen)."""
        since = self.down_since(now)
        if since is None:
            return timedelta(0) if self.reachable(now) else timedelta.max
        return now - since

    def label(self, now: datetime) -> str:
        return STALE_LABEL if self.stale(now) else STATE_LABELS[self.state]


def state_of(online: bool, requested: LinkState | None) -> LinkState:
    """The transport says online/offline and, when it knows, why (logout, a QR code)."""
    if online:
        return LinkState.ONLINE
    if requested is None or requested is LinkState.ONLINE:
        return LinkState.OFFLINE
    return requested


LOGOUT_NOTICE = (
    "【邻里】微信账号「{account}」已登出（{detail}），"
    "它所在的 {count} 个群暂时收不到机器人的消息：{groups}。"
    "请在该账号的网关上重新扫码登录；着急的话，"
    "管理员可以在控制台「群」页面把群改给同在群里的其他账号。"
)


def logout_notice(account: str, detail: str, topics: list[str]) -> str:
    shown = "、".join(topics[:10]) + (f" 等 {len(topics)} 个" if len(topics) > 10 else "")
    return LOGOUT_NOTICE.format(
        account=account, detail=detail or "未说明原因", count=len(topics), groups=shown or "无"
    )


# A group passes to another account in it only after its owner has been down this long, so
# a short blip (a gateway restart, a phone changing networks) moves nothing: config
# [sending] failover_minutes; 0 turns automatic failover off.
FAILOVER_AFTER = timedelta(minutes=10)

FAILOVER_NOTICE = (
    "【邻里】微信账号「{owner}」{why}已超过 {minutes} 分钟，"
    "它负责的 {count} 个群已自动改由账号「{taker}」发送：{groups}。"
    "「{owner}」恢复后这些群仍由「{taker}」负责；"
    "需要改回的话，管理员可以在控制台「群」页面修改。"
)


def failover_notice(
    owner: AccountStatus, taker: str, topics: list[str], after: timedelta, now: datetime
) -> str:
    why = (
        STALE_LABEL
        if owner.stale(now) and owner.state is LinkState.ONLINE
        else (STATE_LABELS[owner.state])
    )
    shown = "、".join(topics[:10]) + (f" 等 {len(topics)} 个" if len(topics) > 10 else "")
    return FAILOVER_NOTICE.format(
        owner=owner.name,
        why=why,
        minutes=int(after.total_seconds() // 60),
        count=len(topics),
        taker=taker,
        groups=shown,
    )
