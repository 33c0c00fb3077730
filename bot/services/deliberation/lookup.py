"""Finding a topic by its code, and who may move it on (shared by every topic use case)."""

from __future__ import annotations

from bot.domain.community import Person, Role
from bot.domain.deliberation import topics as rules
from bot.domain.deliberation.topics import Topic, TopicError, parse_topic_code
from bot.ports import UnitOfWork


def find(uow: UnitOfWork, code: str | int) -> Topic:
    topic_id = code if isinstance(code, int) else parse_topic_code(code)
    topic = uow.topics.get(topic_id) if topic_id else None
    if topic is None:
        raise _missing(code)
    return topic


def find_for(uow: UnitOfWork, code: str | int, actor: Person) -> Topic:
    """find(), for someone asking in chat: another 小区's topic is as missing as one that never
    was (harden15b: its title, history and organiser were shown to anyone with the code)."""
    topic = find(uow, code)
    if _elsewhere(topic, actor):
        raise _missing(code)
    return topic


def _elsewhere(topic: Topic, actor: Person) -> bool:
    """Someone of another 小区 (a person whose 小区 is not known yet still asks as before)."""
    return (
        actor.role < Role.STAFF
        and actor.estate_id is not None
        and topic.estate_id != actor.estate_id
    )


def _missing(code: str | int) -> TopicError:
    shown = rules.format_topic_code(code) if isinstance(code, int) else code
    return TopicError(f"没有找到议题 {shown}，请核对编号（例如 Y0001）。")


def visible(topic: Topic, scope_estate: int | None) -> bool:
    """A secretary's console shows her own 小区's topics only."""
    return scope_estate is None or topic.estate_id == scope_estate


def check_manager(uow: UnitOfWork, topic: Topic, actor: Person) -> None:
    if _elsewhere(topic, actor):
        raise _missing(topic.id or 0)  # not even its organiser's name across 小区
    if not rules.may_manage(topic, actor.id, actor.role, actor.estate_id, actor.building_id):
        organiser = uow.people.get(topic.organiser_id) if topic.organiser_id else None
        who = f"（{organiser.name}）" if organiser else ""
        raise TopicError(
            f"议题 {topic.code} 由牵头人{who}推进，您可以发送「意见 {topic.code} …」提出想法。"
        )
