"""The worker's jobs for letters: files a killed process left behind (written during a letter's transaction that
never committed) are removed once they are an hour old."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from sunlight.cases.uploads import sweep_orphan_files

from .models import LetterAttachment


@db_periodic_task(crontab(minute="40"))
@lock_task("letters-sweep-files")
def sweep_files() -> int:
    return sweep_orphan_files(directory="letters", model=LetterAttachment)
