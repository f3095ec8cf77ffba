"""收费登记: a fee charged for a case is recorded with its basis, so that what was charged can be compared with what
the item version publishes (supervision)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext

from sunlight.errors import refuse
from sunlight.events.log import record

from .. import days
from ..models import Case, CaseFee
from .rules import CLERK_ROLES, HANDLING_ROLES, lock, require_staff

MAX_FEE = Decimal("9999999.99")


@transaction.atomic
def record_fee(case: Case, *, by, name: str, amount, basis: str = "") -> CaseFee:
    case = lock(case)
    require_staff(by, case, (*CLERK_ROLES, *HANDLING_ROLES), gettext("收费登记"))
    if case.status in (Case.Status.NOT_ACCEPTED, Case.Status.WITHDRAWN, Case.Status.SUBMITTED):
        raise refuse(gettext("受理之后才能登记收费。"), "not_accepted")
    name = (name or "").strip()[:100]
    if not name:
        raise refuse(gettext("请填写收费项目。"), "name_required")
    try:
        amount = Decimal(str(amount)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise refuse(gettext("金额须是数字。"), "bad_amount") from None
    if not Decimal("0") < amount <= MAX_FEE:
        raise refuse(gettext("金额须大于 0 且不超过 9999999.99 元。"), "bad_amount")
    fee = CaseFee.objects.create(
        case=case, name=name, amount=amount, basis=(basis or "").strip()[:300], charged_on=days.today(), by=by
    )
    record(
        "cases.fee", actor=by, org=case.org, obj=case, data={"name": name, "amount": str(amount), "basis": fee.basis}
    )
    case.save(update_fields=["updated_at"])  # the case changed: whoever watches it re-reads it
    return fee
