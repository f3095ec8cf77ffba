"""The worker: the forecast's historic durations, refreshed nightly (idempotent: it recomputes the same rows), and the
sweep of stage files left by a killed filing."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task


@db_periodic_task(crontab(hour="1", minute="40"))
@lock_task("projects-durations")
def refresh_durations_nightly() -> int:
    from .forecast import refresh_durations

    return refresh_durations()


@db_periodic_task(crontab(minute="37"))
@lock_task("projects-sweep-files")
def sweep_files() -> int:
    from sunlight.cases.uploads import sweep_orphan_files

    from .models import StageMaterial

    return sweep_orphan_files(directory="projects", model=StageMaterial)
