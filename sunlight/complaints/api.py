"""/api/v1/complaints: the staff list (scoped) and one complaint, concluding one (staff session or token); a
complainant's own complaints (their portal session)."""

from datetime import date

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema

from sunlight.api.auth import public_account, staff_or_token_auth
from sunlight.api.types import Id
from sunlight.errors import SunlightError

from . import actions
from .models import Complaint
from .queries import my_complaints, staff_complaints

router = Router()


class ComplaintOut(Schema):
    number: str
    about: str
    about_label: str
    target: str
    org: str
    supervising_org: str
    channel: str
    status: str
    status_label: str
    received_on: date
    due_on: date
    conclusion: str
    findings: str
    measures: str
    concluded_on: date | None
    on_time: bool | None


class StaffComplaintOut(ComplaintOut):
    id: int
    case: str = Field("", description="被投诉办件编号")
    complainant_name: str
    content: str
    card_ref: str


class ListOut(Schema):
    count: int
    items: list[StaffComplaintOut]


def _out(c: Complaint) -> dict:
    return {
        "id": c.pk,
        "number": c.number,
        "about": c.about,
        "about_label": c.get_about_display(),
        "target": c.target_label(),
        "org": c.org.name,
        "supervising_org": c.supervising_org.name,
        "channel": c.channel,
        "status": c.status,
        "status_label": c.get_status_display(),
        "received_on": c.received_on,
        "due_on": c.due_on,
        "conclusion": c.conclusion,
        "findings": c.findings,
        "measures": c.measures,
        "concluded_on": c.concluded_on,
        "on_time": c.on_time,
        "case": c.case.number if c.case_id else "",
        "complainant_name": c.complainant_name,
        "content": c.content,
        "card_ref": c.card_ref,
    }


@router.get("/mine", auth=None, response=list[ComplaintOut], summary="我的投诉 / my complaints")
def mine(request: HttpRequest, limit: int = Query(20, ge=1, le=100), offset: int = Query(0, ge=0, le=100000)):
    public_account(request)
    rows = my_complaints(request.user).order_by("-created_at", "-pk")[offset : offset + limit]
    return [_out(c) for c in rows]


@router.get("", auth=staff_or_token_auth(), response=ListOut, summary="投诉列表 / complaints the staff may see")
def staff_list(
    request: HttpRequest,
    status: str = Query("open", max_length=20),
    page: int = Query(1, ge=1, le=100000),
    size: int = Query(50, ge=1, le=200),
):
    rows = staff_complaints(request.user)
    if status == "open":
        rows = rows.filter(status__in=Complaint.OPEN)
    elif status in Complaint.Status.values:
        rows = rows.filter(status=status)
    elif status != "all":
        raise SunlightError(gettext("状态参数不在可选范围内。"), code="bad_request")
    paged = Paginator(rows.order_by("due_on", "pk"), size).get_page(page)
    return {"count": paged.paginator.count, "items": [_out(c) for c in paged]}


def _visible(request: HttpRequest, complaint_id: int) -> Complaint:
    complaint = staff_complaints(request.user).filter(pk=complaint_id).first()
    if complaint is None:
        raise Http404(gettext("没有这件投诉，或您无权查看。"))
    return complaint


@router.get(
    "/{int:complaint_id}", auth=staff_or_token_auth(), response=StaffComplaintOut, summary="一件投诉 / one complaint"
)
def staff_detail(request: HttpRequest, complaint_id: Id):
    return _out(_visible(request, complaint_id))


class ConcludeIn(Schema):
    conclusion: str = Field("", max_length=20, description="upheld 属实 / partly 部分属实 / not_upheld 不属实")
    findings: str = Field("", max_length=4000)
    measures: str = Field("", max_length=4000)
    card_ref: str = Field("", max_length=40)


@router.post(
    "/{int:complaint_id}/conclude",
    auth=staff_or_token_auth(),
    response=StaffComplaintOut,
    summary="办结投诉 / conclude a complaint",
)
def conclude(request: HttpRequest, complaint_id: Id, data: ConcludeIn):
    complaint = actions.conclude_complaint(
        _visible(request, complaint_id),
        by=request.user,
        conclusion=data.conclusion,
        findings=data.findings,
        measures=data.measures,
        card_ref=data.card_ref,
    )
    return _out(staff_complaints(request.user).get(pk=complaint.pk))
