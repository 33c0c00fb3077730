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
