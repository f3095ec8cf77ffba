"""Item codes (GB/T 39554.1-2020): the basic code and the implementation code, checked and issued.

Basic code: 2 type letters + 5-digit main item + 3-digit sub item (000 when none). The implementation code
appends parts whose order and widths are provincial (local): settings.CATALOG_IMPLEMENTATION_CODE.
Codes never change once issued; a split or merge issues new ones.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.utils.translation import gettext as _

from sunlight.errors import refuse

from .kinds import LEVEL_DIGITS, kind_codes

# (part, width): basic (10) · level of exercise · region (GB/T 2260) · unified credit code · serial.
DEFAULT_IMPLEMENTATION_CODE = (("basic", 10), ("level", 1), ("region", 6), ("credit", 18), ("serial", 3))
BASIC_RE = re.compile(r"^([A-Z]{2})(\d{5})(\d{3})$")


def layout() -> tuple[tuple[str, int], ...]:
    return tuple(tuple(p) for p in getattr(settings, "CATALOG_IMPLEMENTATION_CODE", DEFAULT_IMPLEMENTATION_CODE))


def check_basic_code(code: str, kind: str | None = None) -> str:
    """The basic code, or a refusal saying what is wrong with it."""
    match = BASIC_RE.match(code or "")
    if not match or match.group(2) == "00000":
        raise refuse(
            _("基本编码“%(code)s”格式不对：应为2位类型字母+5位主项编码+3位子项编码，共10位。") % {"code": code}
        )
    if kind is not None and kind_codes().get(kind) != match.group(1):
        raise refuse(
            _("基本编码“%(code)s”的类型字母与事项类型不符（应为 %(letters)s）。")
            % {"code": code, "letters": kind_codes().get(kind, "?")},
            "code_kind_mismatch",
        )
    return code


def implementation_parts(code: str) -> dict[str, str]:
    """Split an implementation code by the layout; a refusal when it does not fit."""
    widths = layout()
    if len(code) != sum(w for _p, w in widths):
        raise refuse(
            _("实施编码“%(code)s”长度应为 %(n)s 位。") % {"code": code, "n": sum(w for _p, w in widths)}, "bad_code"
        )
    parts, at = {}, 0
    for part, width in widths:
        parts[part] = code[at : at + width]
        at += width
    check_basic_code(parts.get("basic", ""))
    if "serial" in parts and not parts["serial"].isdigit():
        raise refuse(_("实施编码“%(code)s”的业务办理项序号应为数字。") % {"code": code}, "bad_code")
    return parts


def implementation_code(basic_code: str, org, level: str, serial: int) -> str:
    """Issue the implementation code of an org's implementation of a basic item."""
    values = {
        "basic": basic_code,
        "level": LEVEL_DIGITS.get(level, "0"),
        "region": (org.region.code or "")[:6],
        "credit": org.credit_code or "",
    }
    code = ""
    for part, width in layout():
        value = f"{serial:0{width}d}" if part == "serial" else values.get(part, "")
        code += value.ljust(width, "0")[:width]
    return code
