"""信息处理费 (processing_fee): 《政府信息公开信息处理费管理办法》(国办函〔2020〕109号).

Art. 3: a fee is charged either per request (按件计收) or per page (按量计收) — one method per
request, never both — and both are progressive (超额累进): each unit is priced by the tier it
falls in. The tiers below are the law's own table; the functions only walk them, so the
amounts are never typed by hand. Pure functions: no database, no clock.

    per_request_fee(35) == Decimal("200")        # the applicant's 35th request this month
    per_page_fee(150) == Decimal("1700")          # 70 × 10 + 50 × 20
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sunlight.errors import SunlightError

BASIS = "国办函〔2020〕109号"


class Method(models.TextChoices):
    PER_REQUEST = "per_request", _("按件计收")
    PER_PAGE = "per_page", _("按量计收")


# The fee notice is a legal document and names the method as 109号 does (Method's labels follow the UI language).
NOTICE_NAMES = {Method.PER_REQUEST.value: "按件计收", Method.PER_PAGE.value: "按量计收"}


@dataclass(frozen=True)
class Tier:
    """Units first..last (1-based, last None = no upper end) cost unit_price each.

    With `block`, the price rises by `step` for every further `block` units inside the tier
    (109号 Art. 4(3): "以10件为一档，每增加一档，收费标准提高100元/件").
    """

    first: int
    last: int | None
    unit_price: Decimal
    block: int | None = None
    step: Decimal = Decimal("0")

    def price_of(self, n: int) -> Decimal:
        if self.block is None:
            return self.unit_price
        return self.unit_price + self.step * ((n - self.first) // self.block)

    def band_of(self, n: int) -> tuple[int, int | None]:
        """The law's range of equally priced units that holds unit n: (11, 30), (41, 50), (201, None)."""
        if self.block is None:
            return self.first, self.last
        lo = self.first + (n - self.first) // self.block * self.block
        hi = lo + self.block - 1
        return lo, hi if self.last is None else min(hi, self.last)

    def spans(self, start: int, end: int) -> list[tuple[int, int]]:
        """The runs of equally priced units of this tier that fall inside start..end."""
        lo, hi = max(start, self.first), end if self.last is None else min(end, self.last)
        runs = []
        while lo <= hi:
            band_end = self.band_of(lo)[1]
            run_end = hi if band_end is None else min(hi, band_end)
            runs.append((lo, run_end))
            lo = run_end + 1
        return runs


# 109号 Art. 4: per request, counted per applicant per natural month at one agency.
PER_REQUEST_TIERS: tuple[Tier, ...] = (
    Tier(1, 10, Decimal("0")),  # (一) 10件以下（含10件）：不收费
    Tier(11, 30, Decimal("100")),  # (二) 11—30件（含30件）的部分：100元/件
    Tier(31, None, Decimal("200"), block=10, step=Decimal("100")),  # (三) 31件以上：每10件一档，每档提高100元/件
)

# 109号 Art. 5: per page, within one request.
PER_PAGE_TIERS: tuple[Tier, ...] = (
    Tier(1, 30, Decimal("0")),  # (一) 30页以下（含30页）：不收费
    Tier(31, 100, Decimal("10")),  # (二) 31—100页（含100页）的部分：10元/页
    Tier(101, 200, Decimal("20")),  # (三) 101—200页（含200页）的部分：20元/页
    Tier(201, None, Decimal("40")),  # (四) 201页以上的部分：40元/页
)


def _check_table(tiers: tuple[Tier, ...]) -> tuple[Tier, ...]:
    """A table must start at 1, leave no gap or overlap, end open, and never get cheaper."""
    ok = (
        tiers[0].first == 1
        and tiers[-1].last is None
        and all(
            before.last is not None
            and after.first == before.last + 1
            and after.unit_price >= before.price_of(before.last)
            for before, after in zip(tiers, tiers[1:])
        )
    )
    if not ok:
        raise ValueError(f"malformed fee table: {tiers!r}")
    return tiers


_check_table(PER_REQUEST_TIERS)
_check_table(PER_PAGE_TIERS)


