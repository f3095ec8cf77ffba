"""Scoping for /admin/: every admin model that holds org data shows a non-superuser admin only their subtree.

The rule is the workbench's (sunlight.orgs.scope with the admin role); sunlight/orgs/tests/test_admin_scope.py walks
every registered admin model with an admin of another district.
"""

from __future__ import annotations

from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.http import Http404

from . import scope
from .models import Org, Role, Window


def _admin_orgs(user):
    return scope.visible_orgs(user, roles=Role.ADMIN)


def staff_in_scope(user):
    """Accounts holding a membership in an org the (non-superuser) admin manages: the people whose data they may see."""
    from sunlight.accounts.models import User

    return User.objects.filter(memberships__org__in=_admin_orgs(user)).values("pk")


class ScopedFormfieldsMixin:
    """Related-field choices (selects, raw-id and autocomplete values) limited to what the admin may see.

    Validation uses the same queryset, so a hand-typed id of another district's row is refused too.
    """

    def scoped_related_queryset(self, request, model):
        if request.user.is_superuser:
            return None
        if model is Org:
            return _admin_orgs(request.user)
        if model is Window:
            return scope.scoped(Window.objects.all(), request.user, "center", roles=Role.ADMIN)
        related_admin = self.admin_site._registry.get(model)
        if isinstance(related_admin, ScopedAdminMixin):
            return related_admin.get_queryset(request)
        return None

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        queryset = self.scoped_related_queryset(request, db_field.related_model)
        if queryset is not None:
            kwargs["queryset"] = queryset
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        queryset = self.scoped_related_queryset(request, db_field.related_model)
        if queryset is not None:
            kwargs["queryset"] = queryset
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ScopedAdminMixin(ScopedFormfieldsMixin):
    """Non-superuser admins see and manage only their subtree: the same scoping helper as the workbench.

    get_queryset feeds the changelist, change/delete/history views, bulk actions (and so any export action),
    raw-id popups and the autocomplete of every admin that points at this model. simple_history's history
    pages fall back to the history table when the row is out of the queryset, so they are checked here too.
    `scope_field` is the path to the org ("" for Org itself); `scope_user_field` instead scopes rows that
    belong to a person (to-dos, tokens, devices) by that person's memberships.
    """

    scope_field: str | None = "org"
    scope_user_field: str | None = None

    def scope_queryset(self, request, qs):
        if self.scope_user_field is not None:
            lookup = f"{self.scope_user_field}__in" if self.scope_user_field else "pk__in"
            return qs.filter(**{lookup: staff_in_scope(request.user)})
        return scope.scoped(qs, request.user, self.scope_field, roles=Role.ADMIN)

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return self.scope_queryset(request, qs)

    def _require_in_scope(self, request, object_id) -> None:
        if request.user.is_superuser:
            return
        try:
            found = self.get_queryset(request).filter(pk=unquote(object_id)).exists()
        except (ValueError, TypeError, ValidationError):
            found = False
        if not found:
            raise Http404

    def history_view(self, request, object_id, extra_context=None):
        self._require_in_scope(request, object_id)
        return super().history_view(request, object_id, extra_context=extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._require_in_scope(request, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context=extra_context)
