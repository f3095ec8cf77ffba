"""The worker's part of an import run: read the stored upload, import it, save progress, counts and errors."""

from __future__ import annotations

import io
import logging
import shutil
import tempfile

from django.core.files.base import ContentFile
from django.utils import timezone

from sunlight.errors import SunlightError

from ..models import ImportRun
from .errors import write_error_workbook
from .run import import_file

logger = logging.getLogger(__name__)
R = ImportRun.State


def run_import(run_id: int) -> None:
    """Import the run's workbook; never raises for a bad file (the run says what went wrong)."""
    runs = ImportRun.objects.filter(pk=run_id)
    # Claim with a conditional UPDATE: a task delivered twice, or to two workers, runs once.
    if not runs.filter(state=R.QUEUED).update(state=R.RUNNING):
        return
    run = runs.select_related("org", "by").get()

    def progress(done: int, total: int) -> None:
        runs.update(done_rows=done, total_rows=total)  # one cheap UPDATE per batch; the page polls it

    try:
        # Through the storage API (the worker may be on another machine), spooled to disk past 16 MB.
        with tempfile.SpooledTemporaryFile(max_size=16 * 1024**2) as fh, run.upload.open("rb") as src:
            shutil.copyfileobj(src, fh, 1024 * 1024)
            outcome = import_file(fh, org=run.org, by=run.by, publish=run.publish, progress=progress)
            if outcome.errors:
                out = io.BytesIO()
                write_error_workbook(fh, outcome.errors, out)
                run.error_file.save(f"import-{run.pk}-errors.xlsx", ContentFile(out.getvalue()), save=False)
    except SunlightError as exc:
        runs.update(state=R.FAILED, message=exc.message, finished_at=timezone.now())
        return
    except Exception:
        logger.exception("catalog import run %s failed", run_id)
        runs.update(
            state=R.FAILED,
            finished_at=timezone.now(),
            message="导入因系统错误中止，没有写入任何数据。请联系系统管理员；问题排除后重新上传同一文件即可。",
        )
        return
    runs.update(
        state=R.FAILED if outcome.errors else R.DONE,
        total_rows=outcome.total,
        done_rows=outcome.total,
        created=outcome.created,
        unchanged=outcome.unchanged,
        error_count=len(outcome.errors),
        error_file=run.error_file.name or "",
        timings={k: round(v, 3) for k, v in outcome.seconds.items()},
        message="" if not outcome.errors else f"发现 {len(outcome.errors)} 处错误，整个文件未导入。",
        finished_at=timezone.now(),
    )
