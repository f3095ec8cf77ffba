"""行政复议 / 行政诉讼 about disclosure matters: recorded and decided by the org's disclosure handlers.

The records feed section 四 of the annual report (reports/annual.py): an appeal counts in the year it was
filed, by its result as of 31 December of that year. One act each, atomic, permission-checked, logged.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from sunlight.errors import Conflict, refuse
from sunlight.events.log import record
from sunlight.orgs import scope
from sunlight.orgs.models import Org

from ..models import Appeal, InfoRequest
from ..roles import HANDLER_ROLES

K, R = Appeal.Kind, Appeal.Result


@transaction.atomic
def record_appeal(
    *,
    by,
    org: Org,
    kind: str,
    filed_on: date,
    info_request: InfoRequest | None = None,
    case_number: str = "",
    note: str = "",
) -> Appeal:
    """登记: an application for reconsideration or a lawsuit against `org` about a disclosure matter."""
    scope.require(by, org, HANDLER_ROLES, what="登记行政复议、行政诉讼")
    if kind not in K.values:
        raise refuse(gettext("类别只能是行政复议、未经复议直接起诉或复议后起诉。"))
    if filed_on > timezone.localdate():
        raise refuse(gettext("申请或起诉日期不能晚于今天。"))
    if info_request is not None:
        if info_request.org_id != org.pk:
            raise refuse(gettext("相关申请须是本机关办理的申请。"))
        if filed_on < info_request.received_on:
            raise refuse(gettext("申请或起诉日期不能早于收到政府信息公开申请的日期。"))
    case_number, note = case_number.strip(), note.strip()
    if len(case_number) > 100:
        raise refuse(gettext("案号不超过100字。"))
    appeal = Appeal.objects.create(
        org=org, request=info_request, kind=kind, case_number=case_number, filed_on=filed_on, note=note
    )
    record(
        "requests.appeal.record",
        actor=by,
        org=org,
        obj=appeal,
        data={
            "kind": kind,
            "filed_on": filed_on.isoformat(),
            "case_number": case_number,
            "request": info_request.number if info_request else None,
        },
    )
    return appeal


@transaction.atomic
def decide_appeal(appeal: Appeal, *, by, result: str, decided_on: date, note: str = "") -> Appeal:
    """审结: record the decision (维持 / 纠正 / 其他) and its date. Once; the result is final."""
    appeal = Appeal.objects.select_for_update().select_related("org").get(pk=appeal.pk)
    scope.require(by, appeal.org, HANDLER_ROLES, what="登记行政复议、行政诉讼结果")
    if appeal.result != R.PENDING:
        raise Conflict(
            gettext("该案件已审结（%(result)s）。") % {"result": appeal.get_result_display()}, code="appeal_decided"
        )
    if result not in R.values or result == R.PENDING:
        raise refuse(gettext("结果只能是结果维持、结果纠正或其他结果。"))
    if decided_on < appeal.filed_on:
        raise refuse(gettext("审结日期不能早于申请或起诉日期。"))
    if decided_on > timezone.localdate():
        raise refuse(gettext("审结日期不能晚于今天。"))
    appeal.result, appeal.decided_on = result, decided_on
    fields = ["result", "decided_on"]
    if note.strip():
        appeal.note = f"{appeal.note}\n{note.strip()}".strip()
        fields.append("note")
    appeal.save(update_fields=fields)
    record(
        "requests.appeal.decide",
        actor=by,
        org=appeal.org,
        obj=appeal,
        before={"result": R.PENDING},
        after={"result": result, "decided_on": decided_on.isoformat()},
        data={"note": note.strip()},
    )
    return appeal
