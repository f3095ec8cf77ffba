"""A city's own approval stages (审批流程): its admin edits the pathway a preset installed, or builds one from
nothing — stages in order, their kind, lead department and limit — and takes items out of a stage. Items are put in
from the workbench (`set_stage_item`, which checks the catalog); every edit here, each inline row included, is recorded as an event (events.admin.RecordedAdmin)."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from sunlight.events.admin import RecordedAdmin
from sunlight.orgs.admin_scoping import ScopedAdminMixin, ScopedFormfieldsMixin

from .models import Pathway, Stage, StageItem


class StageForm(forms.ModelForm):
    class Meta:
        model = Stage
        fields = ("order", "name", "kind", "lead_org", "limit_days")

    def clean_limit_days(self):
        days = self.cleaned_data["limit_days"]
        if not 1 <= days <= 365:
            raise forms.ValidationError(_("阶段时限须在1至365个工作日之间。"))
        return days


class StageInline(ScopedFormfieldsMixin, admin.TabularInline):
    model = Stage
    form = StageForm
    extra = 0
    ordering = ("order",)
    show_change_link = True


@admin.register(Pathway)
class PathwayAdmin(ScopedAdminMixin, RecordedAdmin):
    """审批流程: a city's stages; a new one starts empty (presets are installed from the workbench)."""

    scope_field = "city"
    event_prefix = "projects.pathway_admin"
    list_display = ("name", "city", "preset", "target_days", "is_active")
    list_filter = ("is_active", "preset")
    fields = ("city", "name", "target_days", "is_active")
    inlines = (StageInline,)

    def _org_of(self, obj):
        return obj.city


class StageItemInline(admin.TabularInline):
    """The items of the stage: taken out here, put in from the workbench (which checks the catalog)."""

    model = StageItem
    extra = 0
    fields = ("item", "requirement", "project_types")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Stage)
class StageAdmin(ScopedAdminMixin, RecordedAdmin):
    """审批阶段: one stage with its items."""

    scope_field = "pathway__city"
    event_prefix = "projects.stage_admin"
    form = StageForm
    list_display = ("name", "pathway", "order", "kind", "lead_org", "limit_days")
    list_filter = ("kind",)
    inlines = (StageItemInline,)

    def _org_of(self, obj):
        return obj.pathway.city

    def has_add_permission(self, request) -> bool:
        return False  # a stage is added inside its pathway
