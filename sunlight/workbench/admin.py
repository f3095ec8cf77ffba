from django.contrib import admin

from .models import Todo


@admin.register(Todo)
class TodoAdmin(admin.ModelAdmin):
    list_display = ("title", "user", "level", "due", "created_at", "done_at")
    list_filter = ("level",)
    search_fields = ("title", "key", "user__username")
