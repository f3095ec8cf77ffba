"""联办件: the cases of a parallel approval (并联审批). The lead window accepts a project's stage once (一口受理);
each department's item then runs as a case of its own, accepted that same day, on its own clock and steps."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext

from sunlight.catalog.models import ServiceItem
from sunlight.events.log import record
from sunlight.orgs import scope
from sunlight.orgs.models import Org

from ..models import Case, CaseKind, HandlingWay
from .acceptance import _accept
from .handling import deliver
from .intake import Submission, _intake
from .rules import CLERK_ROLES, lock


def _require_receiver(by, receiver: Org) -> None:
    if not scope.can_act(by, receiver, CLERK_ROLES):
        raise PermissionDenied(gettext("只有牵头部门或政务服务中心的窗口人员可以统一受理和统一出件。"))


@transaction.atomic
def open_joint_case(
    item: ServiceItem,
    submission: Submission,
    *,
    by,
    receiver: Org,
    received_on: date,
    accepted_on: date,
    applicant_user=None,
    channel: str = Case.Channel.WINDOW,
    parent_ref: str = "",
) -> Case:
    """One department's case of a stage, accepted by the lead window (`receiver`) for it: the case is bound to
    the version in force on the day the stage was received, its decision clock starts on the unified acceptance."""
    _require_receiver(by, receiver)
    case, _code = _intake(
        item,
        submission,
        channel=channel,
        version=None,
        user=applicant_user,
        received_on=received_on,
        external_ref=parent_ref,
        at_window=True,
    )
    case.kind = CaseKind.JOINT
    case.way = HandlingWay.JOINT
    record("cases.joint", actor=by, org=case.org, obj=case, data={"parent": parent_ref, "receiver": receiver.pk})
    return _accept(case, on=accepted_on, by=by, by_default=False)


@transaction.atomic
def deliver_joint_case(case: Case, *, by, receiver: Org, method: str) -> Case:
    """统一出件: the lead window (`receiver`) delivers a department's decided case with the rest of its stage."""
    _require_receiver(by, receiver)
    case = lock(case)
    if case.way != HandlingWay.JOINT:
        raise PermissionDenied(gettext("只有并联审批的办件可以统一出件。"))
    return deliver(case, by=by, method=method)
