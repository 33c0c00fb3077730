"""Households from the roster import (房号, 专有部分面积, 产权人) and the electorate they make,
on SQLite and PostgreSQL; the export carries them back out."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from bot.config import CommunityConfig
from bot.domain.deliberation.votes import BallotUnit
from bot.ports import Classifier
from bot.services import roster_import
from bot.services.deliberation import votes
from tests.integration.votes_support import linli_on

HEADER = "姓名,小区,楼栋,身份,微信号,房号,专有部分面积,产权人"
ROWS = [
    "周大伯,锦绣家园,2,居民,wxid_zhoudabo,1单元101,88.8,是",
    "周大妈,锦绣家园,2,居民,wxid_zhoudama,1单元101,,是",  # co-owner of the same unit
    "周小明,锦绣家园,2,居民,wxid_zhouxm,1单元101,,否",  # lives there, not an owner
    "吴老板,锦绣家园,2,居民,wxid_wulaoban,1单元201、1单元202,120、60.5,是",  # two units
    "未见过,锦绣家园,2,居民,,1单元301,70,是",  # nobody matched yet: unit unverified
    "错面积,锦绣家园,2,居民,wxid_cuomianji,1单元401,大约九十,是",
    "缺楼栋,锦绣家园,,居民,wxid_quelou,501,90,是",
    "错产权,锦绣家园,2,居民,wxid_cuochan,1单元601,90,不知道",
]


STAFF_SCOPE = roster_import.ImportScope()  # community-wide, as staff import


def test_roster_rows_make_households_and_the_electorate(
    db_url: str, tmp_path: Path, demo_config: CommunityConfig, classifier: Classifier
) -> None:
    with linli_on(db_url, tmp_path, demo_config, classifier) as (linli, clock):
        data = "\n".join([HEADER, *ROWS]).encode()
        with linli.uow_factory() as uow:
            result = roster_import.import_table(
                uow, roster_import.read_table("名册.csv", data), clock.now(), STAFF_SCOPE
            )
            uow.commit()
        problems = {e.row: e.message for e in result.errors}
        assert "不是数字" in problems[7]
        assert "请同时填写楼栋" in problems[8]
        assert "请填 是 或 否" in problems[9]
        assert result.pending == ["未见过"]
        with linli.uow_factory() as uow:
            estate = uow.estates.by_key("jinxiu")
            assert estate is not None and estate.id is not None
            building = uow.estates.building_by_number(estate.id, "2")
            assert building is not None
            rows = {h.room: h for h in uow.households.rows(estate.id) if h.building == "2"}
            assert set(rows) == {"1单元101", "1单元201", "1单元202", "1单元301"}
            co_owned = rows["1单元101"]
            assert co_owned.area == Decimal("88.80") and co_owned.verified
            assert sorted(co_owned.owners) == ["周大伯", "周大妈"]
            assert co_owned.members == ("周小明",)
            assert not rows["1单元301"].verified  # its owner has not been matched
            # 周家 (co-owned) is one elector; 吴老板's two units are one elector of 180.5 m².
            seen = votes.preview(uow, estate.id, building.id, BallotUnit.HOUSEHOLD)
            assert (seen.count, seen.area) == (2, Decimal("269.30"))
            # Per person: everyone living in a verified unit.
            per_person = votes.preview(uow, estate.id, building.id, BallotUnit.PERSON)
            assert per_person.count == 4
        # Importing the same file again changes nothing.
        with linli.uow_factory() as uow:
            roster_import.import_table(
                uow, roster_import.read_table("名册.csv", data), clock.now(), STAFF_SCOPE
            )
            uow.commit()
        with linli.uow_factory() as uow:
            again = votes.preview(uow, estate.id, building.id, BallotUnit.HOUSEHOLD)
        assert (again.count, again.area) == (2, Decimal("269.30"))
