"""What the acts share: who handles a complaint (the supervising org), who may register and act, the to-dos."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext

from sunlight.notify.todos import close_todos, feed_role_todos
from sunlight.orgs import scope
from sunlight.orgs.models import Org, Role
from sunlight.supervision.actions.rules import supervises
from sunlight.supervision.notices import supervising_org as supervising_org_for

from .models import Complaint

__all__ = ["supervises", "supervising_org_for"]  # the supervision module's: one answer to "who watches this org"

SUPERVISOR_ROLES = (Role.SUPERVISOR,)


def may_register(user, supervising_org: Org) -> bool:
    """Supervisors who handle the complaint, and the window clerks of the centers in the supervising org's tree."""
    if supervises(user, supervising_org):
        return True
    return any(
        m.role == Role.WINDOW_CLERK and m.org.path.startswith(supervising_org.path) for m in scope.memberships(user)
    )


def may_handle(user, complaint: Complaint) -> bool:
    return supervises(user, complaint.supervising_org)


def staff_url(complaint: Complaint) -> str:
    return reverse("complaints_wb:detail", args=[complaint.pk])


def complainant_url(complaint: Complaint) -> str:
    return reverse("complaints:complaint", args=[complaint.number])


def todo_key(complaint: Complaint) -> str:
    return f"complaint:{complaint.pk}:"


def ask_supervisors(complaint: Complaint, what: str, title: str) -> None:
    """The complaint now waits for the supervising org's supervisors: one to-do, replacing the one before."""
    close_todos(prefix=todo_key(complaint))
    feed_role_todos(
        complaint.supervising_org_id,
        SUPERVISOR_ROLES,
        f"{todo_key(complaint)}{what}",
        title,
        url=staff_url(complaint),
        due=complaint.due_on,
    )


def todo_title(complaint: Complaint, what: str) -> str:
    text = gettext("效能投诉 %(number)s 待%(what)s：%(target)s") % {
        "number": complaint.number,
        "what": what,
        "target": complaint.target_label(),
    }
    return text[:200]
