"""Shared settings: tables that bind every org alike (the working-day calendar, taxonomies, word lists, law tables).

Only superusers and admins of one org may edit them: the org named by the setting SHARED_SETTINGS_ORG (its
credit code or id), by default the root government of the tree. Admins of that org's ancestors count too
(an admin acts across the subtree). Every other admin may view them and propose a change
(sunlight.workbench.proposals).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from sunlight.ints import ascii_int

from . import scope
from .models import Org, Role


def shared_settings_org() -> Org | None:
    """The org whose admins keep the shared settings; None when the tree is empty (then only superusers)."""
    named = str(getattr(settings, "SHARED_SETTINGS_ORG", "") or "").strip()
    if named:
        found = Org.objects.filter(credit_code=named.upper()).first()
        if found is None and ascii_int(named):
            found = Org.objects.filter(pk=ascii_int(named)).first()
        return found
    roots = Org.objects.filter(parent__isnull=True, is_active=True)
    # The top government; another root (an org entered without a parent) is never the default.
    return roots.filter(kind=Org.Kind.GOVERNMENT).order_by("path").first() or roots.order_by("path").first()


def can_edit_shared_settings(user) -> bool:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    # Asked for every row and button of an admin page: once per user object (i.e. per request) and setting.
    cache = user.__dict__.setdefault("_sunlight_shared_editor", {})
    key = str(getattr(settings, "SHARED_SETTINGS_ORG", "") or "")
    if key not in cache:
        org = shared_settings_org()
        cache[key] = org is not None and scope.can_act(user, org, Role.ADMIN)
    return cache[key]


def shared_settings_admins():
    """The active admins who may edit shared settings by can_edit_shared_settings: admins of the shared-settings org
    and of its ancestors (superusers aside)."""
    from django.contrib.auth import get_user_model

    from .models import Membership

    org = shared_settings_org()
    User = get_user_model()
    if org is None:
        return User.objects.none()
    ids = [org.pk, *org.ancestors().values_list("pk", flat=True)]
    admins = Membership.objects.filter(org_id__in=ids, role=Role.ADMIN, is_active=True).values("user_id")
    return User.objects.filter(pk__in=admins, is_active=True).order_by("pk")


def is_any_admin(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and any(m.role == Role.ADMIN for m in scope.memberships(user))


def require_shared_settings_editor(user, what: str = "") -> None:
    if not can_edit_shared_settings(user):
        org = shared_settings_org()
        who = _("“%(org)s”的系统管理员") % {"org": org.name} if org else _("超级管理员")
        raise PermissionDenied(
            _("只有系统管理员可以修改%(what)s：它影响所有机构，由%(who)s维护；您可以提出修改建议。")
            % {"what": what or _("共享设置"), "who": who}
        )
