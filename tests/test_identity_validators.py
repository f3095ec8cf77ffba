"""The shared check digits of identity numbers typed into forms: 居民身份证号码 (GB 11643-1999, mod 11-2) and
统一社会信用代码 (GB 32100-2015, mod 31)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from sunlight.orgs.codes import make_credit_code
from sunlight.validators import (
    applicant_document_error,
    credit_code_error,
    id_number_error,
    validate_credit_code,
    validate_id_number,
)


@pytest.mark.parametrize(
    "value",
    [
        "11010519491231002X",
        "11010519491231002x",
        "110105199001010029",
        " 1101 0519 9001 0100 29 ",
        "１１０１０５１９９００１０１００２９",
    ],
)
def test_a_resident_id_with_the_right_check_character_passes_however_it_is_typed(value):
    assert id_number_error(value) is None
    validate_id_number(value)


@pytest.mark.parametrize(
    "value, why",
    [
        ("110105199001010020", "校验位"),  # one digit off: the check character catches it
        ("110105199001010092", "校验位"),  # two digits swapped
        ("11010519491231002Y", "18位"),  # only X may stand for 10
        ("1101051990010100X9", "18位"),  # X only in the last place
        ("11010519900101002", "18位"),  # 17 characters
        ("1101051990010100290", "18位"),  # 19 characters
        ("110105900101002", "18位"),  # an old 15-digit number is no longer valid
        ("", "18位"),
        ("990102199001010028", "地区码"),  # no such province (99), right check character
        ("110105199002300022", "出生日期"),  # 30 February
        ("110105188001010012", "出生日期"),  # born before 1900
        ("110105209901010013", "出生日期"),  # born in the future
    ],
)
def test_a_wrong_resident_id_is_refused_with_what_is_wrong(value, why):
    from sunlight.screening import id_check_char

    if why in ("地区码", "出生日期"):  # these cases must fail on their own ground, not on the check character
        value = value[:17] + id_check_char(value[:17])
    message = id_number_error(value)
    assert message is not None and why in str(message)
    with pytest.raises(ValidationError):
        validate_id_number(value)


def test_a_credit_code_with_the_right_check_character_passes_and_a_wrong_one_says_why():
    code = make_credit_code("91", "110105", "MA01ABCD")
    assert credit_code_error(code) is None and credit_code_error(code.lower()) is None
    validate_credit_code(f" {code[:9]} {code[9:]} ")
    wrong_check = code[:17] + ("0" if code[17] != "0" else "1")
    assert "校验位" in str(credit_code_error(wrong_check))
    assert "18位" in str(credit_code_error(code[:17]))
    assert "不含 I、O、Z、S、V" in str(credit_code_error(code[:5] + "I" + code[6:]))
    with pytest.raises(ValidationError):
        validate_credit_code(wrong_check)


def test_a_natural_person_may_give_another_document_but_a_resident_id_must_be_right():
    assert applicant_document_error("E12345678", natural=True) is None  # a passport: checked by shape only
    assert applicant_document_error("110105199001010029", natural=True) is None
    assert applicant_document_error("110105199001010020", natural=True) is not None
    assert (
        applicant_document_error("110105199001010029", natural=False) is not None
    )  # an organisation needs a credit code
