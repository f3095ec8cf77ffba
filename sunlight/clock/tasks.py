"""Daily check: from 1 December, warn administrators when next year's calendar is not loaded."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django_tasks import task
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from sunlight.notify.models import Todo
from sunlight.notify.todos import close_todos, feed_todo
from sunlight.orgs.shared import shared_settings_admins

from .models import WorkDay


def calendar_admins() -> QuerySet:
    """Active users who may enter the official notice (actions.can_edit_calendar): superusers and the shared-settings
    admins."""
    return (
        get_user_model()
        .objects.filter(Q(is_superuser=True) | Q(pk__in=shared_settings_admins()), is_active=True)
        .order_by("pk")
    )


def year_status(year: int) -> tuple[int, int, int]:
    """(days expected, days loaded, days loaded only as a guess — estimated or weekends-only) for the year."""
    expected = (date(year + 1, 1, 1) - date(year, 1, 1)).days
    rows = WorkDay.objects.filter(date__year=year)
    return expected, rows.count(), rows.filter(source__in=WorkDay.PROVISIONAL).count()


@task()
def warn_if_next_year_calendar_missing(today: str | None = None) -> int:
    """Feed a to-do to every calendar admin when next year is not (officially) loaded; returns how many were warned.

    Runs quietly before CALENDAR_WARN_FROM; idempotent (one to-do per user and year, refreshed).
    A year loaded as the estimate (or the old weekends-only guess) still warns until the official notice is
    entered: its 调休 days are unknown and every deadline counted through it is only 预计.
    """
    day = date.fromisoformat(today) if today else timezone.localdate()
    month, dom = settings.CALENDAR_WARN_FROM
    year = day.year + 1
    key = f"calendar-missing:{year}"
    if (day.month, day.day) < (month, dom):
        return 0
    expected, loaded, guessed = year_status(year)
    if loaded == expected and not guessed:
        # Loaded now: close any warning still open, so the to-do list stays truthful.
        close_todos(key)
        return 0
    if loaded < expected:
        title = f"{year} 年工作日历尚未载入"
        detail = (
            f"工作日历只载入了 {year} 年 {loaded}/{expected} 天。{year} 年起的法定期限将无法计算。"
            f"请在国务院办公厅公布 {year} 年放假安排后，在“工作日历”中录入（或升级 chinesecalendar 后运行 "
            f"`manage.py calendar seed --years {year}`）。"
        )
    else:
        title = f"{year} 年工作日历为预计，请录入官方放假安排"
        detail = (
            f"{year} 年有 {guessed} 天是预计的（按《全国年节及纪念日放假办法》的法定节假日推定，不含调休上班日），"
            f"据此算出的期限都标注为“预计”。国务院办公厅公布 {year} 年放假安排后，"
            f"请在“工作日历”中一次录入全部放假日期和调休上班日，系统会重新计算受影响的期限并通知相关人员。"
        )
    warned = 0
    for user in calendar_admins():
        feed_todo(
            user,
            key=key,
            title=title,
            detail=detail,
            url=reverse("clock_wb:notice"),
            level=Todo.Level.WARNING,
            due=date(day.year, 12, 31),
            done_at=None,
        )
        warned += 1
    return warned


@db_periodic_task(crontab(hour="7", minute="30"))
def calendar_warning_daily() -> None:
    """Huey's clock for the django-tasks job above."""
    warn_if_next_year_calendar_missing.enqueue()
