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
