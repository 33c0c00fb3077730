"""The one place that wires Linli together: settings in, a running bot out."""

from __future__ import annotations

import logging
import os
import random
import re
import secrets
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from bot.chat.context import BotProfile
from bot.chat.pipeline import Pipeline
from bot.clock import SystemClock
from bot.config import CommunityConfig, ConfigError, load_config
from bot.domain.deliberation.votes import VoteSchedule
from bot.domain.points import RulesError
from bot.domain.reply_budget import ReplyBudget
from bot.handlers import build_router
from bot.logs import use_timezone
from bot.ports import Classifier, Clock, Conflict, Transport, WebhookSender
from bot.runtime import Runtime, SendPacing
from bot.runtime.journal import HeldJournal
from bot.services.activities.jobs import make_jobs as activity_jobs
from bot.services.activities.planning import schedule_from_config, sync_venues
from bot.services.case_jobs import case_jobs
from bot.services.deliberation.households import sync_households
from bot.services.deliberation.meetings import make_jobs as meeting_jobs
from bot.services.deliberation.vote_jobs import make_jobs as vote_jobs
from bot.services.directory import sync_community
from bot.services.evidence import MB, EvidenceDesk, EvidencePolicy
from bot.services.evidence.retention import make_jobs as waiting_file_jobs
from bot.services.helpdesk.catalog import catalog_from_config, sync_residents
from bot.services.helpdesk.sweep import make_jobs as helpdesk_jobs
from bot.services.monthly_exports import make_jobs as export_jobs
from bot.services.points_jobs import make_jobs as points_jobs
from bot.services.points_policy import PointsPolicy
from bot.services.points_policy import policy_from_config as points_policy_from_config
from bot.services.privacy.retention import make_jobs as retention_jobs
from bot.services.privacy.retention import policy_from_config as retention_policy
from bot.services.review.digest import digest_schedule
from bot.services.review.digest import make_jobs as review_jobs
from bot.services.sla import policy_from_config, sweep_settings
from bot.settings import Settings
from storage.blobs import FileBlobStore
from storage.database import make_engine, make_session_factory
from storage.migrate import upgrade
from storage.uow import SqlUnitOfWorkFactory

if TYPE_CHECKING:
    from intents.decide import Mode
    from intents.engine import IntentEngine

log = logging.getLogger(__name__)


@dataclass
class Linli:
    """Everything a process needs, built once: handed to the CLI, the console and the tests."""

    settings: Settings
    config: CommunityConfig
    engine: Engine
    uow_factory: SqlUnitOfWorkFactory
    clock: Clock
    profile: BotProfile
    runtime: Runtime

    @property
    def media(self) -> FileBlobStore:
        """The evidence files (photos, voice notes, videos), by sha256 under data/media."""
        return media_store(self.settings)

    @property
    def transport(self) -> Transport:
        return self.runtime.transport

    def close(self) -> None:
        self.engine.dispose()


def make_classifier(config: CommunityConfig, mode: Mode = "combined") -> IntentEngine:
    """The intent engine with the community's own words and model; a bad word list or weights
    file stops the start."""
    from intents import IntentEngine
    from intents.lexicon import LexiconError
    from intents.ngram import ModelError

    extra = {k: v for k, v in config.intents.items() if k != "model"}
    model = config.intents.get("model")
    try:
        return IntentEngine.from_files(
            extra=extra or None,
            model_path=Path(model) if model else None,
            mode=mode,
        )
    except LexiconError as exc:
        raise ConfigError(f"配置 [intents] 有误：{exc}") from None
    except ModelError as exc:
        raise ConfigError(f"配置 [intents] model 无法使用：{exc}") from None


def open_database(settings: Settings) -> Engine:
    """Open the database and bring its schema up to date."""
    url = settings.database_url()
    # Migrations wait for their locks as long as it takes; the running bot does not (a
    # lock held elsewhere must hold a message, not the core's one thread: fault9).
    migrating = make_engine(url)
    try:
        upgrade(migrating)
    finally:
        migrating.dispose()
    return make_engine(
        url, lock_timeout=settings.db_lock_timeout, busy_timeout=settings.sqlite_busy_timeout
    )


# What the simulator delivered, kept whether or not a transcript is configured (see recover).
SIMULATOR_LEDGER = "simulator-delivered.jsonl"


def make_transport(settings: Settings, clock: Clock) -> Transport:
    if settings.wechaty_token:
        from bot.transports.wechaty import WechatyTransport

        return WechatyTransport.from_settings(settings)
    from bot.transports.simulator import FEED_KEEP, SimulatorTransport

    return SimulatorTransport(
        clock=clock,
        keep=FEED_KEEP,
        record=settings.simulator_record,
        ledger=settings.data_dir / SIMULATOR_LEDGER,
        send_delay=settings.simulator_delay,
    )


def load_points_policy(config: CommunityConfig, settings: Settings) -> PointsPolicy:
    """The packaged points rules with the config's [points] overrides; a bad one stops the start."""
    try:
        return points_policy_from_config(config)
    except RulesError as exc:
        raise ConfigError(f"{settings.config}: 配置有误\n  {exc}") from None


def load_ballot_key(data_dir: Path) -> bytes:
    """The key sealing secret ballots: made once, kept in the data folder (mode 600), never in
    the database, so a copy of the database alone cannot tie a resident to an option."""
    path = data_dir / "ballot.key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(secrets.token_bytes(32))
    return path.read_bytes()


def make_webhook_sender() -> WebhookSender:
    from bot.transports.webhook_http import UrllibWebhookSender

    return UrllibWebhookSender()


