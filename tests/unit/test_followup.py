"""A reporter's words that say a finished job is not finished (convo2 C4), and the 清单 words
found through the small words people put inside them (convo2 C13)."""

from __future__ import annotations

import pytest

from bot.chat.followup import says_unfixed
from bot.domain.helpdesk import Catalog, Service


@pytest.mark.parametrize(
    "text",
    [
        "还没修好啊 还在滴水 你们来看看",
        "还没修好",
        "还在漏",
        "怎么又漏了",
        "灯还是不亮",
        "根本没解决，一直在响",
        "下水道还堵着呢",
        "水管又坏了！",
        "没弄好 跟原来一样",
        "换了阀门也不管用",
        "还是老样子",
    ],
)
def test_words_that_say_it_is_not_fixed(text: str) -> None:
    assert says_unfixed(text)


@pytest.mark.parametrize(
    "text",
    [
        "修好了吗",
        "还没修好吗？",
        "是不是还在漏",
        "修好了 谢谢",
        "还是挺好的",
        "谢谢吴师傅",
        "满意",
        "我还在上班",
        "今天还有人来吗",
        "3号楼电梯坏了",  # a new report names a fault but says nothing persists
        "",
        "还在漏" * 30,  # a long text tells a story of its own
    ],
)
def test_questions_praise_and_new_reports_are_not(text: str) -> None:
    assert not says_unfixed(text)


CATALOG = Catalog(
    services=(
        Service(key="utility", name="代缴水电燃气费", point_key="p", synonyms=("交电费", "缴费")),
        Service(key="parcel", name="代取快递", point_key="p", synonyms=("拿快递", "取快递")),
        Service(key="medicine", name="代购药品", point_key="p", synonyms=("买药", "取药")),
        Service(key="haircut", name="上门理发", point_key="p", synonyms=("理发",)),
    )
)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("帮我交电费", "utility"),
        ("帮我交一下电费吧", "utility"),
        ("能帮我把电费交一下吗", "utility"),
        ("能不能帮我拿个快递", "parcel"),
        ("谁帮我取一下快递", "parcel"),
        ("把快递拿一下", "parcel"),
        ("帮我买点药", "medicine"),
        ("想理个发", "haircut"),
        ("代缴水电燃气费", "utility"),
    ],
)
def test_a_listed_service_through_small_words(text: str, key: str) -> None:
    found = CATALOG.match(text)
    assert found is not None and found.key == key


@pytest.mark.parametrize("text", ["今天天气不错", "交通太堵了", "快递员态度不好", "电费涨价了"])
def test_other_words_name_no_service(text: str) -> None:
    assert CATALOG.match(text) is None
