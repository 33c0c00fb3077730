"""Helpers shared by the case tests: quoting, ticking, reading a case back, department config."""

from __future__ import annotations

from datetime import timedelta

from bot.config import CommunityConfig, DepartmentConfig, WebhookConfig
from bot.domain.cases import Case, CaseEvent
from bot.transports.simulator import Sent
from tests.conftest import Bot

SECRET = "department-secret-0123456789"
TOKEN = "callback-token-0123456789abcdef"


async def quote(bot: Bot, text: str, quoted: str, *, who: str, group: str | None) -> list[Sent]:
    """Say something that quotes (replies to) an earlier message, as WeChat clients do."""
    await bot.transport.say(
        sender_id=bot.directory.person(who),
        sender_name=who,
        text=text,
        topic=group,
        room_id=bot.directory.room(group) if group else None,
        quote=quoted,
    )
    await bot.linli.runtime.deliver_pending()
    return bot.new()


async def advance(bot: Bot, **delta: float) -> list[Sent]:
    """Move the virtual clock, run the periodic jobs once, deliver what they queued."""
    bot.clock.advance(timedelta(**delta))
    await bot.linli.runtime.tick()
    await bot.linli.runtime.deliver_pending()
    return bot.new()


def load(bot: Bot, case_id: int = 1) -> tuple[Case, list[CaseEvent]]:
    with bot.linli.uow_factory() as uow:
        case = uow.cases.get(case_id)
        assert case is not None
        return case, list(uow.cases.events(case_id))


def with_department(config: CommunityConfig, url: str, **webhooks: float) -> CommunityConfig:
    department = DepartmentConfig(
        key="jiedao",
        name="神堂沟街道城管科",
        url=url,
        secret=SECRET,
        callback_token=TOKEN,
        categories=["facilities", "elevator"],
    )
    settings = WebhookConfig(**{"timeout_seconds": 0.5, "max_attempts": 3, **webhooks})
    return config.model_copy(update={"departments": [department], "webhooks": settings})


def texts(sent: list[Sent]) -> list[str]:
    return [s.text for s in sent]


def where(sent: list[Sent]) -> list[str]:
    return [s.group or f"private:{s.to}" for s in sent]
