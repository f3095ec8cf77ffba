"""Who hears of an alert, and how: the rule names the posts (承办人, 单位负责人, 监察人员); cards and urges go by
in-app notice, e-mail and SMS (the channels of sunlight.notify), reminders in-app only."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from sunlight.notify.notices import send_notice
from sunlight.orgs.models import Membership, Org, Role

from .models import Alert, Severity

POSTS = {"handler": (Role.HANDLER,), "head": (Role.APPROVER,)}


def supervisors_of(org: Org) -> list:
    """The supervisors of the nearest org, from this one upward, that has any."""
    return [
        m.user
        for m in Membership.objects.filter(
            org=supervising_org(org), role=Role.SUPERVISOR, is_active=True, user__is_active=True
        ).select_related("user")
    ]


def supervising_org(org: Org) -> Org:
    """The org whose supervisors watch `org`: the nearest one, at or above it, with an active supervisor (the root
    of the tree if none has)."""
    ids = org.path_ids
    with_supervisor = set(
        Membership.objects.filter(
            org_id__in=ids, role=Role.SUPERVISOR, is_active=True, user__is_active=True, org__is_active=True
        ).values_list("org_id", flat=True)
    )
    for pk in reversed(ids):
        if pk in with_supervisor:
            return Org.objects.get(pk=pk)
    return Org.objects.get(pk=ids[0]) if ids else org


def recipients(alert: Alert) -> list:
    users: dict[int, object] = {}
    for post in alert.rule.recipients:
        if post == "supervisor":
            found = supervisors_of(alert.org)
        else:
            found = [
                m.user
                for m in Membership.objects.filter(
                    org_id=alert.org_id, role__in=POSTS.get(post, ()), is_active=True, user__is_active=True
                ).select_related("user")
            ]
        for u in found:
            users[u.pk] = u
    return list(users.values())


def tell_recipients(alert: Alert) -> int:
    channels = ("inapp",) if alert.severity == Severity.REMINDER else ("inapp", "email", "sms")
    subject = _("【电子监察%(level)s】%(rule)s：%(ref)s") % {
        "level": alert.get_severity_display(),
        "rule": alert.rule.name,
        "ref": alert.number_ref,
    }
    body = f"{alert.title}\n{alert.detail}"
    url = reverse("supervision_wb:alert", args=[alert.pk])
    people = recipients(alert)
    for user in people:
        send_notice(user, subject, body, url=url, channels=channels)
    return len(people)
