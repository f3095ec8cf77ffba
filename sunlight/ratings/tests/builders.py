"""One way to make ratings for tests: through the acts, on the cases module's Hall."""

from __future__ import annotations

from sunlight.cases.models import Case

from .. import actions
from ..models import Rating, Rectification


def aspects(case: Case, value: int = 5) -> dict[str, int]:
    return dict.fromkeys(actions.aspects_for(actions.channel_of(case)), value)


def rated(case: Case, level: int = 5, *, stage: str = Rating.Stage.COMPLETION, comment: str = "") -> Rating:
    return actions.rate_case(
        case, by=case.applicant_user, stage=stage, level=level, aspects=aspects(case, level), comment=comment
    )


def bad_rating(hall, level: int = 1) -> Rating:
    return rated(hall.delivered(), level, comment="来回跑了三趟。")


def called_back(hall) -> Rectification:
    rating = bad_rating(hall)
    return actions.record_callback(rating.rectification, by=hall.approver, note="已电话回访，情况属实。")


def rectified(hall) -> Rectification:
    return actions.record_rectification(called_back(hall), by=hall.approver, measures="补充一次性告知清单。")


def reported(hall) -> Rectification:
    return actions.report_result(rectified(hall), by=hall.approver, text="已整改，感谢监督。")
