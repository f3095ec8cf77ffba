from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from sunlight.events.admin import RecordedAdmin
from sunlight.workbench.shared_settings import SharedSettingsAdminMixin

from .admin_scoping import ScopedAdminMixin, ScopedFormfieldsMixin
from .models import Membership, Org, Region, Window


@admin.register(Region)
class RegionAdmin(SharedSettingsAdminMixin, RecordedAdmin):
    """The administrative division codes are national: a shared setting (sunlight.orgs.shared)."""

    event_prefix = "orgs.region"
    list_display = ("code", "name", "level", "parent")
    list_filter = ("level",)
    search_fields = ("code", "name")
    raw_id_fields = ("parent",)


class WindowInline(ScopedFormfieldsMixin, admin.TabularInline):
    model = Window
    extra = 0


class MembershipInline(ScopedFormfieldsMixin, admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ("user",)


@admin.register(Org)
class OrgAdmin(ScopedAdminMixin, RecordedAdmin, SimpleHistoryAdmin):
    event_prefix = "orgs.org"
    scope_field = ""
    list_display = ("name", "kind", "region", "parent", "credit_code", "org_code", "is_active")
    list_filter = ("kind", "region__level", "is_active")
    search_fields = ("name", "credit_code", "org_code")
    raw_id_fields = ("region",)
    inlines = [WindowInline, MembershipInline]


@admin.register(Membership)
class MembershipAdmin(ScopedAdminMixin, RecordedAdmin, SimpleHistoryAdmin):
    event_prefix = "orgs.membership"
    list_display = ("user", "org", "role", "window", "is_active")
    list_filter = ("role", "is_active")
    search_fields = ("user__username", "user__display_name", "org__name")
    raw_id_fields = ("user", "org", "window")
