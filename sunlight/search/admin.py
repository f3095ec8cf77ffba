from django.contrib import admin

from .models import Synonym


@admin.register(Synonym)
class SynonymAdmin(admin.ModelAdmin):
    """同义词和简称: used by every search at once (no re-indexing); a shared setting of the whole site."""

    list_display = ("term", "expansions", "is_active", "note", "updated_at")
    list_filter = ("is_active",)
    search_fields = ("term", "expansions", "note")
