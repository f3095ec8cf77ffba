"""Starting a web bulk import (批量导入): the upload becomes a queued job the worker runs (import_jobs.run_import)."""

from __future__ import annotations

from pathlib import Path

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext

from sunlight.errors import SunlightError
from sunlight.events.log import record
from sunlight.orgs import scope
from sunlight.orgs.models import Org

from .. import import_jobs
from ..models import ImportJob
from ..tasks import run_import_job


@transaction.atomic
def start_import(*, by, org: Org, metadata_upload: UploadedFile, zip_upload: UploadedFile | None = None) -> ImportJob:
    """Store the uploads as a queued job for `org`; refuse (SunlightError, nothing stored) what cannot be imported."""
    scope.require(by, org, import_jobs.IMPORT_ROLES, what="批量导入")
    import_jobs.check_metadata(metadata_upload)
    if zip_upload is not None:
        if Path(zip_upload.name or "").suffix.lower() != ".zip":
            raise SunlightError(gettext("文件压缩包须为 ZIP 格式。"))
        import_jobs.zip_members(zip_upload, "文件压缩包")
        zip_upload.seek(0)
    import_job = ImportJob.objects.create(created_by=by, org=org, metadata=metadata_upload, files_zip=zip_upload or "")
    record(
        "disclosure.import_job.start",
        actor=by,
        org=org,
        obj=import_job,
        data={
            "metadata": metadata_upload.name,
            "files_zip": zip_upload.name if zip_upload else "",
            "zip_bytes": zip_upload.size if zip_upload else 0,
        },
    )
    # The worker must find the job and its files: queue only once they are committed.
    transaction.on_commit(lambda: run_import_job.enqueue(import_job.pk))
    return import_job
