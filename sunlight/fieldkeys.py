"""The field-encryption keys in operation: the key file, the start-up check, rotation and unreadable values.

Personal data (sunlight.fields.EncryptedTextField) is encrypted with keys of its own, not with SECRET_KEY:
rotating SECRET_KEY (the usual response to a leak) must leave it readable. Where the keys come from is
decided in settings (sunlight.crypto.field_key_settings): the environment, else the key file in the data
folder, else — only until the first start writes that file — the key derived from SECRET_KEY as before.

- ``ensure_key_file`` (run by ``sunlight start|web|worker`` before serving): writes the key file once. An
  install whose rows decrypt with the key derived from SECRET_KEY keeps *that* key (the migration path);
  an install without encrypted rows gets a new random key.
- ``check_field_keys``: a Django system check (tag ``database``; run by ``sunlight check --database default``,
  which start/web/worker do) that refuses to serve when a sampled row of an encrypted column cannot be
  decrypted with the configured keys.
- ``rotate``: re-encrypts every encrypted value under the current key, in batches, one transaction per
  batch, resumable (values already under the current key are skipped).
- ``unreadable``: what a field shows for a value no configured key opens (crypto.Unreadable, reading
  "（无法解密：密钥不符）") instead of a crash; the first such value of a field and key id per process is
  logged and recorded as an event.

The blind-index key (FIELD_INDEX_KEY) is kept across rotations: query codes are stored only as their
keyed hash, so a new index key would make every query code unusable.
"""

from __future__ import annotations

import logging
import os
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core import checks
from django.db import connection, models, transaction
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from sunlight import crypto
from sunlight.fields import UNREADABLE_TEXT, EncryptedTextField, unreadable  # noqa: F401  (re-exported for ops)

log = logging.getLogger(__name__)

# --- the encrypted columns -------------------------------------------------------------------------


