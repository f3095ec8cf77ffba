"""Demo ratings: the applicants of delivered demo cases rate most of them well, a few badly; one 差评 is called back
and rectified, one reported back, one appealed. Runs after the cases demo; a rerun rates only cases not yet rated."""

from __future__ import annotations

from sunlight.cases.models import Case
from sunlight.orgs import scope

from . import actions
from .models import Appeal, Rating

COMMENTS = {
    5: "办理很快，窗口人员热情。",
    4: "总体满意。",
    3: "还可以。",
    2: "等候时间较长。",
    1: "多次往返，材料要求说明不清。",
}


def _level(i: int) -> int:
    """Mostly 非常满意 and 满意; three early 差评 (rectified, reported, appealed), then one in fifteen."""
    if i in (3, 7, 11) or (i > 11 and i % 15 == 0):
        return 1 if i == 11 else 2
    if i % 10 == 9:
        return 3
    return 5 if i % 3 else 4


def build_ratings(count: int = 40, stdout=None) -> int:
    cases = (
        Case.objects.filter(status=Case.Status.DELIVERED, applicant_user__isnull=False)
        .exclude(ratings__stage=Rating.Stage.COMPLETION)
        .select_related("org", "applicant_user")
        .order_by("pk")[:count]
    )
    made = []
    for i, case in enumerate(cases):
        level = _level(i)
        aspects = {
            key: max(1, min(5, level + (k % 2))) for k, key in enumerate(actions.aspects_for(actions.channel_of(case)))
        }
        made.append(
            actions.rate_case(
                case,
                by=case.applicant_user,
                stage=Rating.Stage.COMPLETION,
                level=level,
                aspects=aspects,
                comment=COMMENTS[level],
            )
        )
    bad = [r for r in made if r.is_bad]
    for n, rating in enumerate(bad[:3]):
        rect = rating.rectification
        heads = scope.who_can_act(rating.org, actions.HEAD_ROLES)
        if n < 2 and heads:
            head = heads[0].user
            rect = actions.record_callback(rect, by=head, note="已电话回访申请人，核实情况属实。")
            rect = actions.record_rectification(rect, by=head, measures="补充窗口一次性告知清单，增设导办人员。")
            if n == 1:
                actions.report_result(rect, by=head, text="已按您的意见整改：增设导办人员，材料清单已更新。")
        if n == 2 and not rating.appeals.filter(status=Appeal.Status.PENDING).exists():
            staff = scope.who_can_act(rating.org, actions.STAFF_ROLES)
            if staff:
                actions.appeal_rating(rating, by=staff[0].user, reason="评价内容与本办件无关，疑为误评。")
    if stdout is not None:
        stdout.write(f"ratings: {len(made)} ratings, {len(bad)} 差评\n")
    return len(made)
