"""What the public and staff see of the monthly reports."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from sunlight.orgs import scope
from sunlight.orgs.models import Org

from .actions import GENERATOR_ROLES, REPORTING_KINDS
from .models import MonthlyReport


def public_reports() -> QuerySet[MonthlyReport]:
    """Every generated report of an active org is public: its figures are counts of public acts."""
    return MonthlyReport.objects.filter(org__is_active=True).select_related("org")


def public_report(pk: int) -> MonthlyReport:
    return get_object_or_404(public_reports(), pk=pk)


def staff_reports(user) -> QuerySet[MonthlyReport]:
    return scope.scoped(MonthlyReport.objects.select_related("org"), user)


def staff_orgs(user) -> QuerySet[Org]:
    return scope.visible_orgs(user, GENERATOR_ROLES).filter(is_active=True, kind__in=REPORTING_KINDS)
