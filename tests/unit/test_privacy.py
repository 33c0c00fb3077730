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
