from django.utils.translation import gettext_lazy as _

from sunlight.modules import VIEW_ADD_CHANGE, ApiRouter, ModuleConfig, Urls


class ClockConfig(ModuleConfig):
    name = "sunlight.clock"
    label = "clock"
    layer = "kernel"
    verbose_name = _("工作日历与法定期限")
    workbench_urls = Urls("workbench/calendar/", "sunlight.clock.urls")
    api_routers = (ApiRouter("/calendar/", "sunlight.clock.api.router", "calendar 工作日历"),)
    admin_managed = {"workday": VIEW_ADD_CHANGE}
    jobs_module = "tasks"
    verbs = {
        "calendar.seed": _("载入官方工作日历"),
        "calendar.load_weekends": _("按周末推定载入工作日历"),
        "calendar.load_estimate": _("按法定节假日预计载入工作日历"),
        "calendar.official_notice": _("录入国务院办公厅放假安排"),
        "calendar.set_workday": _("修改工作日"),
    }

    def ready(self) -> None:
        super().ready()
        from django.db.models.signals import post_delete, post_save

        from .models import CalendarRevision, WorkDay
        from .signals import calendar_changed

        # Any row written through the ORM drops this process's copy at once; other processes
        # notice the revision bump within CALENDAR_RECHECK_SECONDS.
        post_save.connect(calendar_changed, sender=WorkDay, dispatch_uid="clock.workday.saved")
        post_delete.connect(calendar_changed, sender=WorkDay, dispatch_uid="clock.workday.deleted")
        post_save.connect(calendar_changed, sender=CalendarRevision, dispatch_uid="clock.revision.saved")
