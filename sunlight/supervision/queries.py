"""What each person may see of supervision: staff their orgs (supervisors and admins their subtree); the public
only aggregates and the rules."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.urls import NoReverseMatch, reverse

from sunlight.orgs.scope import scoped, visible_orgs

from .models import Alert, Kind, UrgeOrder, Watch


def staff_watches(user) -> QuerySet[Watch]:
    return scoped(Watch.objects.select_related("org"), user, "org")


def staff_alerts(user) -> QuerySet[Alert]:
    return scoped(Alert.objects.select_related("org", "rule"), user, "org")


def staff_urges(user) -> QuerySet[UrgeOrder]:
    orgs = visible_orgs(user).values("pk")
    return UrgeOrder.objects.select_related("org", "issuer_org").filter(Q(org__in=orgs) | Q(issuer_org__in=orgs))


OBJECT_URLS = {
    Kind.CASE: "cases_wb:detail",
    Kind.STAGE: "projects_wb:stage",
    Kind.REQUEST: "requests_wb:detail",
    Kind.CERTIFICATE: "certificates_wb:detail",
    Kind.LETTER: "letters_wb:detail",
}


def object_url(kind: str, object_id: int) -> str:
    try:
        return reverse(OBJECT_URLS[kind], args=[object_id])
    except (KeyError, NoReverseMatch):
        return ""
