from django.contrib import admin

from sunlight.events.admin import RecordedAdmin
from sunlight.workbench.shared_settings import SharedSettingsAdminMixin

from .models import Law, NegativeListEntry


@admin.register(Law)
class LawAdmin(SharedSettingsAdminMixin, RecordedAdmin):
    """法律法规: what item citations resolve against; shared by every org (an amended law shows every item citing it)."""

    event_prefix = "catalog.law"
    list_display = ("title", "rank", "doc_number", "articles", "amended_on", "repealed_on")
    list_filter = ("rank",)
    search_fields = ("title", "doc_number")


@admin.register(NegativeListEntry)
class NegativeListEntryAdmin(SharedSettingsAdminMixin, RecordedAdmin):
    """负面清单: the province's market-access negative list, shared by every org."""

    event_prefix = "catalog.negative"
    list_display = ("number", "category", "industry", "industry_code", "title")
    list_filter = ("category",)
    search_fields = ("number", "title", "industry", "industry_code")
    filter_horizontal = ("items",)
