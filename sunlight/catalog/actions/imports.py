"""导入事项: an uploaded workbook becomes a queued run the worker imports (importing.jobs.run_import)."""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from sunlight.errors import SunlightError
from sunlight.events.log import record
from sunlight.orgs import scope
from sunlight.orgs.models import Org

from ..importing.reader import open_workbook
from ..models import ImportRun
from .rules import EDITOR, REVIEWER

MAX_BYTES = 200 * 1024**2


@transaction.atomic
def import_workbook(*, by, org: Org, upload: UploadedFile, publish: bool = False) -> ImportRun:
    """Queue the import of a workbook for `org`; refuse (nothing stored) what is not the exchange workbook."""
    scope.require(by, org, EDITOR, _("导入事项"))
    if publish:
        scope.require(by, org, REVIEWER, _("导入即发布"))
    if upload.size and upload.size > MAX_BYTES:
        raise SunlightError(_("文件超过 200 MB，请分成几个文件导入。"), code="too_large")
    open_workbook(upload).close()  # a foreign or broken file is refused now, not in the worker
    upload.seek(0)
    run = ImportRun.objects.create(org=org, by=by, file_name=(upload.name or "")[:200], upload=upload, publish=publish)
    record("catalog.import", actor=by, org=org, obj=run, data={"file": run.file_name, "publish": publish})
    from ..tasks import run_catalog_import

    # The worker must find the run and its file: queue only once they are committed.
    transaction.on_commit(lambda: run_catalog_import.enqueue(run.pk))
    return run
