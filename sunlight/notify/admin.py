from django.contrib import admin

from sunlight.orgs.admin_scoping import ScopedAdminMixin

from .models import Todo


@admin.register(Todo)
class TodoAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """A to-do names a request or a document: an org admin sees only the to-dos of their subtree's staff."""

    scope_user_field = "user"
    list_display = ("title", "user", "level", "due", "created_at", "done_at")
    list_filter = ("level",)
    search_fields = ("title", "key", "user__username")
