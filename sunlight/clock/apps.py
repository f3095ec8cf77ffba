from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClockConfig(AppConfig):
    name = "sunlight.clock"
    label = "clock"
    verbose_name = _("工作日历与法定期限")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from .models import CalendarRevision, WorkDay
        from .signals import calendar_changed

        # Any row written through the ORM drops this process's copy at once; other processes
        # notice the revision bump within CALENDAR_RECHECK_SECONDS.
        post_save.connect(calendar_changed, sender=WorkDay, dispatch_uid="clock.workday.saved")
        post_delete.connect(calendar_changed, sender=WorkDay, dispatch_uid="clock.workday.deleted")
        post_save.connect(calendar_changed, sender=CalendarRevision, dispatch_uid="clock.revision.saved")
