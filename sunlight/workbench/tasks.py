"""Worker heartbeat: a periodic job whose only work is to say the worker is alive."""

from __future__ import annotations

import os
import socket

from django.utils import timezone
from django_tasks import task
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, on_startup


@task()
def beat() -> str:
    from .models import Heartbeat

    who = f"{socket.gethostname()}:{os.getpid()}"
    Heartbeat.objects.update_or_create(pk=1, defaults={"at": timezone.now(), "worker": who})
    return who


@db_periodic_task(crontab(minute="*"))
def heartbeat_every_minute() -> None:
    # Runs the job in the worker itself: the beat must come from the process that does the work.
    beat.call()


@on_startup()
def heartbeat_on_start() -> None:
    # So /healthz shows the worker as soon as it is up, not a minute later.
    from django.db import close_old_connections

    beat.call()
    close_old_connections()
