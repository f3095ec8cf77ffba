"""The one act of this module: generate (or regenerate) an org's report for a month that has ended."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sunlight.errors import refuse
from sunlight.events.log import record
from sunlight.notify.notices import send_notice
from sunlight.notify.public_cache import public_changed
from sunlight.orgs import scope
from sunlight.orgs.models import Org, Role

from .figures import count_month, month_bounds
from .models import MonthlyReport

# Who may regenerate a month by hand (the worker generates every month on the 1st without anyone).
GENERATOR_ROLES = (Role.DISCLOSURE_OFFICER, Role.ADMIN)
# The orgs that publish and take requests, and so have a month to report.
REPORTING_KINDS = (Org.Kind.GOVERNMENT, Org.Kind.DEPARTMENT)


@transaction.atomic
def generate_monthly_report(org: Org, year: int, month: int, *, by=None) -> MonthlyReport:
    """Count the month and keep the figures; `by` None is the worker. Only a month that has ended is reported."""
    if by is not None and not scope.can_act(by, org, GENERATOR_ROLES):
        raise PermissionDenied(_("只有本机关的信息公开工作人员可以生成月报。"))
    if not 1 <= month <= 12 or year < 2000:
        raise refuse(_("月份不正确。"), "bad_request")
    if month_bounds(year, month)[1] >= timezone.localdate():
        raise refuse(_("只能生成已经结束的月份的月报。"), "month_not_over")
    figures = count_month(org, year, month).as_fields()
    report, created = MonthlyReport.objects.update_or_create(
        org=org, year=year, month=month, defaults={**figures, "generated_at": timezone.now()}
    )
    record(
        "monthly.generate",
        actor=by or "worker",
        org=org,
        obj=report,
        data={"period": report.period, "figures": figures, "first": created},
    )
    public_changed("monthly")
    if by is None:  # the worker's run: the org's disclosure officers hear of it in the workbench
        for membership in scope.who_can_act(org, Role.DISCLOSURE_OFFICER):
            send_notice(
                membership.user,
                _("%(period)s 信息公开月报已生成") % {"period": report.period},
                url=reverse("monthly:report", args=[report.pk]),
            )
    return report


def last_month(today=None) -> tuple[int, int]:
    today = today or timezone.localdate()
    return (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)


def generate_last_month(today=None) -> int:
    """The worker's run on the 1st: last month's report for every active reporting org (idempotent)."""
    year, month = last_month(today)
    orgs = Org.objects.filter(is_active=True, kind__in=REPORTING_KINDS)
    for org in orgs:
        generate_monthly_report(org, year, month)
    return orgs.count()
