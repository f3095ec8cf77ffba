"""The preconditions every act of a request shares: who may act, which state allows it, and the clock.

No act here: the acts (one module per group) call these before they change a row, and save the clock with
save_clock."""

from __future__ import annotations

from django.utils.translation import gettext

from sunlight.clock.clock import Clock
from sunlight.errors import refuse
from sunlight.orgs import scope

from .. import law
from ..models import InfoRequest
from ..roles import APPROVER_ROLES, HANDLER_ROLES

S = InfoRequest.Status


def clock_of(info_request: InfoRequest) -> Clock:
    return Clock.from_events(law.limit(law.REPLY).days, info_request.clock_events)


def save_clock(info_request: InfoRequest, clock: Clock, *fields: str) -> None:
    # An applicant is never refused because next year's calendar is missing: the deadline waits (None) and
    # refresh_deadlines() fills it in once the days are loaded.
    info_request.clock_events = clock.to_list()
    info_request.due_on = clock.known_due_date
    info_request.save(update_fields=["clock_events", "due_on", "updated_at", *fields])


def require_handler(by, info_request: InfoRequest) -> None:
    scope.require(by, info_request.org, HANDLER_ROLES, what="办理政府信息公开申请")


def require_open(info_request: InfoRequest) -> None:
    if info_request.status == S.CLOSED:
        raise refuse(gettext("该申请已经办结，不能再办理。"), "request_closed")


def require_approver(by, info_request: InfoRequest, what: str) -> None:
    scope.require(by, info_request.org, APPROVER_ROLES, what=what)


def decides_own(user, author_id: int | None) -> bool:
    """An approver may not decide what they wrote or asked for themselves (their own extension, their own draft
    reply): Art. 33's approval is another person's act. A superuser is the exception (the platform's operators)."""
    return user.pk == author_id and not user.is_superuser


def lock(info_request: InfoRequest) -> InfoRequest:
    """The request's row, locked for the act (re-read: what the caller holds may be stale)."""
    return InfoRequest.objects.select_for_update().get(pk=info_request.pk)
