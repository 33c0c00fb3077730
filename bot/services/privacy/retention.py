"""The retention policy and the purge that applies it, batch by batch.

Each batch is its own short transaction, so the purge never holds locks on years of rows
and the bot keeps answering while it runs; a purge cut short resumes where it stopped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.config import CommunityConfig
from bot.domain.staff import AuditEntry
from bot.ports import BlobStore, UnitOfWork, UnitOfWorkFactory
from bot.services.jobs import DailyGate

DAYS_PER_YEAR = 365.25


@dataclass(frozen=True)
class RetentionPolicy:
    message_days: int = 180
    case_years: int = 3
    audit_years: int = 3
    batch: int = 500
    run_at: time = time(3, 30)
    tz: ZoneInfo = field(default_factory=lambda: ZoneInfo("Asia/Shanghai"))

    def messages_before(self, now: datetime) -> datetime:
        return now - timedelta(days=self.message_days)

    def cases_before(self, now: datetime) -> datetime:
        return now - timedelta(days=round(self.case_years * DAYS_PER_YEAR))

    def audit_before(self, now: datetime) -> datetime:
        return now - timedelta(days=round(self.audit_years * DAYS_PER_YEAR))


def policy_from_config(config: CommunityConfig) -> RetentionPolicy:
    r = config.retention
    hours, minutes = r.run_time.split(":")
    return RetentionPolicy(
        message_days=r.message_days,
        case_years=r.case_years,
        audit_years=r.audit_years,
        batch=r.batch,
        run_at=time(int(hours), int(minutes)),
        tz=ZoneInfo(config.community.timezone),
    )


@dataclass(frozen=True)
class PurgeCounts:
    messages: int = 0  # group messages deleted
    cases: int = 0  # closed cases whose reporter and room were removed
    audit: int = 0  # audit entries deleted
    reviews: int = 0  # 待确认 items judged 不是诉求 whose words were removed
    files: int = 0  # photos, voice notes, videos no case took (rows, and files on disk)

    @property
    def total(self) -> int:
        return self.messages + self.cases + self.audit + self.reviews + self.files

    def describe(self) -> str:
        return (
            f"群消息 {self.messages} 条，满期结案诉求 {self.cases} 件（去除报事人信息），"
            f"操作日志 {self.audit} 条，不是诉求的待确认 {self.reviews} 条（去除原话），"
            f"没有诉求收下的照片、语音、视频 {self.files} 个"
        )


def plan(uow: UnitOfWork, policy: RetentionPolicy, now: datetime) -> PurgeCounts:
    """What a purge at `now` would remove (the dry run), without changing anything."""
    messages, cases, audit, reviews = uow.retention.count_purgeable(
        policy.messages_before(now), policy.cases_before(now), policy.audit_before(now)
    )
    files = uow.evidence.count_waiting(policy.messages_before(now))
    return PurgeCounts(messages, cases, audit, reviews, files)


def purge(
    uow_factory: UnitOfWorkFactory,
    policy: RetentionPolicy,
    now: datetime,
    actor: str = "系统",
    blobs: BlobStore | None = None,
) -> PurgeCounts:
    """Apply the policy in batches of `policy.batch` rows, one transaction each. With the
    media folder (`linli privacy purge`, the console's 现在清理), the files no case took go
    too, as the daily job in bot.services.evidence.retention does (probe9: the command
    and the button left them, while the dry run's page promised them)."""

    def drain(step: Callable[[UnitOfWork], int]) -> int:
        total = 0
        while True:
            with uow_factory() as uow:
                done = step(uow)
                uow.commit()
            total += done
            if done < policy.batch:
                return total

    counts = PurgeCounts(
        messages=drain(
            lambda uow: uow.retention.delete_messages(policy.messages_before(now), policy.batch)
        ),
        cases=drain(
            lambda uow: uow.retention.pseudonymise_cases(
                policy.cases_before(now), now, policy.batch
            )
        ),
        audit=drain(lambda uow: uow.retention.delete_audit(policy.audit_before(now), policy.batch)),
        reviews=drain(
            lambda uow: uow.retention.clear_dismissed_reviews(
                policy.messages_before(now), policy.batch
            )
        ),
        files=0 if blobs is None else _waiting_files(uow_factory, blobs, policy, now),
    )
    if counts.total:
        with uow_factory() as uow:
            uow.staff.audit(
                AuditEntry(at=now, actor=actor, action="privacy.purge", detail=counts.describe())
            )
            uow.commit()
    return counts


def _waiting_files(
    uow_factory: UnitOfWorkFactory, blobs: BlobStore, policy: RetentionPolicy, now: datetime
) -> int:
    # Imported here: that module's daily job takes this module's RetentionPolicy.
    from bot.services.evidence.retention import purge_waiting

    return purge_waiting(uow_factory, blobs, policy.messages_before(now), policy.batch)


def make_jobs(
    uow_factory: UnitOfWorkFactory, policy: RetentionPolicy
) -> list[Callable[[datetime], int]]:
    """The daily purge, once a day after `run_at` local time (idempotent: a second run in
    a day, or in a second process, finds nothing left to do)."""
    gate = DailyGate(policy.tz, policy.run_at)

    def daily_purge(now: datetime) -> int:
        if not gate.due(now):
            return 0
        return purge(uow_factory, policy, now).total

    return [daily_purge]
