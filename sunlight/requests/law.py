"""Read the law tables (models.Outcome, ApplicantType, StatutoryLimit); never hard-code what they hold.

The tables are tiny and change only by migration or a logged admin edit, so every helper simply
queries: no process cache that could serve a stale limit after an edit on another server.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy

from sunlight.errors import SunlightError

from .models import ApplicantType, Outcome, StatutoryLimit

# The seeded StatutoryLimit keys, so callers never spell them by hand.
REPLY = "reply"  # 第三十三条: 20 working days
EXTENSION = "extension"  # 第三十三条: at most 20 more
CORRECTION_NOTICE = "correction_notice"  # 第三十条: one notice within 7
THIRD_PARTY_REPLY = "third_party_reply"  # 第三十二条: 15, not counted
CO_PRODUCER_REPLY = "co_producer_reply"  # 第三十四条: 15, not counted
FEE_PAYMENT = "fee_payment"  # 国办函〔2020〕109号: 20 to pay

UNKNOWN_OUTCOME = gettext_lazy("答复类型不在法定范围内")


def limit(key: str) -> StatutoryLimit:
    """The statutory limit seeded under `key`; a missing key is a bug in the caller, hence LookupError."""
    try:
        return StatutoryLimit.objects.get(key=key)
    except StatutoryLimit.DoesNotExist:
        raise LookupError(f"no statutory limit {key!r}; see sunlight/requests/migrations/0002_seed_law.py") from None


def fee_window_stops_clock() -> bool:
    """Whether the days between the fee notice and payment are left out of the reply period.

    (verify) in the reference: stored as fee_payment.counts_toward_clock so an admin can change it
    without a deploy. Seeded False, i.e. the window stops the clock.
    """
    return not limit(FEE_PAYMENT).counts_toward_clock


def outcome(category: str, number: int | None = None, *, include_inactive: bool = False) -> Outcome:
    """The outcome row for a reply: outcome("withheld", 1) is 不予公开 · 属于国家秘密.

    予以公开 and 部分公开 take no number; every other category needs one. Anything else, and a
    deactivated row unless include_inactive (reports still count old replies), is refused.
    """
    if category not in Outcome.Category.values or isinstance(number, bool):
        raise SunlightError(UNKNOWN_OUTCOME, code="unknown_outcome")
    rows = Outcome.objects.filter(category=category)
    if not include_inactive:
        rows = rows.filter(is_active=True)
    found = rows.filter(number__isnull=True) if number is None else rows.filter(number=number)
    row = found.first()
    if row is None:
        raise SunlightError(UNKNOWN_OUTCOME, code="unknown_outcome")
    return row


def outcomes(category: str | None = None) -> QuerySet[Outcome]:
    """The active outcomes in report order, optionally of one category (for a reply form's choices)."""
    rows = Outcome.objects.filter(is_active=True)
    return rows.filter(category=category) if category else rows


def applicant_types() -> QuerySet[ApplicantType]:
    """The report's columns in order: 自然人, 法人或其他组织, then its five kinds."""
    return ApplicantType.objects.select_related("parent")
