"""A 帮办 service named by its verb and object said apart (convo3 D15, D47): "药…买",
"交…燃气费". Only when no listed word matched whole, and talk that names neither stays out."""

from __future__ import annotations

import pytest

from bot.config import load_config
from bot.domain.helpdesk import Catalog
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
