"""/api/v1/democracy: the public evaluations and proposals (results once published), and a resident's vote and ballot (their
portal session with its CSRF token: public accounts have no bearer tokens)."""
# No `from __future__ import annotations` here: django-ninja reads the parameter types at import time.

from datetime import date, datetime

from django.http import Http404, HttpRequest
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from sunlight.api.auth import public_account
from sunlight.api.types import BoundedLimitOffsetPagination, Id
from sunlight.errors import SunlightError

from . import actions
from .models import PUBLIC_STATUSES, Evaluation, EvaluationBallot, Proposal
from .models import Status as S
from .queries import public_evaluations, public_proposals

router = Router()


def _status(value: str) -> str:
    if value and value not in PUBLIC_STATUSES:
        raise SunlightError(gettext("状态参数不在可选范围内。"), code="bad_request")
    return value


class ItemOut(Schema):
    id: int
    org_id: int
    org_name: str
    title: str
    status: str
    status_label: str
    start_on: date
    end_on: date
    published_at: datetime | None

    @staticmethod
    def resolve_org_name(obj) -> str:
        return obj.org.name

    @staticmethod
    def resolve_status_label(obj) -> str:
        return obj.get_status_display()


class GradeOut(Schema):
    grade: str
    label: str
    count: int


class EvaluationResultOut(Schema):
    grades: list[GradeOut]
    total: int
    satisfied_rate: str = Field(..., description="满意和基本满意占比（%），无票时为空")


class EvaluationOut(ItemOut):
    subject: str
    description: str
    documents: list[str] = Field(..., description="关联的三务公开信息索引号")
    result: EvaluationResultOut | None

    @staticmethod
    def resolve_documents(obj) -> list[str]:
        from .queries import linked_documents

        return list(linked_documents(obj).values_list("index_number", flat=True))

    @staticmethod
    def resolve_result(obj):
        if obj.status != S.PUBLISHED:
            return None
        counts = obj.result.get("counts", {})
        return {
            "grades": [
                {"grade": g, "label": str(label), "count": counts.get(g, 0)}
                for g, label in EvaluationBallot.Grade.choices
            ],
            "total": obj.result.get("total", 0),
            "satisfied_rate": obj.result.get("satisfied_rate", ""),
        }


class OptionOut(Schema):
    index: int
    option: str
    count: int


class ProposalResultOut(Schema):
    options: list[OptionOut]
    votes: int
    eligible: int
    turnout: str = Field(..., description="投票率（%）= 投票数 / 结束时的登记居民数")
    rule: str
    passed: bool


class ProposalOut(ItemOut):
    text: str
    options: list[str]
    result: ProposalResultOut | None

    @staticmethod
    def resolve_result(obj):
        if obj.status != S.PUBLISHED:
            return None
        r = obj.result
        return {
            "options": [{"index": i, "option": o, "count": n} for i, (o, n) in enumerate(obj.result_rows())],
            "votes": r.get("votes", 0),
            "eligible": r.get("eligible", 0),
            "turnout": r.get("turnout", ""),
            "rule": r.get("rule", ""),
            "passed": bool(r.get("passed")),
        }


@router.get("/evaluations", response=list[EvaluationOut], summary="民主评议 / evaluations")
@paginate(BoundedLimitOffsetPagination)
def list_evaluations(request: HttpRequest, status: str = Query("", max_length=12), org: Id | None = None):
    rows = public_evaluations()
    if _status(status):
        rows = rows.filter(status=status)
    if org is not None:
        rows = rows.filter(org_id=org)
    return rows


def _evaluation(evaluation_id: int) -> Evaluation:
    evaluation = public_evaluations().filter(pk=evaluation_id).first()
    if evaluation is None:
        raise Http404(gettext("没有这项民主评议。"))
    return evaluation


@router.get("/evaluations/{evaluation_id}", response=EvaluationOut, summary="一项民主评议 / one evaluation")
def get_evaluation(request: HttpRequest, evaluation_id: Id):
    return _evaluation(evaluation_id)


@router.get("/proposals", response=list[ProposalOut], summary="村民议事 / proposals put to the vote")
@paginate(BoundedLimitOffsetPagination)
def list_proposals(request: HttpRequest, status: str = Query("", max_length=12), org: Id | None = None):
    rows = public_proposals()
    if _status(status):
        rows = rows.filter(status=status)
    if org is not None:
        rows = rows.filter(org_id=org)
    return rows


def _proposal(proposal_id: int) -> Proposal:
    proposal = public_proposals().filter(pk=proposal_id).first()
    if proposal is None:
        raise Http404(gettext("没有这项村民议事。"))
    return proposal


@router.get("/proposals/{proposal_id}", response=ProposalOut, summary="一项村民议事 / one proposal")
def get_proposal(request: HttpRequest, proposal_id: Id):
    return _proposal(proposal_id)


class VoteIn(Schema):
    choice: int = Field(..., ge=0, le=100, description="选项序号，从 0 开始 / the option's index")


class VotedOut(Schema):
    proposal: int
    choice: int
    option: str
    message: str


@router.post(
    "/proposals/{proposal_id}/vote",
    response={201: VotedOut},
    summary="表决 / vote (a registered resident's portal session)",
)
def vote(request: HttpRequest, proposal_id: Id, data: VoteIn):
    user = public_account(request)
    proposal = _proposal(proposal_id)
    cast = actions.cast_vote(proposal, by=user, choice=data.choice)
    return Status(
        201,
        {
            "proposal": proposal.pk,
            "choice": cast.choice,
            "option": proposal.options[cast.choice],
            "message": gettext("投票成功，谢谢参与。"),
        },
    )


class BallotIn(Schema):
    grade: str = Field(..., max_length=12, description="satisfied 满意 / basic 基本满意 / unsatisfied 不满意")
    comment: str = Field("", max_length=actions.COMMENT_MAX)


class BallotOut(Schema):
    evaluation: int
    grade: str
    message: str


@router.post(
    "/evaluations/{evaluation_id}/ballot",
    response={201: BallotOut},
    summary="评议 / grade an evaluation (a registered resident's portal session)",
)
def ballot(request: HttpRequest, evaluation_id: Id, data: BallotIn):
    user = public_account(request)
    cast = actions.cast_evaluation(_evaluation(evaluation_id), by=user, grade=data.grade, comment=data.comment)
    return Status(201, {"evaluation": evaluation_id, "grade": cast.grade, "message": gettext("评议已提交，谢谢参与。")})
