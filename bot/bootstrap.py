"""The one place that wires Linli together: settings in, a running bot out."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from bot.chat.context import BotProfile
from bot.chat.pipeline import Pipeline
from bot.clock import SystemClock
from bot.config import CommunityConfig, load_config
from bot.handlers import build_router
from bot.ports import Classifier, Clock, Transport
from bot.runtime import Runtime, SendPacing
from bot.services.directory import sync_community
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
    from intents import IntentEngine

    return IntentEngine.from_files(extra=config.intents or None)


def open_database(settings: Settings) -> Engine:
    """Open the database and bring its schema up to date."""
    engine = make_engine(settings.database_url())
    upgrade(engine)
    return engine


def make_transport(settings: Settings, clock: Clock) -> Transport:
    if settings.wechaty_token:
        from bot.transports.wechaty_transport import WechatyTransport

        return WechatyTransport.from_settings(settings)
    from bot.transports.simulator import SimulatorTransport

    return SimulatorTransport(clock=clock)


def build(
    settings: Settings,
    *,
    clock: Clock | None = None,
    transport: Transport | None = None,
    config: CommunityConfig | None = None,
    classifier: Classifier | None = None,
    pacing: SendPacing | None = None,
) -> Linli:
    config = config or load_config(settings.config)
    clock = clock or SystemClock()
    engine = open_database(settings)
    uow_factory = SqlUnitOfWorkFactory(make_session_factory(engine))
    with uow_factory() as uow:
        sync_community(uow, config, settings.account, clock.now())
        uow.commit()
    profile = BotProfile(
        account=settings.account,
        name=config.bot.name,
        community=config.community.name,
        tz=ZoneInfo(config.community.timezone),
        merge_window_minutes=config.bot.merge_window_minutes,
    )
    pipeline = Pipeline(
        uow_factory=uow_factory,
        classifier=classifier or make_classifier(config),
        router=build_router(),
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
    )
    return Linli(settings, config, engine, uow_factory, clock, profile, runtime)


def build_runtime(
    settings: Settings, *, clock: Clock | None = None, transport: Transport | None = None
) -> Runtime:
    """The bot without the console, for transports' own tests."""
    return build(settings, clock=clock, transport=transport).runtime
