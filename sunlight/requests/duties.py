"""Who can act on a request, and their to-dos (待办).

One helper answers "who can act on this request" (`who_can_act`, the scope rule read the other way round); the
request page names them when the viewer cannot act, and the to-dos go to them (`recipients`): the agency's own
holders of the roles, or — when the agency has none — the admins above it, who may act in their subtree.

To-dos come from the acts (a new request, a correction received, an extension to approve, a reply to sign off:
fed after commit) and from the nightly job `raise_deadline_todos` (due within 3 working days, overdue), which is
idempotent: a to-do that exists already — open or done — is left as it is.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from sunlight.clock.calendar import CalendarNotLoaded, get_calendar
from sunlight.notify.models import Todo
from sunlight.notify.todos import close_todos, feed_todo
from sunlight.orgs import scope
from sunlight.orgs.models import Membership, Org

from .models import InfoRequest
from .roles import APPROVER_ROLES, HANDLER_ROLES

S = InfoRequest.Status
SOON_WORKING_DAYS = 3  # "due within 3 working days"


def who_can_act(org: Org, roles=HANDLER_ROLES) -> list[Membership]:
    """The memberships that let someone act on the org's requests with one of `roles` (the org's own first)."""
    return scope.who_can_act(org, roles)


def recipients(org: Org, roles=HANDLER_ROLES) -> list:
    """Who gets the to-dos: the org's own holders of `roles`; when it has none, the admins above who may act."""
    people = who_can_act(org, roles)
    own = [m.user for m in people if m.org_id == org.pk]
    chosen = own or [m.user for m in people]
    return list({u.pk: u for u in chosen}.values())


def request_url(info_request: InfoRequest) -> str:
    return reverse("requests_wb:detail", args=[info_request.pk])


def request_key(info_request: InfoRequest, what: str = "") -> str:
    """`request:<pk>` for the request's main to-do (new, corrected), `request:<pk>:<what>` for the others."""
    return f"request:{info_request.pk}" + (f":{what}" if what else "")


def tell(
    info_request: InfoRequest,
    key: str,
    title: str,
    *,
    roles=HANDLER_ROLES,
    users=None,
    level: str = "info",
    due: date | None = None,
    detail: str = "",
) -> None:
    """After commit, the to-do `key` for the people who can act (or `users`), created or refreshed and reopened."""

    url = request_url(info_request)

    def feed() -> None:
        for user in users if users is not None else recipients(info_request.org, roles):
            feed_todo(user, key, title, url=url, level=level, due=due, detail=detail, done_at=None)

    transaction.on_commit(feed)


def close(*keys: str, prefix: str = "") -> None:
    """After commit, mark the to-dos with these keys (or starting with `prefix`) done for everyone."""

    transaction.on_commit(lambda: close_todos(*keys, prefix=prefix))


def close_request(info_request: InfoRequest) -> None:
    """The request is closed: none of its to-dos is left to do."""
    close(request_key(info_request), prefix=request_key(info_request) + ":")


def _soon_until(today: date) -> date | None:
    try:
        return get_calendar().add_working_days(today, SOON_WORKING_DAYS)
    except CalendarNotLoaded:
        return None


def raise_deadline_todos(today: date | None = None) -> int:
    """System act, nightly: a to-do for the people who can act on each running request due within 3 working days
    (预警) or overdue (紧急). Idempotent: a to-do already raised (done or not) is not raised again, so marking it
    done sticks; an overdue one closes the same request's "due soon" one. Returns how many to-dos were created."""

    today = today or timezone.localdate()
    soon_until = _soon_until(today)
    due_q = Q(due_on__lt=today) | (Q(due_on__lte=soon_until) if soon_until else Q(pk__in=[]))
    rows = list(
        InfoRequest.objects.exclude(status=S.CLOSED)
        .filter(due_on__isnull=False)
        .filter(due_q)
        .select_related("org")
        .order_by("due_on", "pk")
    )
    people: dict[int, list] = {}  # org id → recipients: one lookup per agency, not per request
    wanted: list[Todo] = []
    overdue_keys: list[str] = []
    for info_request in rows:
        overdue = info_request.due_on < today
        key = request_key(info_request, "overdue" if overdue else "soon")
        if overdue:
            overdue_keys.append(request_key(info_request, "soon"))
            title = f"申请 {info_request.number} 已超过答复期限（{info_request.due_on.isoformat()}）"
        else:
            title = f"申请 {info_request.number} 将于 {info_request.due_on.isoformat()} 到期，请及时答复"
        if info_request.org_id not in people:
            people[info_request.org_id] = recipients(info_request.org, HANDLER_ROLES)
        level = Todo.Level.DANGER if overdue else Todo.Level.WARNING
        wanted += [
            Todo(user=user, key=key, title=title, url=request_url(info_request), level=level, due=info_request.due_on)
            for user in people[info_request.org_id]
        ]
    # Only the missing ones are created (one query for what exists, one insert): a to-do raised before stays as it is.
    existing = set(Todo.objects.filter(key__in={t.key for t in wanted}).values_list("user_id", "key"))
    missing = [t for t in wanted if (t.user.pk, t.key) not in existing]
    Todo.objects.bulk_create(missing, ignore_conflicts=True)
    if overdue_keys:
        close_todos(*overdue_keys)
    return len(missing)


def approvers_of(org: Org) -> list:
    return recipients(org, APPROVER_ROLES)
