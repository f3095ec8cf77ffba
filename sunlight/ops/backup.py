"""`sunlight backup` / `sunlight restore`: one archive holding the database, the media folder and the keys.

Copying the data folder while SQLite is being written is not a backup (a half-written page, a WAL not yet
checkpointed). Here the database is copied with SQLite's online backup API (a consistent snapshot while
the site runs) or, on PostgreSQL, with pg_dump (custom format) on an exported snapshot the table counts are
taken from too. The archive (tar.gz, mode 600: it holds the keys) contains:

    manifest.json            format, time, engine, row count per table, SHA-256 of every other member
    database.sqlite3 | database.pgdump
    media/...                uploaded files and issued notices
    keys/secret_key, keys/field_key   when they are files (keys from the environment are not in it)

`restore` checks every checksum first, refuses to overwrite a database that holds records (users or events)
unless --force, restores the database (SQLite's backup API again, or pg_restore), replaces the media folder,
writes the key files, then compares the row counts with the manifest, verifies the event log's hash chain
(`audit verify`) and decrypts a sample of the personal data. Facts: docs/deployment.md, "Backups".
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from sunlight.errors import SunlightError

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database.sqlite3"
PG_MEMBER = "database.pgdump"


class BackupError(SunlightError):
    code = "backup_failed"


def _engine() -> str:
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"不支持备份 {vendor} 数据库：只支持 SQLite 和 PostgreSQL。")
    return vendor


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _key_files() -> dict[str, Path]:
    """The key files of this install that exist (a key from the environment has no file to back up)."""
    files = {"keys/secret_key": Path(settings.LOCAL_SECRET_KEY_FILE), "keys/field_key": Path(settings.FIELD_KEY_FILE)}
    return {name: path for name, path in files.items() if path.is_file()}


def _pg_env() -> dict[str, str]:
    """libpq's environment for pg_dump / pg_restore, from the Django database settings (no password on a command line)."""
    db = connection.settings_dict
    env = dict(os.environ)
    for var, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ):
        if db.get(key):
            env[var] = str(db[key])
    return env


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(
            f"找不到 {name}：PostgreSQL 数据库的备份和恢复需要 PostgreSQL 客户端工具"
            f"（Debian：apt-get install postgresql-client，版本不低于服务器）。"
        )
    return found


def _count_sqlite(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as db:
        tables = db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
        names = [row[0] for row in tables]
        return {name: db.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0] for name in names}


def live_counts() -> dict[str, int]:
    """Rows per table of the live database (tables only, as in the manifest)."""
    counts = {}
    with connection.cursor() as cursor:
        for name in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(name)}")
            counts[name] = cursor.fetchone()[0]
    return counts


def _sqlite_snapshot(target: Path) -> dict[str, int]:
    connection.ensure_connection()
    with sqlite3.connect(target) as copy:
        connection.connection.backup(copy)  # online backup: a consistent copy while others write
    return _count_sqlite(target)


def _pg_snapshot(target: Path) -> dict[str, int]:
    """pg_dump and the counts from one exported snapshot, so both see the same rows."""
    pg_dump = _pg_tool("pg_dump")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        done = subprocess.run(
            [pg_dump, "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}", f"--file={target}"],
            env=_pg_env(),
            capture_output=True,
            text=True,
        )
        if done.returncode:
            raise BackupError(f"pg_dump 失败：{done.stderr.strip()[:500]}")
        return live_counts()


@dataclass
class Manifest:
    engine: str
    created_at: str
    counts: dict[str, int]
    files: dict[str, str] = field(default_factory=dict)  # member → SHA-256
    format: int = FORMAT

    def as_json(self) -> str:
        return json.dumps(self.__dict__, ensure_ascii=False, indent=1, sort_keys=True)


def default_path() -> Path:
    return Path(settings.DATA_DIR) / "backups" / f"sunlight-{timezone.localtime():%Y%m%d-%H%M%S}.tar.gz"


