"""/api/v1/consultations: the public list and one consultation (its approved comments, masked, and the feedback
report), submitting a comment (anonymous with a name, or a signed-in public account's session with its CSRF token),
and the hearings. No credentials needed."""
# No `from __future__ import annotations` here: django-ninja reads the parameter types at import time.

from datetime import date, datetime

from django.http import Http404, HttpRequest
from django.utils.translation import gettext
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate
from ninja.utils import check_csrf

from sunlight.api.types import BoundedLimitOffsetPagination, Id
from sunlight.errors import RateLimited, SunlightError
from sunlight.events.log import client_ip
from sunlight.query_codes import check_rate

from . import actions
from .models import Consultation, FeedbackReport
from .queries import public_comments, public_consultations, public_hearings

router = Router()
COMMENT_LIMIT, COMMENT_WINDOW = 10, 3600


class ConsultationOut(Schema):
    id: int
    title: str
    org_id: int
    org_name: str
    status: str
    status_label: str
    start_on: date
    end_on: date
    draft_index_number: str
    draft_title: str
    final_index_number: str

    @staticmethod
    def resolve_org_name(obj) -> str:
        return obj["org_name"] if isinstance(obj, dict) else obj.org.name

    @staticmethod
    def resolve_status_label(obj) -> str:
        return obj["status_label"] if isinstance(obj, dict) else obj.get_status_display()

    @staticmethod
    def resolve_draft_index_number(obj) -> str:
        return obj["draft_index_number"] if isinstance(obj, dict) else obj.draft.index_number

    @staticmethod
    def resolve_draft_title(obj) -> str:
        return obj["draft_title"] if isinstance(obj, dict) else obj.draft.title

    @staticmethod
    def resolve_final_index_number(obj) -> str:
        if isinstance(obj, dict):
            return obj["final_index_number"]
        return obj.final_document.index_number if obj.final_document_id else ""


def _out(c: Consultation) -> dict:
    return {
        "id": c.pk,
        "title": c.title,
        "org_id": c.org_id,
        "org_name": c.org.name,
        "status": c.status,
        "status_label": c.get_status_display(),
        "start_on": c.start_on,
        "end_on": c.end_on,
        "draft_index_number": c.draft.index_number,
        "draft_title": c.draft.title,
        "final_index_number": c.final_document.index_number if c.final_document_id else "",
    }


class CommentOut(Schema):
    number: int
    writer_name: str
    text: str = Field(..., description="意见内容（个人信息已遮蔽）")
    submitted_at: datetime


class PointOut(Schema):
    order: int
    summary: str
    decision: str
    decision_label: str
    reasons: str
    comments: list[int]


class ReportOut(Schema):
    intro: str
    published_at: datetime
    points: list[PointOut]


class ConsultationDetailOut(ConsultationOut):
    summary: str
    closed_early_reason: str
    comments: list[CommentOut]
    report: ReportOut | None


def _consultation(consultation_id: int) -> Consultation:
    consultation = public_consultations().filter(pk=consultation_id).first()
    if consultation is None:
        raise Http404(gettext("没有这项意见征集。"))
    return consultation


def _detail(c: Consultation) -> dict:
    report = FeedbackReport.objects.filter(consultation=c).first()
    return {
        **_out(c),
        "summary": c.summary,
        "closed_early_reason": c.closed_early_reason,
        "comments": [
            {"number": m.number, "writer_name": m.writer_name, "text": m.public_text, "submitted_at": m.submitted_at}
            for m in public_comments(c)
        ],
        "report": None
        if report is None
        else {
            "intro": report.intro,
            "published_at": report.published_at,
            "points": [
                {
                    "order": p.order,
                    "summary": p.summary,
                    "decision": p.decision,
                    "decision_label": p.get_decision_display(),
                    "reasons": p.reasons,
                    "comments": sorted(m.number for m in p.comments.all()),
                }
                for p in c.points.prefetch_related("comments")
            ],
        },
    }


@router.get("/", response=list[ConsultationOut], summary="意见征集列表 / public consultations, open first")
@paginate(BoundedLimitOffsetPagination)
def list_consultations(request: HttpRequest, status: str = "", org: Id | None = None):
    rows = public_consultations()
    if status:
        if status not in Consultation.PUBLIC:
            raise SunlightError(gettext("状态参数不在可选范围内。"), code="bad_request")
        rows = rows.filter(status=status)
    if org is not None:
        rows = rows.filter(org_id=org)
    return rows


class HearingOut(Schema):
    id: int
    title: str
    org_name: str
    subject: str
    held_on: date
    place: str
    announcement: str
    announced_at: datetime
    record: str
    record_published_at: datetime | None

    @staticmethod
    def resolve_org_name(obj) -> str:
        return obj.org.name


@router.get("/hearings", response=list[HearingOut], summary="听证 / hearings")
@paginate(BoundedLimitOffsetPagination)
def list_hearings(request: HttpRequest):
    return public_hearings()


@router.get("/{consultation_id}", response=ConsultationDetailOut, summary="一项意见征集 / one consultation")
def get_consultation(request: HttpRequest, consultation_id: Id):
    return _detail(_consultation(consultation_id))


class CommentIn(Schema):
    name: str = Field("", max_length=60, description="未登录时必填 / required without a session")
    content: str = Field(..., max_length=actions.COMMENT_MAX)


class SubmittedOut(Schema):
    number: int
    moderation: str
    message: str


@router.post(
    "/{consultation_id}/comments",
    response={201: SubmittedOut},
    summary="提交意见 / submit a comment (published after moderation)",
)
def submit_comment(request: HttpRequest, consultation_id: Id, data: CommentIn):
    consultation = _consultation(consultation_id)
    if request.user.is_authenticated and check_csrf(request) is not None:
        raise SunlightError(gettext("CSRF 校验失败，请刷新页面后重试。"), code="csrf")
    if not check_rate(
        f"consultations:comment:{client_ip(request) or 'unknown'}", limit=COMMENT_LIMIT, window_seconds=COMMENT_WINDOW
    ):
        raise RateLimited(gettext("提交过于频繁，请一小时后再试。"))
    comment = actions.submit_comment(consultation, by=request.user, name=data.name, content=data.content)
    return Status(
        201,
        {
            "number": comment.number,
            "moderation": comment.moderation,
            "message": gettext("意见已提交，经审核后公开。"),
        },
    )
