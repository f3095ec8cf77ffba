"""The checks every uploaded material passes: its type (by content, not by name) and its size.

Files are written while the submitting act's transaction is open; if the act fails they are deleted at once,
and a process killed in between leaves files no row points to, which `sweep_orphan_files` (the worker,
hourly) removes once they are an hour old. So a crash leaves no half case and, within the hour, no orphan file.
"""

from __future__ import annotations

import contextvars
import functools
import hashlib
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext

from sunlight.errors import refuse

# The first bytes of each accepted type. OFD (the national e-document format) and DOCX are ZIP containers.
SIGNATURES = {
    "pdf": (b"%PDF-",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "ofd": (b"PK\x03\x04",),
    "docx": (b"PK\x03\x04",),
}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "ofd": "application/ofd",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
UPLOAD_DIR = "cases"
_written: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar("case_files_written", default=None)


def written(name: str) -> None:
    """Note a file the running act has put in storage (deleted again if the act fails)."""
    names = _written.get()
    if names is not None:
        names.append(name)


def no_files_left_on_failure(act):
    """Wrap an act (outside its transaction.atomic) so that the files it wrote are deleted when it raises — at
    any point, its commit included."""

    @functools.wraps(act)
    def run(*args, **kwargs):
        names: list[str] = []
        token = _written.set(names)
        try:
            return act(*args, **kwargs)
        except BaseException:
            for name in names:
                default_storage.delete(name)
            raise
        finally:
            _written.reset(token)

    return run


def allowed_types() -> tuple[str, ...]:
    return tuple(t for t in settings.CASES_UPLOAD_TYPES if t in SIGNATURES)


def max_bytes() -> int:
    return settings.CASES_UPLOAD_MAX_MB * 1024 * 1024


def check_upload(upload, material_name: str) -> tuple[str, str]:
    """Refuse a file of the wrong type or size; return (extension, sha256)."""
    name = Path(upload.name or "").name
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    types = allowed_types()
    if ext not in types:
        raise refuse(
            gettext("“%(material)s”的文件类型不受支持（%(name)s），请上传 %(types)s 文件。")
            % {"material": material_name, "name": name[:60], "types": "、".join(t.upper() for t in types)},
            "bad_file_type",
        )
    if upload.size > max_bytes():
        raise refuse(
            gettext("“%(material)s”的文件超过 %(limit)s MB，请压缩后重新上传。")
            % {"material": material_name, "limit": settings.CASES_UPLOAD_MAX_MB},
            "file_too_large",
        )
    if upload.size == 0:
        raise refuse(gettext("“%(material)s”的文件是空的。") % {"material": material_name}, "empty_file")
    upload.seek(0)
    head = upload.read(16)
    if not any(head.startswith(sig) for sig in SIGNATURES[ext]):
        raise refuse(
            gettext("“%(material)s”的文件内容与扩展名 %(ext)s 不符，请上传真实的 %(ext)s 文件。")
            % {"material": material_name, "ext": ext.upper()},
            "bad_file_content",
        )
    upload.seek(0)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return ext, digest.hexdigest()


def sweep_orphan_files(older_than: timedelta = timedelta(hours=1), *, directory: str = UPLOAD_DIR, model=None) -> int:
    """Delete uploaded files under `directory` that no row of `model` (default: case materials) points to — left
    by a process killed mid-submission."""
    from .models import CaseMaterial

    model = model or CaseMaterial
    root = Path(settings.MEDIA_ROOT) / directory
    if not root.exists():
        return 0
    cutoff = (timezone.now() - older_than).timestamp()
    removed = 0
    for path in root.rglob("*"):
        if not path.is_file() or path.stat().st_mtime > cutoff:
            continue
        name = path.relative_to(settings.MEDIA_ROOT).as_posix()
        if not model.objects.filter(file=name).exists():
            default_storage.delete(name)
            removed += 1
    return removed
