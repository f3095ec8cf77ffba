"""Codes that identify regions and agencies, with their check characters.

- 统一社会信用代码 (GB 32100-2015): 18 characters, the last a check character.
- 组织机构代码 (GB 11714-1997): 9 characters, the last a check character ("XXXXXXXX-X" in print).
- 行政区划代码: 6 digits (GB/T 2260) down to county level; 9 digits for townships and 12 for
  villages (the statistical division codes extend the county code).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

CREDIT_CODE_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I, O, Z, S, V
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ORG_CODE_CHARSET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def credit_code_check_char(first17: str) -> str:
    total = sum(CREDIT_CODE_CHARSET.index(c) * w for c, w in zip(first17, CREDIT_CODE_WEIGHTS))
    return CREDIT_CODE_CHARSET[(31 - total % 31) % 31]


def org_code_check_char(first8: str) -> str:
    total = sum(ORG_CODE_CHARSET.index(c) * w for c, w in zip(first8, ORG_CODE_WEIGHTS))
    value = 11 - total % 11
    return {10: "X", 11: "0"}.get(value, str(value))


def is_valid_credit_code(code: str) -> bool:
    if len(code) != 18 or any(c not in CREDIT_CODE_CHARSET for c in code):
        return False
    return credit_code_check_char(code[:17]) == code[17]


def is_valid_org_code(code: str) -> bool:
    code = code.replace("-", "")
    if len(code) != 9 or any(c not in ORG_CODE_CHARSET for c in code[:8]):
        return False
    return org_code_check_char(code[:8]) == code[8]


def validate_credit_code(code: str) -> None:
    if not is_valid_credit_code(code):
        raise ValidationError(
            gettext("统一社会信用代码“%(code)s”无效：应为18位（不含 I、O、Z、S、V），且末位校验码正确。"),
            code="invalid_credit_code",
            params={"code": code},
        )


def validate_org_code(code: str) -> None:
    if not is_valid_org_code(code):
        raise ValidationError(
            gettext("组织机构代码“%(code)s”无效：应为9位，且末位校验码正确。"),
            code="invalid_org_code",
            params={"code": code},
        )


def make_credit_code(registration: str, region_code: str, org_code8: str) -> str:
    """Build a valid credit code from its parts (used by the demo and tests).

    registration: 2 chars (e.g. "11" = 机关), region_code: 6 digits, org_code8: 8 body characters of
    the 组织机构代码, whose own check character is computed here too.
    """
    body = registration + region_code + org_code8 + org_code_check_char(org_code8)
    return body + credit_code_check_char(body)


REGION_CODE_LENGTHS = {1: 6, 2: 6, 3: 6, 4: 9, 5: 12}


def region_prefix(code: str, level: int) -> str:
    """The significant leading digits of a division code: all of its subtree shares them."""
    return {1: code[:2], 2: code[:4]}.get(level, code)


def validate_region_code(code: str, level: int, parent_code: str | None, parent_level: int | None) -> None:
    expected = REGION_CODE_LENGTHS[level]
    if not code.isdigit() or len(code) != expected:
        raise ValidationError(
            gettext("行政区划代码“%(code)s”应为%(n)d位数字。"),
            code="invalid_region_code",
            params={"code": code, "n": expected},
        )
    if level == 1 and not code.endswith("0000"):
        raise ValidationError(gettext("省级代码应以0000结尾。"), code="invalid_region_code")
    if level == 2 and (code.endswith("0000") or not code.endswith("00")):
        raise ValidationError(gettext("地市级代码应以00结尾（且不以0000结尾）。"), code="invalid_region_code")
    if level == 3 and code.endswith("00"):
        raise ValidationError(gettext("县级代码不应以00结尾。"), code="invalid_region_code")
    if parent_code is not None and parent_level is not None:
        if not code.startswith(region_prefix(parent_code, parent_level)):
            raise ValidationError(
                gettext("代码“%(code)s”不在上级区划“%(parent)s”之下。"),
                code="region_not_under_parent",
                params={"code": code, "parent": parent_code},
            )
