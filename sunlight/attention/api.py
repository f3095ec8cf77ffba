"""/api/v1/attention: a month's hot topics (public)."""

from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Query, Router, Schema

from sunlight.errors import SunlightError
from sunlight.supervision.periods import parse_month

from . import topics

router = Router()


class TopicOut(Schema):
    term: str
    count: int
    baseline: float
    weight: float
    burst: bool


@router.get("/hot", auth=None, response=list[TopicOut], summary="民意热点 / a month's hot topics")
def hot(request: HttpRequest, month: str = Query(..., max_length=7, description="2026-11")):
    year, m = parse_month(month)
    if year is None:
        raise SunlightError(gettext("月份格式应为 2026-11。"), code="bad_month")
    return [t.__dict__ for t in topics.hot_topics(year, m)]
