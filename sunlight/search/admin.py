from django.contrib import admin

from sunlight.events.admin import RecordedAdmin
from sunlight.workbench.shared_settings import SharedSettingsAdminMixin

from .models import Synonym


@admin.register(Synonym)
class SynonymAdmin(SharedSettingsAdminMixin, RecordedAdmin):
    """同义词和简称: used by every search at once (no re-indexing); a shared setting of the whole site, edited by the
    shared-settings org's admins, proposed by the others."""

    event_prefix = "search.synonym"
    list_display = ("term", "expansions", "is_active", "note", "updated_at")
    list_filter = ("is_active",)
    search_fields = ("term", "expansions", "note")
