"""Generating a monthly supervision report: by the worker on the 1st, or by a supervisor or admin of the org by hand."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext

from sunlight.cases import days
from sunlight.errors import refuse
from sunlight.events.log import record
from sunlight.monthly.actions import last_month
from sunlight.notify.notices import send_notice
from sunlight.orgs.models import Membership, Org, Role
from sunlight.orgs.scope import can_act

from ..models import SupervisionReport
from ..report import build_report_data, report_orgs
from .rules import supervises


@transaction.atomic
def generate_supervision_report(org: Org, year: int, month: int, *, by=None) -> SupervisionReport:
    """Freeze the month's figures; `by` None is the worker. Only a month that has ended, since 2000."""
    if by is not None and not (supervises(by, org) or can_act(by, org, (Role.ADMIN,))):
        raise PermissionDenied(gettext("只有本机关或上级的监察人员、管理员可以生成电子监察月报。"))
    today = days.today()
    if not (2000 <= year <= 2100 and 1 <= month <= 12) or (year, month) >= (today.year, today.month):
        raise refuse(gettext("只能生成 2000 年以后已经结束的月份的月报。"), "bad_month")
    data = build_report_data(org, year, month)
    report, created = SupervisionReport.objects.update_or_create(
        org=org, year=year, month=month, defaults={"data": data, "generated_by": by}
    )
    record(
        "supervision.report",
        actor=by or "worker",
        org=org,
        obj=report,
        data={"period": data["period"], "first": created},
    )
    url = reverse("supervision_wb:report", args=[report.pk])
    heads = Membership.objects.filter(org=org, role__in=(Role.APPROVER, Role.ADMIN), is_active=True).select_related(
        "user"
    )
    subject = gettext("%(org)s %(period)s 电子监察月报已生成") % {"org": org.name, "period": data["period"]}
    for user in {m.user for m in heads}:
        send_notice(user, subject, url=url, channels=("inapp", "email"))
    return report


def generate_due_reports(today: date | None = None) -> int:
    """The worker's run on the 1st: last month's report for each org of `report_orgs`. Idempotent: a rerun
    regenerates the same reports."""
    today = today or days.today()
    if today.day != 1:
        return 0
    year, month = last_month(today)
    made = 0
    for org in report_orgs():
        generate_supervision_report(org, year, month)
        made += 1
    return made
