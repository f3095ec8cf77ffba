"""Masked display of an applicant's personal data (pure functions, no Django needed).

ID numbers and mobiles follow ``sunlight.screening.mask_text`` (110105********0020,
138****5678), which is reused for them. Unlike ``mask_text``, which must keep the length so that
offsets in a document stay valid, a value shown on its own hides the length where the length itself
says something (the e-mail local part, the given name): z***@example.com, 张**.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable

from sunlight.crypto import Unreadable
from sunlight.screening import mask_text

_SEPARATORS_RE = re.compile(r"[\s\-\u2010-\u2015\u2212]+")
_ID_NUMBER_RE = re.compile(r"^(?:\d{15}|\d{17}[\dX])$")
_MOBILE_RE = re.compile(r"^(\+86|0086)?1[3-9]\d{9}$")

# 复姓 common enough to appear among applicants; a name starting with one keeps two characters.
COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 司空 夏侯 轩辕 令狐 钟离 闻人 澹台 公冶 "
    "太史 端木 申屠 南宫 西门 独孤 呼延 万俟 百里 东郭 赫连 濮阳 拓跋 左丘 第五 单于 鲜于 闾丘 公羊 "
    "谷梁 仲孙 叔孙 亓官 司寇 子车 颛孙 壤驷 公良 漆雕 乐正 宰父 羊舌 微生 东门 南门 归海 段干 巫马 公西".split()
)


def _compact(value: str) -> str:
    """Full-width folded (NFKC), separators removed, x → X: the form numbers are judged in."""
    return _SEPARATORS_RE.sub("", unicodedata.normalize("NFKC", value)).upper()


def _keep(value: str, first: int, last: int) -> str:
    """Keep the first/last characters and star the middle; too short to keep anything → all stars."""
    if len(value) <= first + last:
        return "*" * len(value)
    return value[:first] + "*" * (len(value) - first - last) + value[len(value) - last :]


def _shows_unreadable(mask: Callable[[str], str]) -> Callable[[str], str]:
    """A value no key could decrypt is shown as its marker (“无法解密：密钥不符”), not as stars of the marker."""

    @functools.wraps(mask)
    def masked(value: str) -> str:
        return value if isinstance(value, Unreadable) else mask(value)

    return masked


@_shows_unreadable
def mask_id_number(value: str) -> str:
    """居民身份证号 → 110105********0020 (first 6, last 4, as screening does); other documents → E1*****78."""
    compact = _compact(value or "")
    if not compact:
        return ""
    if _ID_NUMBER_RE.match(compact):
        return mask_text(compact)
    # Passports, 港澳台 permits, …: the region/birth-date logic does not apply; keep little.
    return _keep(compact, 2, 2) if len(compact) >= 8 else "*" * len(compact)


@_shows_unreadable
def mask_phone(value: str) -> str:
    """Mobile → 138****5678 (+86 kept in front); other numbers → last 4 digits kept (***-****5678)."""
    text = unicodedata.normalize("NFKC", (value or "").strip())
    if not text:
        return ""
    compact = _compact(text)
    mobile = _MOBILE_RE.match(compact)
    if mobile:
        # A country prefix is shown apart from the number: +86 138****5678.
        return (
            f"{mobile.group(1)} {mask_text(compact[len(mobile.group(1)) :])}" if mobile.group(1) else mask_text(compact)
        )
    digits = [i for i, ch in enumerate(text) if ch.isdigit()]
    shown = set(digits[-4:]) if len(digits) >= 7 else set()
    return "".join(ch if i in shown or not ch.isalnum() else "*" for i, ch in enumerate(text))


@_shows_unreadable
def mask_email(value: str) -> str:
    """zhang.san@example.com → z***@example.com; something that is no address → ***."""
    text = unicodedata.normalize("NFKC", (value or "").strip())
    if not text:
        return ""
    local, sep, domain = text.rpartition("@")
    if not sep or not local or not domain:
        return "***"
    return f"{local[0]}***@{domain}"


def mask_name(value: str) -> str:
    """A natural person's name → surname + "**": 张三 → 张**, 欧阳娜娜 → 欧阳**, 买买提·艾力 → 买**, John Smith → J**.

    Always two stars, so the length of the given name is not shown. A compound surname is only
    recognised in a name of three or more characters (欧阳 alone is 欧 + 阳).
    """
    text = (value or "").strip()
    if not text:
        return ""
    if len(text) >= 3 and text[:2] in COMPOUND_SURNAMES:
        return text[:2] + "**"
    return text[0] + "**"


@_shows_unreadable
def mask_address(value: str) -> str:
    """Keep the first six characters (usually province/city/district), hide the rest: 云川市青溪区****."""
    text = (value or "").strip()
    if not text:
        return ""
    return text[:6] + "****" if len(text) > 6 else text[:1] + "****"
