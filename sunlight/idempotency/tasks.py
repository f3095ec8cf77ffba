"""Keys are needed only while a person might still resend the same form (a reload, a retry): forget old ones."""

from datetime import timedelta

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

KEEP_DAYS = 30


def forget_old_keys(days: int = KEEP_DAYS) -> int:
    from .models import SubmissionKey

    deleted, _ = SubmissionKey.objects.filter(created_at__lt=timezone.now() - timedelta(days=days)).delete()
    return deleted


@db_periodic_task(crontab(hour="2", minute="15"))
def forget_old_keys_every_night() -> None:
    forget_old_keys()
