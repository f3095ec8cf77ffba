from sunlight.workbench.models import Heartbeat
from sunlight.workbench.tasks import beat


def test_a_task_enqueued_through_the_django_tasks_api_runs_on_huey_after_commit(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        result = beat.enqueue()
        assert not Heartbeat.objects.exists()  # nothing runs before the transaction commits
    assert Heartbeat.objects.filter(pk=1).exists()
    assert result.backend == "default"


def test_the_tasks_backend_is_hueys(settings):
    assert settings.TASKS["default"]["BACKEND"].startswith("huey.")


def test_periodic_jobs_run_on_the_clock_of_the_configured_time_zone_not_utc():
    # The nightly lapses (01:05) and the January reminders (08:00) are meant in Beijing time.
    import time
    from datetime import datetime

    from django.conf import settings
    from huey.contrib.djhuey import HUEY

    assert settings.HUEY["utc"] is False and HUEY.utc is False
    assert settings.TIME_ZONE == "Asia/Shanghai" and time.strftime("%z", time.localtime()) == "+0800"
    assert HUEY._get_timestamp().hour == datetime.now().hour
