"""Who sees which letters: the public only the published masked copies, a writer their own, staff the letters of
their mailboxes and the letters assigned to their orgs (supervisors and admins their subtree)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from sunlight.orgs import scope

from .models import Letter, Mailbox


def public_letters() -> QuerySet[Letter]:
    return Letter.objects.filter(is_published=True).select_related("replied_by_org", "mailbox")


def my_letters(user) -> QuerySet[Letter]:
    if not getattr(user, "is_authenticated", False):
        return Letter.objects.none()
    return Letter.objects.filter(writer_user=user).select_related("mailbox", "handler_org")


def staff_letters(user) -> QuerySet[Letter]:
    return Letter.objects.filter(scope.org_q(user, "mailbox__org") | scope.org_q(user, "handler_org")).select_related(
        "mailbox__org", "handler_org"
    )


def active_mailboxes() -> QuerySet[Mailbox]:
    return Mailbox.objects.filter(is_active=True, org__is_active=True).select_related("org")


def staff_mailboxes(user) -> QuerySet[Mailbox]:
    from .actions.rules import DISPATCH_ROLES

    return active_mailboxes().filter(scope.org_q(user, "org", DISPATCH_ROLES))


def overdue(rows: QuerySet[Letter], today) -> QuerySet[Letter]:
    return rows.filter(
        Q(status__in=Letter.OPEN) & (Q(due_on__lt=today) | Q(due_on__isnull=True, accept_due_on__lt=today))
    )
