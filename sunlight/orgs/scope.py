"""The one scoping helper. Every staff view, API endpoint and export asks it what a user may see or do.

Rules: a staff member acts only in orgs where they hold an active membership with the role the act
needs; admins and supervisors also see the whole subtree below their org, and admins may act there.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext

from .models import SUBTREE_ROLES, Membership, Org, Role


def memberships(user) -> list[Membership]:
    """Active memberships of a user, fetched once per user object (i.e. once per request)."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_sunlight_memberships", None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user, is_active=True, org__is_active=True).select_related("org"))
        user._sunlight_memberships = cached
    return cached


def _roles(roles: Iterable[str] | str | None) -> set[str] | None:
    if roles is None:
        return None
    return {roles} if isinstance(roles, str) else set(roles)


def org_q(user, field: str = "org", roles: Iterable[str] | str | None = None) -> Q:
    """A filter on `field` (a FK to Org, or "" for Org itself) for what the user may see.

    With `roles`, only memberships in those roles count.
    """
    prefix = f"{field}__" if field else ""
    if getattr(user, "is_superuser", False):
        return Q()
    wanted = _roles(roles)
    exact: set[int] = set()
    subtree_paths: set[str] = set()
    for m in memberships(user):
        if wanted is not None and m.role not in wanted:
            continue
        if m.role in SUBTREE_ROLES:
            subtree_paths.add(m.org.path)
        else:
            exact.add(m.org_id)
    q = Q(**{f"{prefix}pk__in": sorted(exact)}) if exact else Q(pk__in=[])
    # Drop paths already covered by a shorter one: fewer OR branches, same result.
    for path in sorted(subtree_paths):
        if not any(path != other and path.startswith(other) for other in subtree_paths):
            q |= Q(**{f"{prefix}path__startswith": path})
    return q


def visible_orgs(user, roles: Iterable[str] | str | None = None) -> QuerySet[Org]:
    return Org.objects.filter(org_q(user, "", roles))


def scoped(queryset: QuerySet, user, field: str = "org", roles: Iterable[str] | str | None = None) -> QuerySet:
    """Filter any queryset to the rows whose org the user may see."""
    return queryset.filter(org_q(user, field, roles))


def can_act(user, org: Org, roles: Iterable[str] | str) -> bool:
    """May the user perform an act needing one of `roles` in `org`? Admins may act across their subtree."""
    if getattr(user, "is_superuser", False):
        return True
    wanted = _roles(roles) or set()
    for m in memberships(user):
        if m.role not in wanted:
            continue
        if m.org_id == org.pk or (m.role == Role.ADMIN and org.path.startswith(m.org.path)):
            return True
    return False


def supervises(user, org: Org) -> bool:
    """A supervisor watches the subtree of the org they sit in (电子监察 of a district covers its departments)."""
    if getattr(user, "is_superuser", False):
        return True
    return any(m.role == Role.SUPERVISOR and org.path.startswith(m.org.path) for m in memberships(user))


def can_see(user, org: Org) -> bool:
    return visible_orgs(user).filter(pk=org.pk).exists()


def require(user, org: Org, roles: Iterable[str] | str, what: str = "") -> None:
    """Raise PermissionDenied with a clear bilingual message; the denial is logged by the caller's front door."""
    if not can_act(user, org, roles):
        names = "、".join(str(Role(r).label) for r in sorted(_roles(roles) or []))
        raise PermissionDenied(
            gettext("无权在“%(name)s”执行%(act)s：需要该机构的%(names)s岗位。")
            % {"name": org.name, "act": what or "此操作", "names": names}
        )


def require_visible(user, obj: Model, field: str = "org") -> None:
    org = getattr(obj, field) if field else obj
    if not can_see(user, org):
        raise PermissionDenied(gettext("无权查看该对象。"))


def who_can_act(org: Org, roles: Iterable[str] | str) -> list[Membership]:
    """The active memberships that give someone the right to act in `org` with one of `roles`: the org's own
    holders of those roles, then the admins of the orgs above it (can_act lets an admin act in the subtree).
    Superusers are not listed: they are operators, not the people a page should name. The same rule as can_act,
    read the other way round (who may, instead of may this one)."""
    wanted = _roles(roles) or set()
    ancestor_ids = org.path_ids[:-1]
    q = Q(org_id=org.pk, role__in=sorted(wanted))
    if Role.ADMIN in wanted and ancestor_ids:
        q |= Q(org_id__in=ancestor_ids, role=Role.ADMIN)
    rows = (
        Membership.objects.filter(q, is_active=True, user__is_active=True, org__is_active=True)
        .select_related("user", "org")
        .order_by("-org__depth", "role", "user__username")
    )
    return list(rows)
