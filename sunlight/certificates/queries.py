"""What holders, staff and later applications (免提交) see of the certificates."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from sunlight.orgs import scope

from .actions import holder_index
from .models import Certificate


def held_by(user) -> QuerySet[Certificate]:
    """The certificates issued to USER's account (every status: the holder sees their history)."""
    if not getattr(user, "is_authenticated", False):
        return Certificate.objects.none()
    return Certificate.objects.filter(holder_user=user).select_related("org", "item")


def currently_valid(queryset: QuerySet[Certificate], day=None) -> QuerySet[Certificate]:
    day = day or timezone.localdate()
    return queryset.filter(status=Certificate.Status.VALID, valid_from__lte=day).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=day)
    )


def valid_certificates_for(id_number: str) -> QuerySet[Certificate]:
    """免提交: the valid, unexpired certificates of the holder with this ID number (found by its keyed hash)."""
    if not (id_number or "").strip():
        return Certificate.objects.none()
    return currently_valid(Certificate.objects.filter(holder_id_index=holder_index(id_number))).select_related(
        "org", "item"
    )


def staff_certificates(user) -> QuerySet[Certificate]:
    return scope.scoped(Certificate.objects.select_related("org", "item"), user)


def can_download(user, cert: Certificate) -> bool:
    """The holder (their own) or staff who may see the issuing org."""
    if not getattr(user, "is_authenticated", False):
        return False
    if cert.holder_user_id and cert.holder_user_id == user.pk:
        return True
    return staff_certificates(user).filter(pk=cert.pk).exists()
