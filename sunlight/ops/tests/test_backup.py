"""`sunlight backup` and `sunlight restore` round-trip a (reduced) demo city: same counts, same files, intact audit chain."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import tarfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from sunlight.accounts.models import User
from sunlight.events.log import verify_chain
from sunlight.events.models import Event
from sunlight.ops import backup as ops
from sunlight.requests.models import InfoRequest

pytestmark = pytest.mark.django_db(transaction=True)
# The database's member of the archive and the manifest's engine, on the database the suite runs on.
DATABASE_MEMBER, ENGINE = (
    ("database.pgdump", "postgresql") if connection.vendor == "postgresql" else ("database.sqlite3", "sqlite")
)


@pytest.fixture
def install(settings, tmp_path, seeded_tables):
    """A data folder of its own: media, the secret key file and the field key file."""
    settings.DATA_DIR = tmp_path / "data"
    settings.MEDIA_ROOT = tmp_path / "data" / "media"
    settings.LOCAL_SECRET_KEY_FILE = tmp_path / "data" / "secret_key"
    settings.FIELD_KEY_FILE = tmp_path / "data" / "field_key"
    settings.DATA_DIR.mkdir()
    settings.LOCAL_SECRET_KEY_FILE.write_text(settings.SECRET_KEY, encoding="utf-8")
    from sunlight import fieldkeys

    assert fieldkeys.ensure_key_file() in ("migrated", "generated")
    return settings


def media_files(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file()
    }


def test_a_backup_of_the_demo_city_restores_with_the_same_counts_files_keys_and_an_intact_audit_chain(
    install, tmp_path
):
    # A reduced demo city (the full one takes minutes): every org, user and role, documents and requests
    # through every act, with their notices' PDFs in the media folder.
    call_command("demo", "--quiet", "--documents", "40", "--requests", "30", stdout=io.StringIO())
    files_before = media_files(install.MEDIA_ROOT)
    assert any(name.endswith(".pdf") for name in files_before)
    id_numbers = {r.number: r.id_number for r in InfoRequest.objects.all() if r.id_number}
    assert id_numbers
    keys_before = {p.name: p.read_bytes() for p in (install.LOCAL_SECRET_KEY_FILE, install.FIELD_KEY_FILE)}

    out = io.StringIO()
    call_command("backup", str(tmp_path / "backups"), stdout=out)
    archive = next((tmp_path / "backups").glob("sunlight-*.tar.gz"))
    assert (archive.stat().st_mode & 0o777) == 0o600 and "备份完成" in out.getvalue()
    with tarfile.open(archive) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())
        assert {DATABASE_MEMBER, "keys/secret_key", "keys/field_key"} <= set(tar.getnames())
    assert manifest["engine"] == ENGINE and manifest["counts"]["requests_inforequest"] == InfoRequest.objects.count()
    assert manifest["counts"]["events_event"] == Event.objects.count()  # including the backup's own record
    assert Event.objects.filter(verb="ops.backup").count() == 1

    # A restore over a database with records is refused without --force, and changes nothing.
    with pytest.raises(CommandError, match="--force"):
        call_command("restore", str(archive), stdout=io.StringIO())

    # Disaster: the database emptied, the media and the keys gone.
    call_command("flush", "--noinput")
    assert not User.objects.exists()
    shutil.rmtree(install.MEDIA_ROOT)
    install.LOCAL_SECRET_KEY_FILE.unlink()
    install.FIELD_KEY_FILE.unlink()

    out = io.StringIO()
    call_command("restore", str(archive), stdout=out)
    said = out.getvalue()
    assert "行数与备份清单一致" in said and "audit verify: OK" in said
    counts = ops.live_counts()
    assert counts["events_event"] == manifest["counts"]["events_event"] + 1  # the restore is recorded on the chain
    assert {t: n for t, n in counts.items() if t != "events_event"} == {
        t: n for t, n in manifest["counts"].items() if t != "events_event"
    }
    assert media_files(install.MEDIA_ROOT) == files_before
    assert {p.name: p.read_bytes() for p in (install.LOCAL_SECRET_KEY_FILE, install.FIELD_KEY_FILE)} == keys_before
    assert verify_chain().ok and Event.objects.filter(verb="ops.restore").count() == 1
    assert {
        r.number: r.id_number for r in InfoRequest.objects.all() if r.id_number
    } == id_numbers  # the personal data opens


def test_a_damaged_archive_is_refused_before_anything_is_restored(install, tmp_path, cast):
    path, manifest = ops.backup(tmp_path / "a.tar.gz")
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(path) as src, tarfile.open(damaged, "w:gz") as dst:
        for member in src.getmembers():
            data = src.extractfile(member).read()
            if member.name == DATABASE_MEMBER:
                data = data[:-10] + b"0123456789"
            member.size = len(data)
            dst.addfile(member, io.BytesIO(data))
    users = User.objects.count()
    with pytest.raises(CommandError, match="校验和不符"):
        call_command("restore", str(damaged), "--force", stdout=io.StringIO())
    assert User.objects.count() == users


def test_backup_on_postgresql_needs_pg_dump_and_says_so(install, monkeypatch, tmp_path):
    monkeypatch.setattr(ops.shutil, "which", lambda name: None)
    with pytest.raises(ops.BackupError, match="pg_dump"):
        ops._pg_snapshot(tmp_path / "x.pgdump")


@pytest.mark.skipif(
    connection.vendor != "postgresql" or not shutil.which("pg_dump") or not shutil.which("pg_restore"),
    reason="PostgreSQL round trip: runs only on PostgreSQL with pg_dump and pg_restore installed (the lead's run)",
)
def test_a_postgresql_backup_restores_with_the_same_counts(install, tmp_path, cast):
    path, manifest = ops.backup(tmp_path / "pg.tar.gz")
    with tarfile.open(path) as tar:
        assert "database.pgdump" in tar.getnames()
    report = ops.restore(path, force=True)
    assert report.ok, (report.count_mismatches, report.audit_message, report.unreadable)


def test_a_fresh_install_whose_first_start_only_wrote_its_key_file_is_restored_without_force(install, tmp_path, cast):
    path, _manifest = ops.backup(tmp_path / "a.tar.gz")
    call_command("flush", "--noinput")
    from sunlight.events.log import record

    record("security.field_key_file", data={"outcome": "generated"})  # what `sunlight start` does on a new machine
    assert not ops.database_has_records()
    report = ops.restore(path)
    assert report.ok and User.objects.filter(username="cityadmin").exists()
