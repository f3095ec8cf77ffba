"""What the acts share: who manages a village's democracy (its committee's staff, and admins above it), who may take
part (an active registered resident), the pass rule and the result arithmetic."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q
from django.utils.translation import gettext

from sunlight.orgs import scope
from sunlight.orgs.models import Org, Role

from .models import Resident

ANY_ROLE = tuple(Role.values)
PASS_RULES = ("majority_of_votes", "majority_of_residents")


def is_village(org: Org) -> bool:
    return org.kind == Org.Kind.COMMITTEE and org.is_active


def may_manage(user, org: Org) -> bool:
    """The village committee's staff (any role), and the admins of an org above it (scope.can_act's rule)."""
    return scope.can_act(user, org, ANY_ROLE)


def managed_villages(user):
    """The villages (committees) this member of staff may manage, in tree order."""
    rows = Org.objects.filter(kind=Org.Kind.COMMITTEE, is_active=True)
    if getattr(user, "is_superuser", False):
        return rows.order_by("path")
    admin_paths = [m.org.path for m in scope.memberships(user) if m.role == Role.ADMIN]
    exact = [m.org_id for m in scope.memberships(user)]
    q = Q(pk__in=exact)
    for path in admin_paths:
        q |= Q(path__startswith=path)
    return rows.filter(q).order_by("path")


def resident_of(user, org: Org) -> Resident | None:
    """The user's active residence in the village, or None (anonymous, staff, not registered, ended)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Resident.objects.filter(org=org, user=user, is_active=True).first()


def eligible_count(org: Org) -> int:
    return Resident.objects.filter(org=org, is_active=True).count()


def pass_rule() -> str:
    rule = getattr(settings, "DEMOCRACY_PASS_RULE", "majority_of_votes") or "majority_of_votes"
    if rule not in PASS_RULES:
        raise ImproperlyConfigured(gettext("DEMOCRACY_PASS_RULE 只能是 majority_of_votes 或 majority_of_residents。"))
    return rule


def percent(part: int, whole: int) -> str:
    """A share as a percentage with one decimal ("66.7"), "" when there is nothing to divide by."""
    if not whole:
        return ""
    value = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return str(value)


def passed(yes: int, votes: int, eligible: int, rule: str) -> bool:
    """同意 (the first option) more than half of the votes cast, or of the eligible residents."""
    base = votes if rule == "majority_of_votes" else eligible
    return base > 0 and yes * 2 > base
