"""Whether the transport is connected, and telling staff when it comes back after an outage.

Kept apart from the sender: what staff are told (and who counts as staff) changes for
reasons of its own, not when the pacing or the outbox does.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.domain.community import Role
from bot.domain.records import OutboxItem
from bot.ports import Clock, UnitOfWorkFactory

log = logging.getLogger(__name__)

RECONNECTED = "【邻里】微信连接已恢复，积压消息正在补发。"
UNCERTAIN_NOTICE = "【邻里】程序重启前有消息正发到一半，无法确认是否已送达"


@dataclass
class ConnectionState:
    """What the transport last said about its connection; the console shows it to staff."""

    online: bool = False
    detail: str = "未连接"
    since: datetime | None = None
    was_online: bool = False

    def report(self, online: bool, detail: str, now: datetime) -> bool:
        """Record a report from the transport; True when the connection came back.

        "Came back" needs an earlier online spell: the first connection after start is not
        news for staff, a reconnection after an outage is (the backlog is about to go out).
        """
        came_back = online and not self.online and self.was_online
        self.online, self.detail, self.since = online, detail, now
        self.was_online = self.was_online or online
        log.log(
            logging.INFO if online else logging.WARNING, "transport online=%s %s", online, detail
        )
        return came_back


# A connection that flaps comes back again and again; staff hear it once in this long
# (each notice is a private message to every staff member, sent before residents' replies
# would be, on a budget of about 40 a minute).
RECONNECTED_QUIET = timedelta(minutes=30)


class StaffNotices:
    """Private messages to every staff member, queued in the outbox like any other reply."""

    def __init__(self, *, uow_factory: UnitOfWorkFactory, clock: Clock, account: str) -> None:
        self.uow_factory = uow_factory
        self.clock = clock
        self.account = account
        self._reconnected_told: datetime | None = None

    def reconnected(self, detail: str) -> None:
        """Runs on the core's thread: it writes the outbox."""
        now = self.clock.now()
        told = self._reconnected_told
        if told is not None and now - told < RECONNECTED_QUIET:
            log.info("connection back again (%s); staff were told at %s", detail, told)
            return
        self.tell_staff(f"{RECONNECTED}{detail}")
        self._reconnected_told = now

    def uncertain(self, count: int, groups: Sequence[str], private: int) -> None:
        """Runs on the core's thread. Sends a crash left in doubt were marked failed, not
        resent (a duplicate notice in forty groups is the worse mistake): staff hear which
        groups to look at, so a message that never arrived is resent by a person (fault9)."""
        where = []
        if groups:
            shown = "、".join(groups[:10]) + (f" 等 {len(groups)} 个群" if len(groups) > 10 else "")
            where.append(f"群：{shown}")
        if private:
            where.append(f"私信 {private} 条")
        self.tell_staff(
            f"{UNCERTAIN_NOTICE}（共 {count} 条；{'；'.join(where)}）。为避免重复，没有自动重发："
            "请到这些群里看一眼，没收到的请重发；`linli outbox status` 可查看。"
        )

    def tell_staff(self, text: str) -> None:
        now = self.clock.now()
        with self.uow_factory() as uow:
            for person in uow.people.all():
                if person.role >= Role.STAFF and person.id is not None:
                    # The time in the key keeps each outage's notice distinct while a
                    # retried write of the same notice still collapses into one row.
                    key = f"{self.account}:status:{now.isoformat()}:{person.id}"
                    uow.outbox.add(
                        OutboxItem(
                            account=self.account,
                            text=text,
                            created_at=now,
                            key=key,
                            person_id=person.id,
                        )
                    )
            uow.commit()