def held_journal_path(settings: Settings) -> Path:
    """Messages held through a database outage, one journal per account (bot.runtime.journal)."""
    safe = re.sub(r"[^A-Za-z0-9_.-]", "_", settings.account)
    return settings.data_dir / f"held-{safe}.jsonl"


def media_store(settings: Settings) -> FileBlobStore:
    return FileBlobStore(settings.data_dir / "media")


def evidence_desk(settings: Settings, config: CommunityConfig) -> EvidenceDesk:
    """Where evidence files go (data/media) and the [evidence] rules."""
    policy = EvidencePolicy(
        window=timedelta(minutes=config.evidence.window_minutes),
        max_bytes=config.evidence.max_mb * MB,
    )
    return EvidenceDesk(media_store(settings), policy)


# Processes started together (one per account) race to insert the same estates and people;
# each round at least one of them commits, so one attempt per process is always enough.
SYNC_ATTEMPTS = 20


def sync_config(
    uow_factory: SqlUnitOfWorkFactory, config: CommunityConfig, account: str, clock: Clock
) -> None:
    """Make the database agree with the config file, in one transaction.

    Several `linli run` processes (one per WeChat account) sharing a database start together
    (systemd at boot): the one that loses a race for a new estate's or person's key finds the
    winner's rows on the next attempt.
    """
    rng = random.Random()
    for attempt in range(1, SYNC_ATTEMPTS + 1):
        try:
            with uow_factory() as uow:
                sync_community(uow, config, account, clock.now())
                sync_venues(uow, config)
                sync_households(uow, config, clock.now())
                sync_residents(uow, config, clock.now())
                uow.commit()
            return
        except Conflict:
            if attempt == SYNC_ATTEMPTS:
                raise
            log.info("config sync lost a race with another process; again (%d)", attempt)
            time.sleep(rng.uniform(0.01, 0.2))  # not in step with the others this time


def build(
    settings: Settings,
    *,
    clock: Clock | None = None,
    transport: Transport | None = None,
    config: CommunityConfig | None = None,
    classifier: Classifier | None = None,
    pacing: SendPacing | None = None,
    sleep: Callable[[float], Awaitable[None]] | None = None,
    webhook_sender: WebhookSender | None = None,
) -> Linli:
    config = config or load_config(settings.config)
    use_timezone(config.community.timezone)
    points_policy = load_points_policy(config, settings)
    clock = clock or SystemClock()
    engine = open_database(settings)
    uow_factory = SqlUnitOfWorkFactory(make_session_factory(engine, config.community.timezone))
    sync_config(uow_factory, config, settings.account, clock)
    vote_schedule = VoteSchedule(
        objection_days=config.votes.objection_days, tz=ZoneInfo(config.community.timezone)
    )
    catalog = catalog_from_config(config)
    profile = BotProfile(
        account=settings.account,
        name=config.bot.name,
        community=config.community.name,
        tz=ZoneInfo(config.community.timezone),
        merge_window_minutes=config.bot.merge_window_minutes,
        sla=policy_from_config(config),
        activity_schedule=schedule_from_config(config),
        vote_schedule=vote_schedule,
        ballot_key=load_ballot_key(settings.data_dir),
        dangers=config.safety.resolved(),
        replies=ReplyBudget(),
        departments=sweep_settings(config, settings.account).departments,
    )
    pipeline = Pipeline(
        uow_factory=uow_factory,
        classifier=classifier or make_classifier(config),
        router=build_router(points_policy, catalog),
        clock=clock,
        profile=profile,
        evidence=evidence_desk(settings, config),
    )
    runtime = Runtime(
        pipeline=pipeline,
        uow_factory=uow_factory,
        transport=transport or make_transport(settings, clock),
        clock=clock,
        account=settings.account,
        pacing=pacing,
        sleep=sleep,
        tz=profile.tz,
        failover_after=timedelta(minutes=config.sending.failover_minutes),
        journal=HeldJournal(held_journal_path(settings)),
        commits=uow_factory,
        media=media_store(settings),
    )
    runtime.jobs.extend(
        case_jobs(uow_factory, config, settings.account, webhook_sender or make_webhook_sender())
    )
    runtime.jobs.extend(activity_jobs(uow_factory, settings.account, schedule_from_config(config)))
    runtime.jobs.extend(vote_jobs(uow_factory, settings.account, vote_schedule))
    runtime.jobs.extend(points_jobs(uow_factory, points_policy, settings.account, profile.tz))
    runtime.jobs.extend(export_jobs(uow_factory, points_policy, profile.tz))
    runtime.jobs.extend(review_jobs(uow_factory, settings.account, digest_schedule(config)))
    schedule = schedule_from_config(config)  # 议事会 reminders go out with the activity ones
    runtime.jobs.extend(
        meeting_jobs(uow_factory, settings.account, profile.tz, schedule.reminder_time)
    )
    runtime.jobs.extend(helpdesk_jobs(uow_factory, catalog, settings.account))
    runtime.jobs.extend(retention_jobs(uow_factory, retention_policy(config)))
    runtime.jobs.extend(
        waiting_file_jobs(uow_factory, media_store(settings), retention_policy(config))
    )
    return Linli(settings, config, engine, uow_factory, clock, profile, runtime)


def build_runtime(
    settings: Settings, *, clock: Clock | None = None, transport: Transport | None = None
) -> Runtime:
    """The bot without the console, for transports' own tests."""
    return build(settings, clock=clock, transport=transport).runtime
