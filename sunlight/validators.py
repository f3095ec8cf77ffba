"""Form validators for identity numbers, shared by every form where one is typed (the online request form, the
staff registration of a request, public registration, the API intake).

- 居民身份证号码 (GB 11643-1999): 18 characters, a province code, a real date of birth and the mod 11-2 check
  character (0-9 or X); the check itself lives in sunlight.screening (it also finds ID numbers in text).
- 统一社会信用代码 (GB 32100-2015): 18 characters, the mod 31 check character; the check lives in sunlight.orgs.codes.

Input is normalised first (full-width to ASCII, spaces dropped, upper case), so "１１０１…ｘ" is read as typed.
"""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sunlight.orgs.codes import CREDIT_CODE_CHARSET, credit_code_check_char
from sunlight.screening import (
    PROVINCE_CODES,
    id_check_char,
    is_valid_id_number,
)

# Digits only (or digits and a final X): this is meant to be a resident ID number, so it gets the full check.
# Anything with other letters is another document (passport, 港澳台居民往来证件) and is checked by shape only.
_RESIDENT_ID_LIKE = re.compile(r"^[0-9]{14,17}[0-9X]$")


def compact(value: str) -> str:
    """NFKC (full width → ASCII), no whitespace (also U+3000), upper case."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", value or "")).upper()


def id_number_error(value: str) -> str | None:
    """Why VALUE is not a valid resident ID number (GB 11643-1999), or None when it is."""
    value = compact(value)
    if len(value) != 18 or not value[:17].isdigit() or not (value[17].isdigit() or value[17] == "X"):
        return _("居民身份证号码应为18位：前17位是数字，最后一位是数字或X。")
    if int(value[:2]) not in PROVINCE_CODES or not is_valid_id_number(value):
        if id_check_char(value[:17]) == value[17]:
            return _("居民身份证号码中的地区码或出生日期不正确，请核对。")
        return _("居民身份证号码的校验位（最后一位）不正确，请核对是否输错。")
    return None


def looks_like_resident_id(value: str) -> bool:
    return bool(_RESIDENT_ID_LIKE.match(compact(value)))


def credit_code_error(value: str) -> str | None:
    """Why VALUE is not a valid 统一社会信用代码 (GB 32100-2015), or None when it is."""
    value = compact(value)
    if len(value) != 18:
        return _("统一社会信用代码应为18位。")
    if any(c not in CREDIT_CODE_CHARSET for c in value):
        return _("统一社会信用代码只含数字和大写字母（不含 I、O、Z、S、V）。")
    if credit_code_check_char(value[:17]) != value[17]:
        return _("统一社会信用代码的校验位（最后一位）不正确，请核对是否输错。")
    return None


def validate_id_number(value: str) -> None:
    """Django validator: a resident ID number with the right check character."""
    if (message := id_number_error(value)) is not None:
        raise ValidationError(message, code="invalid_id_number")


def validate_credit_code(value: str) -> None:
    """Django validator: a 统一社会信用代码 with the right check character."""
    if (message := credit_code_error(value)) is not None:
        raise ValidationError(message, code="invalid_credit_code")


def validate_personal_document(value: str) -> None:
    """A natural person's document number: a resident ID (checked in full) or another document (by shape)."""
    if looks_like_resident_id(value):
        validate_id_number(value)


def applicant_document_error(value: str, *, natural: bool) -> str | None:
    """The document number of an applicant: a natural person's resident ID in full (other documents by shape),
    a legal person's or other organisation's 统一社会信用代码."""
    if natural:
        return id_number_error(value) if looks_like_resident_id(value) else None
    return credit_code_error(value)
