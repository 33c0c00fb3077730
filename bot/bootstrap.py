"""The one place that wires Linli together: settings in, a running bot out."""

from __future__ import annotations

import logging
import os
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from bot.chat.context import BotProfile
from bot.chat.pipeline import Pipeline
from bot.clock import SystemClock
from bot.config import CommunityConfig, ConfigError, load_config
from bot.domain.deliberation.votes import VoteSchedule
from bot.domain.points import RulesError
from bot.handlers import build_router
from bot.ports import Classifier, Clock, Transport, WebhookSender
from bot.runtime import Runtime, SendPacing
from bot.services.activities import schedule_from_config, sync_venues
from bot.services.activity_jobs import make_jobs as activity_jobs
from bot.services.case_jobs import case_jobs
from bot.services.deliberation.households import sync_households
from bot.services.deliberation.vote_jobs import make_jobs as vote_jobs
from bot.services.directory import sync_community
from bot.services.points_jobs import make_jobs as points_jobs
from bot.services.points_policy import PointsPolicy
from bot.services.points_policy import policy_from_config as points_policy_from_config
from bot.services.privacy.retention import make_jobs as retention_jobs
from bot.services.privacy.retention import policy_from_config as retention_policy
from bot.services.review.digest import digest_schedule
from bot.services.review.digest import make_jobs as review_jobs
from bot.services.sla import policy_from_config
from bot.settings import Settings
from storage.database import make_engine, make_session_factory
from storage.migrate import upgrade
from storage.uow import SqlUnitOfWorkFactory

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
    def transport(self) -> Transport:
        return self.runtime.transport

    def close(self) -> None:
        self.engine.dispose()


def make_classifier(config: CommunityConfig) -> Classifier:
    """The intent engine with the community's own words; a bad word list stops the start."""
    from intents import IntentEngine
    from intents.lexicon import LexiconError

    try:
        return IntentEngine.from_files(extra=config.intents or None)
    except LexiconError as exc:
        raise ConfigError(f"配置 [intents] 有误：{exc}") from None


def open_database(settings: Settings) -> Engine:
    """Open the database and bring its schema up to date."""
    engine = make_engine(settings.database_url())
    upgrade(engine)
    return engine


def make_transport(settings: Settings, clock: Clock) -> Transport:
    if settings.wechaty_token:
        from bot.transports.wechaty import WechatyTransport

        return WechatyTransport.from_settings(settings)
    from bot.transports.simulator import SimulatorTransport

    return SimulatorTransport(
        clock=clock, record=settings.simulator_record, send_delay=settings.simulator_delay
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
    points_policy = load_points_policy(config, settings)
    clock = clock or SystemClock()
    engine = open_database(settings)
    uow_factory = SqlUnitOfWorkFactory(make_session_factory(engine))
    with uow_factory() as uow:
        sync_community(uow, config, settings.account, clock.now())
        sync_venues(uow, config)
        sync_households(uow, config, clock.now())
        uow.commit()
    vote_schedule = VoteSchedule(
        objection_days=config.votes.objection_days, tz=ZoneInfo(config.community.timezone)
    )
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
    )
    pipeline = Pipeline(
        uow_factory=uow_factory,
        classifier=classifier or make_classifier(config),
        router=build_router(points_policy),
        clock=clock,
        profile=profile,
    )
    runtime = Runtime(
        pipeline=pipeline,
        uow_factory=uow_factory,
        transport=transport or make_transport(settings, clock),
        clock=clock,
        account=settings.account,
        pacing=pacing,
        sleep=sleep,
    )
    runtime.jobs.extend(
        case_jobs(uow_factory, config, settings.account, webhook_sender or make_webhook_sender())
    )
    runtime.jobs.extend(activity_jobs(uow_factory, settings.account, schedule_from_config(config)))
    runtime.jobs.extend(vote_jobs(uow_factory, settings.account, vote_schedule))
    runtime.jobs.extend(points_jobs(uow_factory, points_policy, settings.account, profile.tz))
    runtime.jobs.extend(review_jobs(uow_factory, settings.account, digest_schedule(config)))
    runtime.jobs.extend(retention_jobs(uow_factory, retention_policy(config)))
    return Linli(settings, config, engine, uow_factory, clock, profile, runtime)


def build_runtime(
    settings: Settings, *, clock: Clock | None = None, transport: Transport | None = None
) -> Runtime:
    """The bot without the console, for transports' own tests."""
    return build(settings, clock=clock, transport=transport).runtime
