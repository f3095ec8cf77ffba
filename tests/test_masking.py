"""Masked display of applicants' personal data."""

from __future__ import annotations

import pytest

from sunlight.masking import mask_email, mask_id_number, mask_name, mask_phone
from sunlight.screening import mask_text


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("110105199001010020", "110105********0020"),
        ("11010519900101002x", "110105********002X"),
        ("１１０１０５１９９００１０１００２Ｘ", "110105********002X"),
        ("110105 19900101 0020", "110105********0020"),
        ("110105900101002", "110105*****1002"),
        ("E12345678", "E1*****78"),
        ("H1234", "*****"),
        ("", ""),
    ],
)
def test_mask_id_number(value, masked):
    assert mask_id_number(value) == masked


def test_id_numbers_are_masked_as_screening_masks_them():
    assert mask_id_number("110105199001010020") == mask_text("110105199001010020")


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("13812345678", "138****5678"),
        ("138 1234 5678", "138****5678"),
        ("138-1234-5678", "138****5678"),
        ("１３８１２３４５６７８", "138****5678"),
        ("+86 138 1234 5678", "+86 138****5678"),
        ("008613812345678", "0086 138****5678"),
        ("010-12345678", "***-****5678"),
        ("12345", "*****"),
        ("", ""),
    ],
)
def test_mask_phone(value, masked):
    assert mask_phone(value) == masked


def test_mobiles_are_masked_as_screening_masks_them():
    assert mask_phone("13812345678") == mask_text("13812345678")


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("zhang.san@example.com", "z***@example.com"),
        ("z@example.com", "z***@example.com"),
        (" Li@gov.example.cn ", "L***@gov.example.cn"),
        ("张三@例子.中国", "张***@例子.中国"),
        ("not an address", "***"),
        ("@example.com", "***"),
        ("", ""),
    ],
)
def test_mask_email(value, masked):
    assert mask_email(value) == masked


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("张三", "张**"),
        ("张三丰", "张**"),
        ("欧阳娜娜", "欧阳**"),
        ("欧阳修", "欧阳**"),
        ("司马光", "司马**"),
        ("欧阳", "欧**"),
        ("买买提·艾力", "买**"),
        ("John Smith", "J**"),
        (" 李四 ", "李**"),
        ("", ""),
    ],
)
def test_mask_name(value, masked):
    assert mask_name(value) == masked


def test_an_address_keeps_only_its_first_six_characters():
    from sunlight.masking import mask_address

    assert mask_address("云川市青溪区民主路1号") == "云川市青溪区****"
    assert mask_address("北京") == "北****"
    assert mask_address("  ") == ""
