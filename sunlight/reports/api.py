"""/api/v1/reports: the annual report as data, its figures, its publication; appeals (行政复议、行政诉讼).

Staff only (session or bearer token). Reading needs the org to be visible to the caller (sunlight.orgs.scope);
every write calls the action, which checks the caller's role in the org.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext
from ninja import Field, Router, Schema, Status

from sunlight.api.auth import staff_or_token_auth
from sunlight.api.types import INT32_MAX, Id, Year
from sunlight.errors import SunlightError
from sunlight.orgs import scope as access
from sunlight.orgs.models import Org
from sunlight.requests.actions import appeals
from sunlight.requests.models import Appeal, InfoRequest

from . import actions
from .annual import ORG, as_dict, build_report, check_year

router = Router(auth=staff_or_token_auth())


def _org(request: HttpRequest, org_id: Id) -> Org:
    org = get_object_or_404(Org, pk=org_id)
    access.require_visible(request.user, org, "")
    return org


class FiguresIn(Schema):
    licensing_decisions: int = Field(..., ge=0, le=INT32_MAX)
    penalty_decisions: int = Field(..., ge=0, le=INT32_MAX)
    coercion_decisions: int = Field(..., ge=0, le=INT32_MAX)
    fee_income: Decimal = Field(..., ge=0, description="本年收费金额（单位：万元），最多四位小数")


class FiguresOut(Schema):
    org_id: int
    year: int
    licensing_decisions: int
    penalty_decisions: int
    coercion_decisions: int
    fee_income: str


class NarrativeIn(Schema):
    overview: str | None = Field(None, max_length=actions.NARRATIVE_MAX)
    proactive_note: str | None = Field(None, max_length=actions.NARRATIVE_MAX)
    requests_note: str | None = Field(None, max_length=actions.NARRATIVE_MAX)
    appeals_note: str | None = Field(None, max_length=actions.NARRATIVE_MAX)
    problems: str | None = Field(None, max_length=actions.NARRATIVE_MAX)
    other_matters: str | None = Field(None, max_length=actions.NARRATIVE_MAX)


class PublishedOut(Schema):
    document_id: int
    index_number: str
    title: str
    status: str


class AppealIn(Schema):
    org_id: Id
    kind: str = Field(..., pattern="^(reconsideration|lawsuit_direct|lawsuit_after)$")
    filed_on: date
    request_id: Id | None = None
    case_number: str = Field("", max_length=100)
    note: str = Field("", max_length=2000)


class DecideIn(Schema):
    result: str = Field(..., pattern="^(upheld|corrected|other)$")
    decided_on: date
    note: str = Field("", max_length=2000)


class AppealOut(Schema):
    id: int
    org_id: int
    kind: str
    kind_label: str
    case_number: str
    filed_on: date
    request_id: int | None
    result: str
    result_label: str
    decided_on: date | None
    note: str


def _appeal(a: Appeal) -> dict:
    return {
        "id": a.pk,
        "org_id": a.org_id,
        "kind": a.kind,
        "kind_label": a.get_kind_display(),
        "case_number": a.case_number,
        "filed_on": a.filed_on,
        "request_id": a.request_id,
        "result": a.result,
        "result_label": a.get_result_display(),
        "decided_on": a.decided_on,
        "note": a.note,
    }


def _check_year(year: int) -> None:
    try:
        check_year(year, timezone.localdate())
    except SunlightError as exc:
        raise Http404(exc.message) from None


@router.get("/annual/{int:org_id}/{int:year}", summary="年度报告的全部表格与核对 / the annual report as data")
def annual(request: HttpRequest, org_id: Id, year: Year, scope: str = ORG):
    org = _org(request, org_id)
    _check_year(year)
    return as_dict(build_report(org, year, scope))


@router.post("/annual/{int:org_id}/{int:year}/narrative", summary="保存报告正文 / save the narrative sections")
def narrative(request: HttpRequest, org_id: Id, year: Year, data: NarrativeIn, scope: str = ORG):
    org = _org(request, org_id)
    actions.save_report(org, year, scope, by=request.user, **{k: v for k, v in data.dict().items() if v is not None})
    return as_dict(build_report(org, year, scope))


@router.post(
    "/annual/{int:org_id}/{int:year}/figures", response=FiguresOut, summary="填报年度数据 / the year's figures"
)
def figures(request: HttpRequest, org_id: Id, year: Year, data: FiguresIn):
    org = _org(request, org_id)
    f = actions.save_year_figures(org, year, by=request.user, **data.dict())
    return {
        "org_id": org.pk,
        "year": year,
        "licensing_decisions": f.licensing_decisions,
        "penalty_decisions": f.penalty_decisions,
        "coercion_decisions": f.coercion_decisions,
        "fee_income": str(f.fee_income),
    }


@router.post("/annual/{int:org_id}/{int:year}/publish", response={201: PublishedOut}, summary="提交发布 / publish")
def publish(request: HttpRequest, org_id: Id, year: Year, scope: str = ORG):
    org = _org(request, org_id)
    from .models import AnnualReport

    report = AnnualReport.objects.filter(org=org, year=year, scope=scope).first()
    if report is None:
        raise SunlightError(gettext("请先保存报告正文。"), code="report_missing")
    doc = actions.publish_report(report, by=request.user)
    return Status(
        201, {"document_id": doc.pk, "index_number": doc.index_number, "title": doc.title, "status": doc.status}
    )


@router.get("/appeals", response=list[AppealOut], summary="行政复议、行政诉讼 / appeals")
def appeal_list(request: HttpRequest, org: Id | None = None, year: Year | None = None):
    rows = access.scoped(Appeal.objects.all(), request.user, "org")
    if org is not None:
        rows = rows.filter(org_id=org)
    if year is not None:
        rows = rows.filter(filed_on__year=year)
    return [_appeal(a) for a in rows.order_by("-filed_on", "-pk")[:500]]


@router.post("/appeals", response={201: AppealOut}, summary="登记行政复议、行政诉讼 / record an appeal")
def appeal_record(request: HttpRequest, data: AppealIn):
    org = get_object_or_404(Org, pk=data.org_id)
    linked = None
    if data.request_id is not None:
        linked = InfoRequest.objects.filter(pk=data.request_id).first()
        if linked is None:
            raise SunlightError(gettext("相关申请不存在。"), code="bad_request")
    a = appeals.record_appeal(
        by=request.user,
        org=org,
        kind=data.kind,
        filed_on=data.filed_on,
        info_request=linked,
        case_number=data.case_number,
        note=data.note,
    )
    return Status(201, _appeal(a))


@router.post("/appeals/{int:appeal_id}/decide", response=AppealOut, summary="登记审结结果 / record the decision")
def appeal_decide(request: HttpRequest, appeal_id: Id, data: DecideIn):
    a = get_object_or_404(Appeal.objects.select_related("org"), pk=appeal_id)
    access.require_visible(request.user, a)
    return _appeal(
        appeals.decide_appeal(a, by=request.user, result=data.result, decided_on=data.decided_on, note=data.note)
    )