def backup(path: Path | None = None, *, by: str = "") -> tuple[Path, Manifest]:
    """Write the archive to PATH (default: data folder/backups/sunlight-<time>.tar.gz); its path and manifest."""
    from sunlight.events.log import record

    engine = _engine()
    path = Path(path) if path else default_path()
    if path.is_dir() or not path.name.endswith((".tar.gz", ".tgz")):  # a folder: the archive gets its dated name in it
        path = path / default_path().name
    path.parent.mkdir(parents=True, exist_ok=True)
    # Recorded first, so the archive holds the record of its own making.
    record("ops.backup", actor=by or None, data={"file": path.name, "engine": engine})
    with tempfile.TemporaryDirectory(prefix="sunlight-backup-") as tmp:
        member = SQLITE_MEMBER if engine == "sqlite" else PG_MEMBER
        database = Path(tmp) / member
        counts = _sqlite_snapshot(database) if engine == "sqlite" else _pg_snapshot(database)
        manifest = Manifest(engine=engine, created_at=timezone.now().isoformat(), counts=counts)
        members: list[tuple[str, Path]] = [(member, database)]
        media = Path(settings.MEDIA_ROOT)
        if media.is_dir():
            members += [
                (f"media/{p.relative_to(media).as_posix()}", p) for p in sorted(media.rglob("*")) if p.is_file()
            ]
        members += list(_key_files().items())
        manifest.files = {name: _sha256(source) for name, source in members}
        partial = path.with_name(path.name + ".partial")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # it holds the keys
        with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
            data = manifest.as_json().encode("utf-8")
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime, info.mode = len(data), int(timezone.now().timestamp()), 0o600
            tar.addfile(info, io.BytesIO(data))
            for name, source in members:
                tar.add(source, arcname=name, recursive=False)
        os.replace(partial, path)
    return path, manifest


# --- restore -----------------------------------------------------------------------------------------


@dataclass
class RestoreReport:
    manifest: Manifest
    count_mismatches: dict[str, tuple[int, int]]  # table → (archive, restored)
    audit_ok: bool
    audit_message: str
    unreadable: list[str]
    media_files: int

    @property
    def ok(self) -> bool:
        return not self.count_mismatches and self.audit_ok and not self.unreadable


def _safe_member(name: str) -> bool:
    parts = Path(name).parts
    return bool(parts) and not Path(name).is_absolute() and ".." not in parts


def read_manifest(tar: tarfile.TarFile) -> Manifest:
    try:
        raw = json.loads(tar.extractfile(MANIFEST).read().decode("utf-8"))
    except (KeyError, AttributeError, ValueError) as exc:
        raise BackupError("这不是阳光政务平台的备份文件（缺少 manifest.json）。") from exc
    if raw.get("format") != FORMAT:
        raise BackupError(f"备份格式 {raw.get('format')!r} 不受支持。")
    return Manifest(**raw)


# What a fresh install records by itself before anything is entered (the first start writes the key file).
HOUSEKEEPING_VERBS = ("security.field_key_file", "ops.backup", "ops.restore")


def database_has_records() -> bool:
    """Whether the database holds anything a restore would destroy: accounts or recorded acts (the law tables
    and the calendar seeded by migrations, and the first start's own housekeeping events, do not count)."""
    from sunlight.accounts.models import User
    from sunlight.events.models import Event

    tables = set(connection.introspection.table_names())
    if User._meta.db_table in tables and User.objects.exists():
        return True
    return Event._meta.db_table in tables and Event.objects.exclude(verb__in=HOUSEKEEPING_VERBS).exists()


