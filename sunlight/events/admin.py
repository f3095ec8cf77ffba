from django.contrib import admin
from django.db import transaction
from django.forms.models import model_to_dict

from sunlight.orgs.admin_scoping import ScopedAdminMixin

from .log import client_ip, record
from .models import Event


class ReadOnlyAdmin(admin.ModelAdmin):
    """For records that change only through actions (or never): the admin may look, not touch."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Event)
class EventAdmin(ScopedAdminMixin, ReadOnlyAdmin):
    """Read-only: nobody edits the event log, not even a superuser. An org admin sees the events of their subtree."""

    list_display = ("seq", "at", "actor_label", "verb", "object_type", "object_label", "org")
    list_filter = ("verb",)
    search_fields = ("verb", "object_label", "actor_label", "object_id")
    date_hierarchy = "at"
    list_select_related = ("org",)


def _snapshot(obj) -> dict:
    return {k: v for k, v in model_to_dict(obj).items() if not isinstance(v, (list, bytes))}


class RecordedAdmin(admin.ModelAdmin):
    """Admin edits of the org tree and accounts are acts too: each save or delete writes an event."""

    event_prefix = ""

    def _org_of(self, obj):
        return getattr(obj, "org", None) if not obj._meta.label_lower == "orgs.org" else obj

    def save_model(self, request, obj, form, change):
        before = _snapshot(type(obj).objects.get(pk=obj.pk)) if change and obj.pk else None
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            after = _snapshot(obj)
            changed = {k: v for k, v in after.items() if before is None or before.get(k) != v}
            record(
                f"{self.event_prefix}.{'update' if change else 'create'}",
                actor=request.user,
                org=self._org_of(obj),
                obj=obj,
                before={k: before.get(k) for k in changed} if before else None,
                after=changed,
                ip=client_ip(request),
            )

    def save_formset(self, request, form, formset, change):
        """The rows an inline adds, changes or deletes are acts too: each is an event, named as the row's own admin
        names it (a membership edited on its org's page is an orgs.membership event), under the parent's org."""
        with transaction.atomic():
            super().save_formset(request, form, formset, change)
            own = admin.site._registry.get(formset.model)
            prefix = getattr(own, "event_prefix", "") or self.event_prefix
            org = self._org_of(form.instance)
            changes = [("create", o, None) for o in formset.new_objects]
            changes += [("update", o, fields) for o, fields in formset.changed_objects]
            changes += [("delete", o, None) for o in formset.deleted_objects]
            for act, obj, fields in changes:
                record(
                    f"{prefix}.{act}",
                    actor=request.user,
                    org=org,
                    obj=obj if obj.pk else form.instance,
                    data={"row": str(obj), "fields": fields or []},
                    ip=client_ip(request),
                )

    def delete_model(self, request, obj):
        with transaction.atomic():
            record(
                f"{self.event_prefix}.delete",
                actor=request.user,
                org=self._org_of(obj),
                obj=obj,
                before=_snapshot(obj),
                ip=client_ip(request),
            )
            super().delete_model(request, obj)