def encrypted_models() -> list[tuple[type[models.Model], list[models.Field]]]:
    """Every installed model with EncryptedTextField columns (history models included), with those fields."""
    from django.apps import apps

    found = []
    for model in apps.get_models():
        fields = [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        if fields and not model._meta.proxy and model._meta.managed:
            found.append((model, fields))
    return found


def _existing_tables() -> set[str]:
    return set(connection.introspection.table_names())


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


@dataclass
class Sample:
    label: str  # "requests_inforequest.id_number"
    purpose: str
    token: str


def samples() -> Iterator[Sample]:
    """The first and the last non-empty value of every encrypted column (oldest and newest key)."""
    tables = _existing_tables()
    for model, fields in encrypted_models():
        table, pk = model._meta.db_table, model._meta.pk.column
        if table not in tables:
            continue
        # A column a pending migration adds is not there yet: skip it (SQLite would read an unknown "name" as a
        # string literal and report it as undecryptable, stopping the very `migrate` that adds the column).
        with connection.cursor() as cursor:
            columns = {c.name for c in connection.introspection.get_table_description(cursor, table)}
        for f in fields:
            if f.column not in columns:
                continue
            seen = set()
            for order in ("ASC", "DESC"):
                with connection.cursor() as cursor:
                    cursor.execute(
                        f"SELECT {_q(f.column)} FROM {_q(table)} WHERE {_q(f.column)} IS NOT NULL "
                        f"AND {_q(f.column)} <> '' ORDER BY {_q(pk)} {order} LIMIT 1"
                    )
                    row = cursor.fetchone()
                if row and row[0] not in seen:
                    seen.add(row[0])
                    yield Sample(f"{table}.{f.column}", f.purpose, row[0])


def failing_samples(
    keys: list[tuple[str, bytes]] | None = None, found: list[Sample] | None = None
) -> list[tuple[Sample, str]]:
    """The sampled values that KEYS (default: the configured keys) cannot decrypt, each with the reason."""
    failing = []
    for sample in samples() if found is None else found:
        try:
            crypto.decrypt_text(sample.token, purpose=sample.purpose, keys=keys)
        except crypto.DecryptionError as exc:
            failing.append((sample, str(exc)))
    return failing


# --- the start-up check ------------------------------------------------------------------------------


@checks.register(checks.Tags.database)
def check_field_keys(app_configs=None, databases=None, **kwargs) -> list[checks.CheckMessage]:
    """sunlight.E010: existing personal data cannot be decrypted with the configured keys. W010: key tied to SECRET_KEY."""
    if not databases or "default" not in databases:
        return []
    messages: list[checks.CheckMessage] = []
    try:
        found = list(samples())
        failing = failing_samples(found=found)
    except Exception as exc:  # no tables yet (before migrate) or no database: nothing to read
        log.debug("field key check skipped: %s", exc)
        return []
    for sample, reason in failing:
        try:
            key_id = crypto.token_key_id(sample.token)
        except crypto.DecryptionError:
            key_id = "?"
        messages.append(
            checks.Error(
                f"已有的个人信息无法用配置的密钥解密：{sample.label}（密钥编号 {key_id}：{reason}）。",
                hint=gettext(
                    "请配置写入这些数据时所用的密钥（数据目录中的 field_key 文件，或 FIELD_ENCRYPTION_KEY、"
                    "FIELD_ENCRYPTION_OLD_KEYS），见 docs/configuration.md“Personal data encryption (SM4)”。"
                ),
                id="sunlight.E010",
            )
        )
    if found and not failing and getattr(settings, "FIELD_KEY_SOURCE", "") == "derived":
        messages.append(
            checks.Warning(
                "个人信息加密密钥仍由 SECRET_KEY 推导，更换 SECRET_KEY 将使已加密的个人信息无法读取。",
                hint="运行 sunlight start（或 sunlight ensure_field_key）写入独立的密钥文件，或设置 FIELD_ENCRYPTION_KEY。",
                id="sunlight.W010",
            )
        )
    return messages


# --- the key file ------------------------------------------------------------------------------------


def _reload_settings() -> None:
    """Read the keys again in this process after the key file changed."""
    keys, index, source = crypto.field_key_settings(
        settings_env("FIELD_ENCRYPTION_KEY"),
        settings_env("FIELD_ENCRYPTION_OLD_KEYS"),
        settings_env("FIELD_INDEX_KEY"),
        settings.FIELD_KEY_FILE,
        settings.SECRET_KEY,
    )
    settings.FIELD_ENCRYPTION_KEYS, settings.FIELD_INDEX_KEY, settings.FIELD_KEY_SOURCE = keys, index, source


def settings_env(name: str) -> str | None:
    from sunlight.settings import env

    return env(name)


def _write_new_file(path: Path, text: str) -> bool:
    """Create PATH (mode 600) with TEXT unless it exists (two processes starting at once): True if written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return False
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    return True


def _replace_file(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def ensure_key_file() -> str:
    """Write the key file if the keys come from nowhere yet; say what was done.

    "env" / "exists": nothing to do. "migrated": rows decrypt with the key derived from SECRET_KEY, and that
    key is now in the file (so a later SECRET_KEY rotation leaves them readable). "generated": a new random
    key (no encrypted rows, or none the derived key opens — then the start-up check names them).
    The blind-index key in use is written too, so stored look-up hashes and query codes keep working.
    """
    if settings.FIELD_KEY_SOURCE == "env":
        return "env"
    path = Path(settings.FIELD_KEY_FILE)
    if path.exists():
        return "exists"
    derived = crypto.key_from_secret_key(settings.SECRET_KEY)
    derived_keys = [(crypto.key_id_for(derived), derived)]
    found = list(samples())
    readable = [s for s in found if not _fails(s, derived_keys)]
    if readable:
        current, outcome = derived_keys[0], "migrated"
    else:
        key = secrets.token_bytes(crypto.KEY_BYTES)
        current, outcome = (crypto.key_id_for(key), key), "generated"
        if found:
            log.error(
                "encrypted rows exist but the key derived from SECRET_KEY opens none of them; "
                "configure the key they were written with (FIELD_ENCRYPTION_OLD_KEYS)"
            )
    old = [k for k in settings.FIELD_ENCRYPTION_KEYS[1:] if k[0] != current[0]]
    if not _write_new_file(path, crypto.format_key_file(current, old, bytes(settings.FIELD_INDEX_KEY))):
        _reload_settings()
        return "exists"
    _reload_settings()
    from sunlight.events.log import record

    record("security.field_key_file", data={"outcome": outcome, "key_id": current[0]})
    return outcome


def _fails(sample: Sample, keys) -> bool:
    try:
        crypto.decrypt_text(sample.token, purpose=sample.purpose, keys=keys)
    except crypto.DecryptionError:
        return True
    return False


def new_current_key() -> str:
    """Put a new random key first in the key file, the previous ones after it (decrypt only); its key id."""
    if settings.FIELD_KEY_SOURCE != "file":
        from sunlight.errors import SunlightError

        raise SunlightError(
            _(
                "密钥来自环境变量：请把新密钥设为 FIELD_ENCRYPTION_KEY，原值移入 FIELD_ENCRYPTION_OLD_KEYS，"
                "重启后再运行本命令（不带 --new-key）。"
            ),
            code="field_key_from_env",
        )
    key = secrets.token_bytes(crypto.KEY_BYTES)
    current = (crypto.key_id_for(key), key)
    _replace_file(
        Path(settings.FIELD_KEY_FILE),
        crypto.format_key_file(current, list(settings.FIELD_ENCRYPTION_KEYS), bytes(settings.FIELD_INDEX_KEY)),
    )
    _reload_settings()
    return current[0]


def drop_old_keys() -> None:
    """Keep only the current key in the key file (after a complete rotation)."""
    if settings.FIELD_KEY_SOURCE == "file":
        _replace_file(
            Path(settings.FIELD_KEY_FILE),
            crypto.format_key_file(settings.FIELD_ENCRYPTION_KEYS[0], [], bytes(settings.FIELD_INDEX_KEY)),
        )
        _reload_settings()


# --- rotation ----------------------------------------------------------------------------------------


@dataclass
class Rotation:
    key_id: str
    re_encrypted: int = 0
    unreadable: list[str] = field(default_factory=list)  # "table.column#pk"


def rotate(*, batch_size: int = 500, progress: Callable[[str], None] = print) -> Rotation:
    """Re-encrypt every value not under the current key with the current key.

    One transaction per batch of rows, so an interruption loses at most one batch and a rerun goes on
    where it stopped (values already under the current key are left alone). Rows are read and written
    with plain SQL: the change is not a change of the record (no history row, no signal).
    """
    current_id = settings.FIELD_ENCRYPTION_KEYS[0][0]
    prefix = f"{crypto.TOKEN_VERSION}.{current_id}."
    result = Rotation(current_id)
    tables = _existing_tables()
    for model, fields in encrypted_models():
        table, pk = model._meta.db_table, model._meta.pk.column
        if table not in tables:
            continue
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {_q(table)}")
            total = cursor.fetchone()[0]
        columns = ", ".join(_q(f.column) for f in fields)
        last, done = None, 0
        while True:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    where = f"WHERE {_q(pk)} > %s " if last is not None else ""
                    cursor.execute(
                        f"SELECT {_q(pk)}, {columns} FROM {_q(table)} {where}ORDER BY {_q(pk)} LIMIT %s",
                        ([last] if last is not None else []) + [batch_size],
                    )
                    rows = cursor.fetchall()
                    for row in rows:
                        changes = {}
                        for f, token in zip(fields, row[1:], strict=True):
                            if not token or token.startswith(prefix):
                                continue
                            try:
                                plain = crypto.decrypt_text(token, purpose=f.purpose)
                            except crypto.DecryptionError:
                                result.unreadable.append(f"{table}.{f.column}#{row[0]}")
                                continue
                            changes[f.column] = crypto.encrypt_text(plain, purpose=f.purpose)
                        if changes:
                            sets = ", ".join(f"{_q(column)} = %s" for column in changes)
                            cursor.execute(
                                f"UPDATE {_q(table)} SET {sets} WHERE {_q(pk)} = %s", [*changes.values(), row[0]]
                            )
                            result.re_encrypted += len(changes)
            if not rows:
                break
            last, done = rows[-1][0], done + len(rows)
            progress(gettext("%(table)s: %(done)s/%(total)s 行") % {"table": table, "done": done, "total": total})
    return result
