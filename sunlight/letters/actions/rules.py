"""What the acts on a letter share: who may do what, the clock, the lock, the trail line, the to-dos."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext

from sunlight.errors import Conflict, refuse
from sunlight.notify.todos import close_todos, feed_role_todos
from sunlight.orgs import scope
from sunlight.orgs.models import Org, Role

from ..models import Letter

DISPATCH_ROLES = (Role.LETTERS_OFFICER,)
HANDLE_ROLES = (Role.LETTERS_OFFICER, Role.HANDLER)
HEAD_ROLES = (Role.APPROVER,)
S = Letter.Status


def assignable_orgs(mailbox):
    """The orgs a mailbox assigns to: its government's whole tree (a 区长信箱 kept by the district office assigns to the
    district's departments and townships)."""
    org = mailbox.org
    root = org if org.parent_id is None or org.kind == Org.Kind.GOVERNMENT else org.parent
    return Org.objects.filter(is_active=True, path__startswith=root.path).order_by("path")


def limit_days(letter_type: str) -> int:
    return settings.LETTERS_LIMIT_DAYS.get(letter_type, 15)


def lock(letter: Letter) -> Letter:
    return (
        Letter.objects.select_for_update(of=("self",))
        .select_related("mailbox__org", "handler_org", "writer_user")
        .get(pk=letter.pk)
    )


def require_status(letter: Letter, *statuses: str, act: str) -> None:
    if letter.status not in statuses:
        raise Conflict(
            gettext("信件当前状态为“%(status)s”，不能%(act)s。") % {"status": letter.get_status_display(), "act": act},
            code="wrong_status",
        )


def require_dispatcher(by, letter: Letter, act: str) -> None:
    scope.require(by, letter.mailbox.org, DISPATCH_ROLES, act)


def require_handler(by, letter: Letter, act: str) -> None:
    """Only the org the letter was assigned to answers it (a reply to a letter not routed to the org is refused)."""
    if letter.handler_org_id is None or not scope.can_act(by, letter.handler_org, HANDLE_ROLES):
        raise PermissionDenied(
            gettext("信件 %(number)s 未转办给您的单位，不能%(act)s。") % {"number": letter.number, "act": act}
        )


def text(value: str, what: str, max_length: int) -> str:
    value = (value or "").strip()
    if not value:
        raise refuse(gettext("请填写%(what)s。") % {"what": what}, "required")
    if len(value) > max_length:
        raise refuse(gettext("%(what)s不能超过 %(n)s 个字。") % {"what": what, "n": max_length}, "too_long")
    return value


def note(letter: Letter, on: date, act: str, line: str, org: Org | None = None) -> None:
    """One line of the letter's trail: what the writer and staff read of its history."""
    entry = {"on": on.isoformat(), "act": act, "text": line}
    if org is not None:
        entry["org"] = org.name
    letter.trail = [*letter.trail, entry]


def staff_url(letter: Letter) -> str:
    return reverse("letters_wb:detail", args=[letter.pk])


def writer_url(letter: Letter) -> str:
    return reverse("letters:view", args=[letter.number])


def todo_key(letter: Letter) -> str:
    return f"letter:{letter.pk}:"


def ask(letter: Letter, org: Org, roles, what: str, title: str) -> None:
    """The letter now waits on `org`: one to-do for its holders of `roles`, replacing the one before."""
    close_todos(prefix=todo_key(letter))
    feed_role_todos(
        org.pk,
        roles,
        f"{todo_key(letter)}{what}",
        title,
        url=staff_url(letter),
        due=letter.due_on or letter.accept_due_on,
    )


def todo_title(letter: Letter, what: str) -> str:
    return gettext("来信 %(number)s 待%(what)s：%(subject)s") % {
        "number": letter.number,
        "what": what,
        "subject": letter.subject[:40],
    }
