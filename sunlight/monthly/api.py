"""GET /api/v1/monthly/: the public monthly reports (no credentials needed)."""
# No `from __future__ import annotations` here: django-ninja reads the parameter types at import time.

from ninja import Router, Schema
from ninja.pagination import paginate

from sunlight.api.types import BoundedLimitOffsetPagination, Id

from .queries import public_report, public_reports

router = Router()


class MonthlyReportOut(Schema):
    id: int
    org_id: int
    org_name: str
    period: str
    documents_published: int
    requests_received: int
    requests_replied: int
    replied_late: int
    open_at_month_end: int

    @staticmethod
    def resolve_org_name(obj) -> str:
        return obj.org.name


@router.get("/", response=list[MonthlyReportOut], summary="月报列表 / Monthly reports")
@paginate(BoundedLimitOffsetPagination)
def list_reports(request, org: Id | None = None):
    reports = public_reports()
    return reports.filter(org_id=org) if org is not None else reports


@router.get("/{report_id}", response=MonthlyReportOut, summary="一份月报 / One monthly report")
def get_report(request, report_id: Id):
    return public_report(report_id)
