"""The law tables in /admin/: org admins may look; only editors of the shared settings (superusers and admins of the
top org, sunlight.orgs.shared) may change the few editable fields; other admins may propose a change.

The law is national, so no district admin should change it for everyone. Rows are never
added or deleted here (a change in the law is a data migration); an edit of an outcome's
is_active or a limit's days / counting rule is an act and is recorded as an event (RecordedAdmin).
"""

from django.contrib import admin

from sunlight.events.admin import ReadOnlyAdmin, RecordedAdmin
from sunlight.workbench.shared_settings import SharedSettingsAdminMixin

from .models import ApplicantType, Outcome, StatutoryLimit


class LawTableAdmin(SharedSettingsAdminMixin, RecordedAdmin):
    editable: tuple[str, ...] = ()

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields if f.name not in self.editable and f.name != "id"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Outcome)
class OutcomeAdmin(LawTableAdmin):
    event_prefix = "requests.outcome"
    editable = ("is_active",)
    list_display = ("printed_name", "category", "number", "article", "is_active")
    list_filter = ("category", "is_active")
    search_fields = ("label", "report_label", "article")


@admin.register(ApplicantType)
class ApplicantTypeAdmin(ReadOnlyAdmin):
    list_display = ("label", "code", "parent", "order")


@admin.register(StatutoryLimit)
class StatutoryLimitAdmin(LawTableAdmin):
    event_prefix = "requests.statutory_limit"
    editable = ("days", "counts_toward_clock")
    list_display = ("name", "key", "days", "unit", "article", "counts_toward_clock", "is_verified")
    list_filter = ("counts_toward_clock", "is_verified")
