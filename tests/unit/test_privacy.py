from __future__ import annotations

from bot.domain.privacy import mask_name, mask_personal


def test_mobile_numbers_are_masked_in_any_spacing() -> None:
    assert mask_personal("电话13812345678") == "电话138****5678"
    assert mask_personal("打 138 1234 5678 找我") == "打 138****5678 找我"
    assert mask_personal("138-1234-5678") == "138****5678"


def test_other_numbers_are_left_alone() -> None:
    assert mask_personal("3号楼502室，12345热线") == "3号楼502室，12345热线"
    assert mask_personal("订单号 2381234567890123") == "订单号 2381234567890123"


def test_id_card_numbers_are_masked() -> None:
    assert mask_personal("身份证11010519491231002X") == "身份证110105********002X"


def test_names() -> None:
    assert mask_name("张三丰") == "张**"
    assert mask_name("李") == "李*"


# ---- one policy by audience (applied by the outbox) ------------------------------------

from bot.domain.privacy import Audience, mask_for, mask_rooms  # noqa: E402

SAID = "3号楼2单元502室漏水，电话13812345678，身份证11010519491231002X"


def test_residents_groups_see_no_room_and_no_phone() -> None:
    assert mask_for(Audience.RESIDENTS, SAID) == (
        "3号楼2单元***室漏水，电话138****5678，身份证110105********002X"
    )


def test_the_party_group_keeps_the_room_but_not_the_phone() -> None:
    assert mask_for(Audience.PARTY, SAID) == (
        "3号楼2单元502室漏水，电话138****5678，身份证110105********002X"
    )


def test_a_private_message_keeps_what_the_handler_needs() -> None:
    assert mask_for(Audience.PRIVATE, SAID) == (
        "3号楼2单元502室漏水，电话13812345678，身份证110105********002X"
    )


def test_every_way_of_writing_a_room_is_masked_and_buildings_stay() -> None:
    assert mask_rooms("水电气暖 · 3号楼502室") == "水电气暖 · 3号楼***室"
    assert mask_rooms("3-2-502家里没电") == "3-2-***家里没电"
    assert mask_rooms("3号楼2单元502家里没电") == "3号楼2单元***家里没电"
    assert mask_rooms("3栋1201、五零二室、我家502") == "3栋***、***室、我家***"
    assert mask_rooms("3号楼2单元电梯坏了") == "3号楼2单元电梯坏了"


def test_numbers_that_are_not_rooms_stay() -> None:
    kept = "诉求 E0502 于 2026-11-30 10:02 受理，120元，502路，12345热线，停水影响305户"
    assert mask_rooms(kept) == kept


# ---- what a reader does not see cannot hide a number (probe8) ------------------------------

import pytest  # noqa: E402

from bot.domain.privacy import mask_id_cards, mask_phones  # noqa: E402

_INVISIBLES = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u180e", "\u034f"]


@pytest.mark.parametrize("hidden", _INVISIBLES)
def test_an_invisible_character_between_every_digit_still_masks_the_phone(hidden: str) -> None:
    spread = hidden.join("13812345678")
    assert mask_phones(f"电话{spread}找我") == "电话138****5678找我"
    assert mask_for(Audience.RESIDENTS, f"电话{spread}") == "电话138****5678"
    assert mask_for(Audience.PARTY, f"电话{spread}") == "电话138****5678"


@pytest.mark.parametrize(
    "written",
    [
        "138\u200b 1234\u200b 5678",  # spaces and zero-width together
        "138-\u200d1234-\u200d5678",
        "１３８－１２３４－５６７８",  # full-width digits and dash
        "１３８\u200b１２３４\u200b５６７８",
        "𝟏𝟑𝟖𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖",  # mathematical bold digits
        "1\u03013\u03328\u20e3 1234 5678",  # combining marks on the digits
        "1️⃣3️⃣8️⃣1️⃣2️⃣3️⃣4️⃣5️⃣6️⃣7️⃣8️⃣",  # keycap emoji
        "138—1234—5678",
        "138.1234.5678",
    ],
)
def test_every_way_of_writing_a_phone_is_masked_whole(written: str) -> None:
    assert mask_phones(f"电话{written}，谢谢") == "电话138****5678，谢谢"


def test_a_phone_read_out_in_chinese_numerals_is_masked() -> None:
    assert mask_phones("电话幺三八一二三四五六七八") == "电话幺三八****五六七八"
    assert mask_phones("打一三八 一二三四 五六七八找我") == "打一三八****五六七八找我"
    assert mask_phones("一\u200b三\u200b八一二三四五六七八") == "一三八****五六七八"


def test_id_cards_are_seen_through_too() -> None:
    assert mask_id_cards("身份证1101\u200b0519491231\u2060002X") == "身份证110105********002X"
    assert mask_id_cards("身份证１１０１０５１９４９１２３１００２Ｘ") == "身份证110105********002X"


def test_rooms_are_seen_through_too() -> None:
    assert mask_rooms("3号楼5\u200b02室漏水") == "3号楼***室漏水"
    assert mask_rooms("3号楼2单元5\u2060０2家里没电") == "3号楼2单元***家里没电"


@pytest.mark.parametrize(
    "kept",
    [
        "全家福👨\u200d👩\u200d👧\u200d👦真好",  # an emoji ZWJ sequence stays whole
        "1️⃣号楼和2️⃣号楼",
        "café naïve",  # combining accents outside any number
        "订单号 2381234567890123",
        "订单\u200b号1\u200b2\u200b3\u200b4",
        "12345热线，工单1381234567890",  # 13 digits is no phone
        "一二三四五六七八九十一",  # counting, not a phone (starts 一二)
        "三三两两，一三八个人",
        "2026-11-30 13:45，120元，302路",
        "电话1381234567８9",  # twelve digits
    ],
)
def test_text_that_is_no_number_is_returned_exactly(kept: str) -> None:
    assert mask_phones(kept) == kept
    assert mask_id_cards(kept) == kept
