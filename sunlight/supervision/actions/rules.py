"""What the supervision acts share: who supervises an org, reasons required."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext

from sunlight.errors import Conflict, refuse
from sunlight.orgs.models import Org, Role
from sunlight.orgs.scope import can_act, supervises

__all__ = ["supervises"]  # lives in the org scope: letters and complaints ask it too

SUPERVISE = (Role.SUPERVISOR,)
# The org answers a 督办单 or appeals a card through its head, its admin or the people who handle its work.
ORG_POSTS = (Role.APPROVER, Role.ADMIN, Role.HANDLER, Role.REVIEWER, Role.WINDOW_CLERK)


def require_supervisor(user, org: Org, what: str) -> None:
    if not supervises(user, org):
        raise PermissionDenied(gettext("您不是%(org)s的监察人员，不能%(act)s。") % {"org": org.name, "act": what})


def require_member(user, org: Org, what: str) -> None:
    if not can_act(user, org, ORG_POSTS):
        raise PermissionDenied(gettext("您不是%(org)s的工作人员，不能%(act)s。") % {"org": org.name, "act": what})


def require_state(obj, *allowed: str, act: str) -> None:
    """An alert or a 督办单 in one of the `allowed` states, or a 409 naming it, its state and the act refused."""
    if obj.status not in allowed:
        raise Conflict(
            gettext("%(what)s %(n)s 当前状态为“%(s)s”，不能%(act)s。")
            % {"what": obj._meta.verbose_name, "n": obj.number, "s": obj.get_status_display(), "act": act},
            code="bad_state",
        )


def require_text(text: str, what: str, limit: int = 2000) -> str:
    text = (text or "").strip()
    if not text:
        raise refuse(gettext("请填写%(what)s。") % {"what": what}, "reason_required")
    if len(text) > limit:
        raise refuse(gettext("%(what)s不能超过 %(n)s 字。") % {"what": what, "n": limit}, "too_long")
    return text
