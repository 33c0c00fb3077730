"""What the vote tests share: the bot on a real database, a vote on 兰亭3号楼, people by name."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

from bot.bootstrap import Linli, build
from bot.clock import VirtualClock
from bot.config import CommunityConfig
from bot.domain.community import Person
from bot.domain.deliberation.votes import Vote
from bot.domain.deliberation.voting import Rule
from bot.ports import Classifier
from bot.services.deliberation import votes
from bot.services.deliberation.votes import VoteInput
from bot.settings import Settings
from bot.transports.simulator import SimulatorTransport
from tests.conftest import DEMO_CONFIG, START


@contextmanager
def linli_on(
    url: str, tmp: Path, config: CommunityConfig, classifier: Classifier
) -> Iterator[tuple[Linli, VirtualClock]]:
    clock = VirtualClock(START)
    settings = Settings(data_dir=tmp, db_url=url, config=DEMO_CONFIG)
    linli = build(
        settings,
        clock=clock,
        transport=SimulatorTransport(clock=clock),
        config=config,
        classifier=classifier,
    )
    try:
        yield linli, clock
    finally:
        linli.close()


def building_vote(linli: Linli, *, secret: bool = True, rule: Rule = Rule.ART278) -> Vote:
    now = linli.clock.now()
    with linli.uow_factory() as uow:
        estate = uow.estates.by_key("lanting")
        assert estate is not None and estate.id is not None
        building = uow.estates.building_by_number(estate.id, "3")
        assert building is not None
        vote = votes.create(
            uow,
            VoteInput(
                estate_id=estate.id,
                building_id=building.id,
                title="3号楼加装电梯",
                closes_at=now + timedelta(days=7),
                secret=secret,
                rule=rule,
            ),
            actor="test",
            account=linli.settings.account,
            now=now,
            tz=linli.profile.tz,
        )
        uow.commit()
        return vote


def person(linli: Linli, name: str) -> Person:
    known = {"孙志明": "wxid_sunzhiming", "赵丽萍": "wxid_zhaoliping", "陈秀英": "wxid_chenxiuying"}
    wechat_id = known.get(name, f"sim:{name}")
    with linli.uow_factory() as uow:
        found = uow.people.by_wechat_id(wechat_id)
        assert found is not None, name
        return found
