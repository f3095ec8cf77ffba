"""/api/v1/ratings: the public indicators; the applicant rates their case (session); staff read their orgs'
ratings (never the rater), and the heads, staff and supervisors act on rectifications and appeals."""
# No `from __future__ import annotations` here: django-ninja reads the parameter types at import time.

from datetime import date, datetime
from decimal import Decimal

from django.http import Http404, HttpRequest
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema, Status

from sunlight.api.auth import public_account, staff_or_token_auth
from sunlight.api.types import Id

from . import actions, indicators
from .queries import my_case, staff_appeal, staff_rating, staff_ratings, staff_rectification, staff_rectifications

router = Router()


class IndicatorOut(Schema):
    id: int
    name: str
    ratings: int
    satisfied: int
    bad: int
    rectified: int
    satisfaction_rate: Decimal | None
    rectification_rate: Decimal | None
    aspects: dict[str, Decimal]


class IndicatorsOut(Schema):
    orgs: list[IndicatorOut]
    items: list[IndicatorOut]


@router.get("/", auth=None, response=IndicatorsOut, summary="好差评指标 / satisfaction and rectification rates")
def public_indicators(request: HttpRequest):
    return {
        "orgs": [r.as_dict() for r in indicators.by_org()[:500]],
        "items": [r.as_dict() for r in indicators.by_item()[:500]],
    }


class RatingOut(Schema):
    """A rating as staff and its rater see it: never who rated."""

    id: int
    org_id: int
    org_name: str
    item_id: int | None
    item_name: str
    window_id: int | None
    stage: str
    channel: str
    level: int
    aspects: dict[str, int]
    comment: str
    created_at: datetime
    excluded: bool

    @staticmethod
    def resolve_org_name(obj) -> str:
        return obj.org.name

    @staticmethod
    def resolve_item_name(obj) -> str:
        return obj.item.name if obj.item_id else ""


class RateIn(Schema):
    stage: str = Field(..., max_length=20)
    level: int = Field(..., ge=1, le=5)
    aspects: dict[str, int] = Field(..., max_length=10)
    comment: str = Field("", max_length=1000)


@router.post("/cases/{number}", auth=None, response={201: RatingOut}, summary="评价我的办件 / rate my case")
def rate_my_case(request: HttpRequest, number: str, data: RateIn):
    public_account(request)
    case = my_case(request.user, number)
    return Status(201, actions.rate_case(case, by=request.user, **data.model_dump()))


# --- staff ---------------------------------------------------------------------------------------------------------


@router.get("/staff", auth=staff_or_token_auth(), response=list[RatingOut], summary="本机构的评价 / my orgs' ratings")
def staff_list(
    request: HttpRequest,
    limit: int = Query(50, ge=1, le=200),
    offset: int = Query(0, ge=0, le=100000),
):
    return list(staff_ratings(request.user)[offset : offset + limit])


@router.get("/staff/{int:rating_id}", auth=staff_or_token_auth(), response=RatingOut, summary="一条评价 / a rating")
def staff_one(request: HttpRequest, rating_id: Id):
    return staff_rating(request.user, rating_id)


class RectificationOut(Schema):
    id: int
    rating: RatingOut
    org_id: int
    status: str
    opened_on: date
    due_on: date
    callback_at: datetime | None
    callback_note: str
    measures: str
    rectified_at: datetime | None
    reported_at: datetime | None
    report_text: str


@router.get(
    "/staff/rectifications",
    auth=staff_or_token_auth(),
    response=list[RectificationOut],
    summary="差评整改 / rectifications",
)
def rectifications(
    request: HttpRequest,
    status: str = Query("", max_length=20),
    limit: int = Query(50, ge=1, le=200),
    offset: int = Query(0, ge=0, le=100000),
):
    found = staff_rectifications(request.user)
    if status:
        found = found.filter(status=status)
    return list(found[offset : offset + limit])


class TextIn(Schema):
    text: str = Field(..., max_length=4000)


RECT_ACTS = {
    "callback": lambda rect, user, text: actions.record_callback(rect, by=user, note=text),
    "rectify": lambda rect, user, text: actions.record_rectification(rect, by=user, measures=text),
    "report": lambda rect, user, text: actions.report_result(rect, by=user, text=text),
}


@router.post(
    "/staff/rectifications/{int:rect_id}/{name}",
    auth=staff_or_token_auth(),
    response=RectificationOut,
    summary="回访、整改、反馈 / call back, rectify, report",
    description="name: " + ", ".join(RECT_ACTS),
)
def rectification_act(request: HttpRequest, rect_id: Id, name: str, data: TextIn):
    act = RECT_ACTS.get(name[:20])
    if act is None:
        raise Http404(gettext("没有这个操作。"))
    rect = staff_rectification(request.user, rect_id)
    return act(rect, request.user, data.text)


class AppealIn(Schema):
    reason: str = Field(..., max_length=4000)


class AppealOut(Schema):
    id: int
    rating_id: int
    status: str
    reason: str
    created_at: datetime
    reviewed_at: datetime | None
    review_note: str


@router.post(
    "/staff/{int:rating_id}/appeal",
    auth=staff_or_token_auth(),
    response={201: AppealOut},
    summary="申诉评价 / appeal a rating",
)
def appeal(request: HttpRequest, rating_id: Id, data: AppealIn):
    return Status(
        201, actions.appeal_rating(staff_rating(request.user, rating_id), by=request.user, reason=data.reason)
    )


class ReviewIn(Schema):
    upheld: bool
    note: str = Field(..., max_length=4000)


@router.post(
    "/staff/appeals/{int:appeal_id}/review",
    auth=staff_or_token_auth(),
    response=AppealOut,
    summary="复核申诉 / review an appeal",
)
def review(request: HttpRequest, appeal_id: Id, data: ReviewIn):
    return actions.review_appeal(staff_appeal(request.user, appeal_id), by=request.user, **data.model_dump())