def _extract(tar: tarfile.TarFile, manifest: Manifest, into: Path) -> None:
    """Every member into INTO, each checked against the manifest's checksum before anything is restored."""
    names = {m.name for m in tar.getmembers() if m.isfile()} - {MANIFEST}
    if names != set(manifest.files):
        raise BackupError("备份文件与其清单不符（缺少或多出文件），未恢复任何内容。")
    for member in tar.getmembers():
        if member.name == MANIFEST or not member.isfile():
            continue
        if not _safe_member(member.name):
            raise BackupError(f"备份文件含有不安全的路径 {member.name!r}，未恢复任何内容。")
        target = into / member.name
        target.parent.mkdir(parents=True, exist_ok=True)
        with tar.extractfile(member) as src, open(target, "wb") as dst:
            shutil.copyfileobj(src, dst)
        if _sha256(target) != manifest.files[member.name]:
            raise BackupError(f"{member.name} 的校验和不符（文件损坏或被改动），未恢复任何内容。")


def _restore_sqlite(source: Path) -> None:
    connection.ensure_connection()
    if connection.in_atomic_block:
        raise BackupError("恢复不能在事务中进行。")
    with sqlite3.connect(source) as archived:
        archived.backup(connection.connection)  # replaces every page of the live database


def _restore_pg(source: Path) -> None:
    pg_restore = _pg_tool("pg_restore")
    connection.close()
    done = subprocess.run(
        [
            pg_restore,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            f"--dbname={connection.settings_dict['NAME']}",
            str(source),
        ],
        env=_pg_env(),
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise BackupError(f"pg_restore 失败：{done.stderr.strip()[:500]}")


def _write_key(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() and path.read_bytes() != data:
        shutil.copy2(path, path.with_name(f"{path.name}.before-restore-{timezone.localtime():%Y%m%d-%H%M%S}"))
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(data)


def restore(archive: Path, *, force: bool = False) -> RestoreReport:
    from sunlight import fieldkeys
    from sunlight.events.log import verify_chain

    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"找不到备份文件 {archive}。")
    engine = _engine()
    with tarfile.open(archive, "r:gz") as tar, tempfile.TemporaryDirectory(prefix="sunlight-restore-") as tmp:
        manifest = read_manifest(tar)
        if manifest.engine != engine:
            raise BackupError(f"这是 {manifest.engine} 数据库的备份，当前数据库是 {engine}，不能直接恢复。")
        if database_has_records() and not force:
            raise BackupError(
                "当前数据库中已有数据（账号或事件记录）。恢复将覆盖全部数据；确认无误请加 --force。",
                code="database_not_empty",
            )
        staging = Path(tmp)
        _extract(tar, manifest, staging)
        # The database.
        if engine == "sqlite":
            _restore_sqlite(staging / SQLITE_MEMBER)
        else:
            _restore_pg(staging / PG_MEMBER)
        # The media folder, replaced as a whole: the same files as in the archive, no others.
        media = Path(settings.MEDIA_ROOT)
        if media.exists():
            shutil.rmtree(media)
        media.mkdir(parents=True, exist_ok=True)
        media_files = 0
        if (staging / "media").is_dir():
            shutil.copytree(staging / "media", media, dirs_exist_ok=True)
            media_files = sum(1 for p in media.rglob("*") if p.is_file())
        # The keys, so the restored personal data opens; a replaced key file is kept beside it.
        for name, path in (
            ("keys/secret_key", settings.LOCAL_SECRET_KEY_FILE),
            ("keys/field_key", settings.FIELD_KEY_FILE),
        ):
            if name in manifest.files:
                _write_key(Path(path), (staging / name).read_bytes())
        if "keys/field_key" in manifest.files and settings.FIELD_KEY_SOURCE != "env":
            fieldkeys._reload_settings()
    restored = live_counts()
    mismatches = {
        table: (n, restored.get(table, -1)) for table, n in manifest.counts.items() if restored.get(table) != n
    }
    chain = verify_chain()
    unreadable = [f"{sample.label}（{reason}）" for sample, reason in fieldkeys.failing_samples()]
    message = (
        f"{chain.checked} 条事件记录完整，哈希链无断点。" if chain.ok else f"第 {chain.bad_seq} 条：{chain.reason}"
    )
    return RestoreReport(manifest, mismatches, chain.ok, message, unreadable, media_files)
