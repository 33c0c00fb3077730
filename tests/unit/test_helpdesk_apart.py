"""A 帮办 service named by its verb and object said apart (convo3 D15, D47): "药…买",
"交…燃气费". Only when no listed word matched whole, and talk that names neither stays out."""

from __future__ import annotations

import pytest

from bot.config import load_config
from bot.domain.helpdesk import Catalog, split_details
from bot.services.helpdesk.catalog import catalog_from_config
from tests.conftest import DEMO_CONFIG


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return catalog_from_config(load_config(DEMO_CONFIG))


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("降压药吃完了 想请人帮我去药店买两盒 苯磺酸氨氯地平", "medicine"),
        ("帮我买两盒降压药", "medicine"),
        ("我想请人帮我交一下这个月的燃气费 老了不会用手机交", "utility"),
        ("快递到了 帮我去驿站取一下", "parcel"),
        # A word said whole still wins: the medicine, not company to the hospital.
        ("帮我去医院拿点药", "medicine"),
    ],
)
def test_a_service_said_apart_is_matched(catalog: Catalog, text: str, key: str) -> None:
    found = catalog.match(text)
    assert found is not None and found.key == key


@pytest.mark.parametrize(
    "text", ["帮我修电视", "药太贵了", "我去超市买菜", "帮我把旧电视搬下楼", "交个朋友吧"]
)
def test_words_of_no_service_match_nothing(catalog: Catalog, text: str) -> None:
    assert catalog.match(text) is None


@pytest.mark.parametrize(
    ("text", "address", "when"),
    [
        # After the door, the time is kept whole (convo4 F35 F66 F99, convo3 D57).
        ("3号楼1单元101 下午三点以后在家", "3号楼1单元101", "下午三点以后在家"),
        ("2号楼3单元402 晚上7点后", "2号楼3单元402", "晚上7点后"),
        ("1号楼2单元301 下周二早上8点", "1号楼2单元301", "下周二早上8点"),
        ("1号楼2单元301 上午十点", "1号楼2单元301", "上午十点"),
        ("一号楼一单元一零二 明天下午都行", "一号楼一单元一零二", "明天下午都行"),
        ("3号楼1单元101 这两天 都行", "3号楼1单元101", "这两天 都行"),
        # A phone number stays with the address; words that are no time stay there too.
        (
            "地址是2号楼1单元301，晚上7点以后在家，电话13812345678",
            "2号楼1单元301 电话13812345678",
            "晚上7点以后在家",
        ),
        ("3号楼1单元101 门口有条狗", "3号楼1单元101 门口有条狗", ""),
        ("明天下午3点 4号楼301", "4号楼301", "明天下午3点"),
    ],
)
def test_a_free_answer_splits_without_losing_meaning(text: str, address: str, when: str) -> None:
    assert split_details(text) == (address, when)
