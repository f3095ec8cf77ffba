"""信息处理费 (processing_fee) acts of a request: the fee notice, the payment, the lapse of an unpaid fee.

《政府信息公开信息处理费管理办法》(国办函〔2020〕109号): one method per request (按件 or 按量); the amount
comes only from fees.fee_for, never typed. The applicant pays within law.FEE_PAYMENT working days of
the notice or the request is treated as abandoned (其他处理 2). Whether the payment window stops the
reply clock is a setting (law.fee_window_stops_clock(), (verify) in the reference).
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from sunlight.clock.calendar import get_calendar
from sunlight.errors import refuse
from sunlight.events.log import record

from .. import fees, law
from ..models import InfoRequest
from ..notices import cn_date, issue_notice
from ..repeats import same_applicant_q
from .common import close_as_lapsed, each_in_own_transaction
from .rules import S, clock_of, lock, require_handler, require_open, save_clock

FEE_PAUSE = "等待缴纳信息处理费"
FEE_RESUME = "已缴纳信息处理费"


# How to pay is local (the non-tax revenue channel of each treasury): a deployment may set its own text.
DEFAULT_HOW_TO_PAY = (
    "请通过本机关告知的政府非税收入缴款渠道缴纳（具体缴款方式可向本机关政府信息公开工作机构咨询），"
    "缴费后本机关依法出具财政票据。"
)


def nth_in_month(info_request: InfoRequest) -> int:
    """109号 Art. 4: this request's place among the applicant's requests to this org in the natural month
    of its receipt, counting by receipt date then creation (so it includes this one)."""
    received = info_request.received_on
    first = received.replace(day=1)
    return (
        InfoRequest.objects.filter(
            same_applicant_q(info_request),
            org_id=info_request.org_id,
            received_on__gte=first,
            received_on__lte=received,
        )
        .exclude(received_on=received, pk__gt=info_request.pk)
        .count()
    )


@transaction.atomic
def issue_fee_notice(
    info_request: InfoRequest, *, by, method: str, pages: int | None = None, on: date | None = None
) -> InfoRequest:
    """收费通知: charge the 109号 fee by one method; the applicant has law.FEE_PAYMENT working days to pay."""
    info_request = lock(info_request)
    require_handler(by, info_request)
    require_open(info_request)
    if info_request.fee_method:
        raise refuse(gettext("该申请已经发出过收费通知，不能再次收费。"), "second_fee_notice")
    if info_request.status != S.PROCESSING:
        raise refuse(
            gettext("申请当前状态为“%(status)s”，只有办理中的申请可以发出收费通知。")
            % {"status": info_request.get_status_display()},
            "bad_state",
        )
    on = on or timezone.localdate()
    if on < info_request.received_on:
        raise refuse(gettext("收费通知日期不能早于收到申请日期。"), "bad_request")
    if info_request.due_on and on > info_request.due_on:
        raise refuse(gettext("收费通知应当在答复期限内发出，答复期限已过。"), "too_late")
    nth = nth_in_month(info_request) if method == fees.Method.PER_REQUEST else None
    fee = fees.fee_for(method, nth_in_month=nth, pages=pages)  # refuses an unknown method, both counts, bad pages
    if fee.amount <= 0:
        raise refuse(gettext("按该方式计算的信息处理费为零，无需收费。"), "no_fee")
    window = law.limit(law.FEE_PAYMENT)
    info_request.fee_method, info_request.fee_pages, info_request.fee_amount = fee.method, pages, fee.amount
    info_request.fee_notified_on, info_request.fee_paid_on = on, None
    info_request.fee_due_on = get_calendar().add(on, window.days, "working")
    info_request.status = S.FEE_PENDING
    fields = ["fee_method", "fee_pages", "fee_amount", "fee_notified_on", "fee_due_on", "fee_paid_on", "status"]
    stops = law.fee_window_stops_clock()
    if stops:
        save_clock(info_request, clock_of(info_request).pause(on, FEE_PAUSE), *fields)
    else:
        info_request.save(update_fields=[*fields, "updated_at"])
    record(
        "requests.fee_notice",
        actor=by,
        org=info_request.org,
        obj=info_request,
        data={
            "method": fee.method,
            "nth_in_month": nth,
            "pages": pages,
            "amount": str(fee.amount),
            "fee_due_on": info_request.fee_due_on.isoformat(),
            "clock_paused": stops,
        },
    )
    issue_notice(
        info_request,
        "fee",
        on=on,
        context={
            "basis": fee.basis,
            "method_label": fee.method_label,
            "lines": fee.breakdown,
            "amount": fee.amount,
            "nth_in_month": nth,
            "month": f"{info_request.received_on.year}年{info_request.received_on.month}月",
            "pages": pages,
            "fee_days": window.days,
            "fee_due_on": info_request.fee_due_on,
            "clock_paused": stops,
            "how_to_pay": settings.REQUESTS_FEE_HOW_TO_PAY or DEFAULT_HOW_TO_PAY,
        },
    )
    return info_request


@transaction.atomic
def record_payment(info_request: InfoRequest, *, by, on: date | None = None) -> InfoRequest:
    """缴费: the fee was paid within its window; processing (and a paused clock) resumes that day."""
    info_request = lock(info_request)
    require_handler(by, info_request)
    require_open(info_request)
    if info_request.status != S.FEE_PENDING:
        raise refuse(gettext("该申请没有待缴纳的信息处理费。"), "bad_state")
    on = on or timezone.localdate()
    if on < info_request.fee_notified_on:
        raise refuse(gettext("缴费日期不能早于收费通知日期。"), "bad_request")
    if on > info_request.fee_due_on:
        raise refuse(
            gettext("已超过缴费期限（%(day)s），视为放弃申请，不能再记录缴费。")
            % {"day": info_request.fee_due_on.isoformat()},
            "fee_window_passed",
        )
    info_request.fee_paid_on, info_request.status = on, S.PROCESSING
    fields = ["fee_paid_on", "status"]
    clock = clock_of(info_request)
    resumed = clock.is_paused  # paused by the notice (the setting may have changed since: the clock decides)
    if resumed:
        save_clock(info_request, clock.resume(on, FEE_RESUME), *fields)
    else:
        info_request.save(update_fields=[*fields, "updated_at"])
    record(
        "requests.fee_paid",
        actor=by,
        org=info_request.org,
        obj=info_request,
        data={"on": on.isoformat(), "amount": str(info_request.fee_amount), "clock_resumed": resumed},
    )
    return info_request


def lapse_unpaid_fees(today: date | None = None) -> int:
    """System act, daily: requests whose fee was not paid within the window are closed as 其他处理 2.

    Idempotent (a closed request is no longer FEE_PENDING); each request in its own transaction, so one
    that fails (its notice cannot be rendered) is logged and retried the next day without holding up
    the others. Returns how many were closed."""
    today = today or timezone.localdate()
    return each_in_own_transaction(
        InfoRequest.objects.filter(status=S.FEE_PENDING, fee_due_on__lt=today).values_list("pk", flat=True),
        lambda pk: _lapse_one(pk, today),
        "lapse_unpaid_fees",
    )


@transaction.atomic
def _lapse_one(pk: int, today: date) -> int:
    info_request = InfoRequest.objects.select_for_update().select_related("org").get(pk=pk)
    if info_request.status != S.FEE_PENDING or not info_request.fee_due_on or info_request.fee_due_on >= today:
        return 0  # paid or closed meanwhile
    close_as_lapsed(
        info_request,
        category="other",
        number=2,
        on=today,
        verb="requests.fee_lapsed",
        text=(
            f"本机关已于{cn_date(info_request.fee_notified_on)}向您发出收费通知，您未在{cn_date(info_request.fee_due_on)}前缴纳"
            f"信息处理费。根据《政府信息公开信息处理费管理办法》（{fees.BASIS}），视为放弃申请，本机关不再处理该政府信息公开申请。"
        ),
        data={"fee_due_on": info_request.fee_due_on.isoformat()},
    )
    return 1
