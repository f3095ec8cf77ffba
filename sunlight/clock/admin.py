"""The calendar in /admin/: every save goes through actions.set_workday; days are never deleted."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from sunlight.ints import ascii_int
from sunlight.workbench.shared_settings import SharedSettingsAdminMixin

from .actions import can_edit_calendar, set_workday
from .models import CalendarRevision, WorkDay

WEEKDAYS = "一二三四五六日"


class YearFilter(admin.SimpleListFilter):
    title = _("年份")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        return [(str(d.year), f"{d.year} 年") for d in WorkDay.objects.dates("date", "year", order="DESC")]

    def queryset(self, request, queryset):
        year = ascii_int(self.value(), max_digits=4)
        if year:
            return queryset.filter(date__year=year)
        return queryset


@admin.register(WorkDay)
class WorkDayAdmin(SharedSettingsAdminMixin, SimpleHistoryAdmin):
    list_display = ("date", "weekday", "is_workday", "source", "note", "updated_at", "updated_by")
    list_filter = (YearFilter, "source", "is_workday")
    search_fields = ("note",)
    date_hierarchy = "date"
    ordering = ("date",)
    list_per_page = 62
    fields = ("date", "is_workday", "note", "source", "updated_at", "updated_by")
    readonly_fields = ("source", "updated_at", "updated_by")
    actions = ("mark_workday", "mark_holiday")
    proposal_fields = ("date", "is_workday", "note")  # others propose a day's change; set_workday applies it

    @admin.display(description=_("星期"))
    def weekday(self, obj: WorkDay) -> str:
        return f"星期{WEEKDAYS[obj.date.weekday()]}"

    def get_readonly_fields(self, request, obj=None):
        # A day is changed, never moved to another date.
        return (*self.readonly_fields, "date") if obj is not None else self.readonly_fields

    def _may_edit(self, request: HttpRequest) -> bool:
        return can_edit_calendar(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return super().has_add_permission(request) and self._may_edit(request)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return super().has_change_permission(request, obj) and self._may_edit(request)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def save_model(self, request, obj: WorkDay, form, change) -> None:
        saved = set_workday(obj.date, is_workday=obj.is_workday, note=obj.note, by=request.user)
        # The admin goes on to log and redirect with this object, so give it the saved state.
        obj.pk = saved.pk
        obj.source, obj.updated_at, obj.updated_by = saved.source, saved.updated_at, saved.updated_by

    def _mark(self, request, queryset, is_workday: bool) -> None:
        label = "工作日" if is_workday else "休息日"
        try:
            with transaction.atomic():
                count = 0
                for row in queryset.order_by("date"):
                    note = f"管理员标记为{label}" + (f"（原说明：{row.note}）" if row.note else "")
                    set_workday(row.date, is_workday=is_workday, note=note, by=request.user)
                    count += 1
        except PermissionDenied as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return
        self.message_user(request, f"已将 {count} 天标记为{label}。", messages.SUCCESS)

    @admin.action(description=_("标记为工作日"), permissions=["change"])
    def mark_workday(self, request, queryset) -> None:
        self._mark(request, queryset, True)

    @admin.action(description=_("标记为休息日"), permissions=["change"])
    def mark_holiday(self, request, queryset) -> None:
        self._mark(request, queryset, False)


@admin.register(CalendarRevision)
class CalendarRevisionAdmin(admin.ModelAdmin):
    list_display = ("id", "revision", "updated_at")
    readonly_fields = ("id", "revision", "updated_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