class FeeLine(NamedTuple):
    """One line of the fee notice's breakdown: 档次, 数量, 单价（元）, 小计（元）."""

    tier: str
    quantity: int
    unit_price: Decimal
    subtotal: Decimal


@dataclass(frozen=True)
class Fee:
    method: str
    amount: Decimal
    breakdown: tuple[FeeLine, ...]
    basis: str = BASIS

    @property
    def method_label(self) -> str:
        """The method's name on the fee notice: legal text in Chinese, whatever the UI language."""
        return NOTICE_NAMES[self.method]


_WHAT = {"nth_in_month": ("本月申请件次", "request's number in the month"), "pages": ("页数", "page count")}


def _count(value, what: str) -> int:
    """A count the fee is computed from: a whole number of at least 1."""
    chinese, english = _WHAT[what]
    if isinstance(value, bool) or not isinstance(value, int):
        raise SunlightError(gettext("%(chinese)s必须是整数。") % {"chinese": chinese}, code="invalid_fee_input")
    if value < 1:
        raise SunlightError(gettext("%(chinese)s必须大于零。") % {"chinese": chinese}, code="invalid_fee_input")
    return value


def _tier_of(tiers: tuple[Tier, ...], n: int) -> Tier:
    return next(t for t in tiers if t.last is None or n <= t.last)


def _label(lo: int, hi: int | None, unit: str) -> str:
    return f"第{lo}—{hi}{unit}" if hi is not None else f"第{lo}{unit}及以上"


def _lines(tiers: tuple[Tier, ...], count: int, unit: str, *, start: int = 1) -> tuple[FeeLine, ...]:
    """One breakdown line per band touched by units start..count, labelled with the band's legal range."""
    lines = []
    for tier in tiers:
        for lo, hi in tier.spans(start, count):
            price = tier.price_of(lo)
            quantity = hi - lo + 1
            lines.append(FeeLine(_label(*tier.band_of(lo), unit), quantity, price, price * quantity))
    return tuple(lines)


def per_request_fee(nth_in_month: int) -> Decimal:
    """按件计收: the fee for the applicant's nth request at this agency in this natural month."""
    n = _count(nth_in_month, "nth_in_month")
    return _tier_of(PER_REQUEST_TIERS, n).price_of(n)


def page_price(nth_page: int) -> Decimal:
    """按量计收: the price of the nth page of one request, by the tier it falls in."""
    n = _count(nth_page, "pages")
    return _tier_of(PER_PAGE_TIERS, n).price_of(n)


def per_page_fee(pages: int) -> Decimal:
    """按量计收: the fee for a request of `pages` pages, each page priced by its own tier."""
    n = _count(pages, "pages")
    return sum((line.subtotal for line in _lines(PER_PAGE_TIERS, n, "页")), Decimal("0"))


def fee_for(method: str, *, nth_in_month: int | None = None, pages: int | None = None) -> Fee:
    """The fee for one request by one method, with the breakdown the fee notice prints.

    Refused (SunlightError): an unknown method, both counts or neither (one method per request,
    109号 Art. 3), the count that does not belong to the method, and counts below 1.
    """
    if method not in Method.values:
        raise SunlightError(gettext("收费方式只能是按件计收或按量计收。"), code="invalid_fee_input")
    if nth_in_month is not None and pages is not None:
        raise SunlightError(gettext("每件申请只能按一种方式计费，不得同时按件和按量计收。"), code="invalid_fee_input")
    if method == Method.PER_REQUEST:
        if nth_in_month is None:
            raise SunlightError(gettext("按件计收须给出本月申请件次。"), code="invalid_fee_input")
        n = _count(nth_in_month, "nth_in_month")
        # Only this request is charged now: its own band, quantity 1.
        lines = _lines(PER_REQUEST_TIERS, n, "件", start=n)
        lines = tuple(line._replace(tier=f"本月{line.tier}") for line in lines)
    else:
        if pages is None:
            raise SunlightError(gettext("按量计收须给出页数。"), code="invalid_fee_input")
        lines = _lines(PER_PAGE_TIERS, _count(pages, "pages"), "页")
    return Fee(str(method), sum((line.subtotal for line in lines), Decimal("0")), lines)
