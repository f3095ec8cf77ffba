from django.contrib import admin

from sunlight.events.admin import ReadOnlyAdmin, RecordedAdmin
from sunlight.orgs.admin_scoping import ScopedAdminMixin
from sunlight.workbench.shared_settings import SharedSettingsAdminMixin

from .models import Document, Genre, KeyArea, SensitiveWord, Topic


@admin.register(Topic)
class TopicAdmin(SharedSettingsAdminMixin, RecordedAdmin):
    event_prefix = "disclosure.topic"
    list_display = ("code", "name", "parent", "sort_order")
    list_filter = ("parent",)
    search_fields = ("code", "name")


@admin.register(Genre)
class GenreAdmin(SharedSettingsAdminMixin, RecordedAdmin):
    event_prefix = "disclosure.genre"
    list_display = ("code", "name", "sort_order")

    def has_delete_permission(self, request, obj=None):
        return False  # the annual report counts by genre code


@admin.register(KeyArea)
class KeyAreaAdmin(SharedSettingsAdminMixin, RecordedAdmin):
    event_prefix = "disclosure.key_area"
    list_display = ("code", "name", "parent", "for_villages", "sort_order")
    list_filter = ("for_villages", "parent")


@admin.register(SensitiveWord)
class SensitiveWordAdmin(SharedSettingsAdminMixin, RecordedAdmin):
    event_prefix = "disclosure.sensitive_word"
    list_display = ("word", "note", "is_active")
    list_filter = ("is_active",)
    search_fields = ("word",)


@admin.register(Document)
class DocumentAdmin(ScopedAdminMixin, ReadOnlyAdmin):
    """Read-only here: documents change only through the workbench's actions (review, publish, withdraw).

    Unpublished documents carry personal data: an org admin sees only their subtree's, as in the workbench.
    """

    scope_field = "publisher"

    list_display = ("index_number", "title", "publisher", "status", "validity", "published_at", "published_late")
    list_filter = ("status", "validity", "genre", "published_late")
    search_fields = ("index_number", "title", "doc_number")
    list_select_related = ("publisher",)
