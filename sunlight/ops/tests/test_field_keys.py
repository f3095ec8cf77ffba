"""Personal data survives a SECRET_KEY rotation: the field key has its own file, a rotation command, a start-up check,
and a value no key opens reads as a marker instead of a crash."""

from __future__ import annotations

import io
import secrets
from datetime import date

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db import connection

from sunlight import crypto, fieldkeys, fields
from sunlight.events.models import Event
from sunlight.orgs.models import Role
from sunlight.requests import actions
from sunlight.requests.models import ApplicantType, InfoRequest

pytestmark = pytest.mark.usefixtures("spring_2026")
ID = "110105199001010020"


@pytest.fixture(autouse=True)
def legacy_install(settings, tmp_path):
    """An install as before this change: no key file, the field key derived from SECRET_KEY."""
    fields.forget_reported()
    settings.SECRET_KEY = "the-old-secret-key-" + "x" * 40
    settings.FIELD_KEY_FILE = tmp_path / "data" / "field_key"
    derived = crypto.key_from_secret_key(settings.SECRET_KEY)
    settings.FIELD_ENCRYPTION_KEYS = [(crypto.key_id_for(derived), derived)]
    settings.FIELD_INDEX_KEY = derived
    settings.FIELD_KEY_SOURCE = "derived"
    for name in ("FIELD_ENCRYPTION_KEY", "FIELD_ENCRYPTION_OLD_KEYS", "FIELD_INDEX_KEY"):
        assert fieldkeys.settings_env(name) is None  # the test environment sets none of them
    return settings


@pytest.fixture
def officer(cast):
    return cast.add_staff("officer", cast.east, Role.DISCLOSURE_OFFICER)


def register(cast, officer, id_number=ID, phone="13812345678") -> InfoRequest:
    applicant = actions.Applicant(
        type=ApplicantType.objects.get(code="natural_person"),
        name="张三",
        id_number=id_number,
        phone=phone,
        email="zhang@example.cn",
        address="云川市青溪区民主路1号",
    )
    return actions.register(
        by=officer,
        org=cast.east,
        applicant=applicant,
        channel=InfoRequest.Channel.IN_PERSON,
        received_on=date(2026, 3, 2),
        description="2025年城乡低保资金发放明细",
        format="electronic",
        delivery="email",
    )


def rotate_secret_key(settings, new: str = "a-brand-new-secret-key-" + "y" * 40) -> None:
    """What an operator does after a leak: a new SECRET_KEY, then a restart (settings read again)."""
    settings.SECRET_KEY = new
    fieldkeys._reload_settings()


def raw_tokens(column: str = "id_number") -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM requests_inforequest ORDER BY id")
        return [row[0] for row in cursor.fetchall()]


def test_an_existing_install_keeps_its_derived_key_in_the_key_file_so_a_new_secret_key_leaves_personal_data_readable(
    cast, officer, legacy_install
):
    r = register(cast, officer)
    derived_id = legacy_install.FIELD_ENCRYPTION_KEYS[0][0]
    assert fieldkeys.ensure_key_file() == "migrated"
    stored = crypto.read_key_file(legacy_install.FIELD_KEY_FILE)
    assert (
        stored["current"].startswith(f"{derived_id}:")
        and (legacy_install.FIELD_KEY_FILE.stat().st_mode & 0o777) == 0o600
    )
    assert Event.objects.filter(verb="security.field_key_file", data__outcome="migrated").exists()
    rotate_secret_key(legacy_install)
    assert django_settings.FIELD_KEY_SOURCE == "file"
    fresh = InfoRequest.objects.get(pk=r.pk)
    assert fresh.id_number == ID and fresh.phone == "13812345678"
    # The look-up hash of the number still matches (the index key was kept).
    assert fresh.id_number_index == crypto.blind_index(ID, purpose="requests.id_number")
    assert fieldkeys.ensure_key_file() == "exists"


def test_without_the_key_file_a_secret_key_rotation_makes_the_data_unreadable_but_shows_a_marker_not_a_crash(
    cast, officer, legacy_install, client
):
    r = register(cast, officer)
    rotate_secret_key(legacy_install)  # no key file: still derived, now from the new SECRET_KEY
    fresh = InfoRequest.objects.get(pk=r.pk)
    assert fresh.id_number == fieldkeys.UNREADABLE_TEXT and fresh.phone == fieldkeys.UNREADABLE_TEXT
    events = Event.objects.filter(verb="security.undecryptable")
    assert {e.data["field"] for e in events} == {
        "requests.id_number",
        "requests.phone",
        "requests.email",
        "requests.address",
    }
    # The staff page shows the marker (not stars of it, not a 500); reading again records nothing more.
    client.force_login(officer)
    page = client.get(f"/workbench/requests/{r.pk}/")
    assert page.status_code == 200 and fieldkeys.UNREADABLE_TEXT in page.content.decode()
    assert Event.objects.filter(verb="security.undecryptable").count() == events.count()
    # Saving the row keeps the stored ciphertext: with the right key back, the number reads again.
    before = raw_tokens()
    fresh.description = "改过的描述"
    fresh.save()
    assert raw_tokens() == before
    rotate_secret_key(legacy_install, new="the-old-secret-key-" + "x" * 40)
    assert InfoRequest.objects.get(pk=r.pk).id_number == ID


def test_a_fresh_install_gets_a_random_key_of_its_own(db, legacy_install):
    assert fieldkeys.ensure_key_file() == "generated"
    current = crypto.parse_key(crypto.read_key_file(legacy_install.FIELD_KEY_FILE)["current"], variable="test")[1]
    assert current != crypto.key_from_secret_key(legacy_install.SECRET_KEY)
    assert django_settings.FIELD_ENCRYPTION_KEYS[0][1] == current


def test_the_start_up_check_refuses_to_run_when_existing_rows_cannot_be_decrypted(cast, officer, legacy_install):
    register(cast, officer)
    assert not [m for m in fieldkeys.check_field_keys(databases=["default"]) if m.level >= 40]
    assert [m.id for m in fieldkeys.check_field_keys(databases=["default"])] == [
        "sunlight.W010"
    ]  # still tied to SECRET_KEY
    other = secrets.token_bytes(16)
    legacy_install.FIELD_ENCRYPTION_KEYS = [(crypto.key_id_for(other), other)]
    errors = fieldkeys.check_field_keys(databases=["default"])
    assert errors and {e.id for e in errors} == {"sunlight.E010"}
    assert any("requests_inforequest.id_number" in e.msg for e in errors)
    assert fieldkeys.check_field_keys(databases=None) == []  # only with --database, as start/web/worker run it
    with pytest.raises(SystemCheckError):
        call_command("check", "--database", "default", stdout=io.StringIO(), stderr=io.StringIO())


def test_rotation_re_encrypts_every_value_under_a_new_key_in_batches_resumably_and_then_drops_the_old_key(
    cast, officer, legacy_install, monkeypatch
):
    requests = [register(cast, officer, id_number=f"11010519900101{n:03d}X", phone=f"1381234{n:04d}") for n in range(5)]
    assert fieldkeys.ensure_key_file() == "migrated"
    old_id = django_settings.FIELD_ENCRYPTION_KEYS[0][0]

    # Interrupted after the first batch of two rows (the 9th value: 4 columns a row): what was done stays done.
    real, calls = crypto.encrypt_text, {"n": 0}

    def flaky(plain, *, purpose):
        calls["n"] += 1
        if calls["n"] == 9:
            raise KeyboardInterrupt
        return real(plain, purpose=purpose)

    monkeypatch.setattr(crypto, "encrypt_text", flaky)
    with pytest.raises(KeyboardInterrupt):
        call_command("rotate_field_key", "--new-key", "--batch-size", "2", stdout=io.StringIO())
    new_id = django_settings.FIELD_ENCRYPTION_KEYS[0][0]
    assert new_id != old_id
    assert [t.split(".")[1] for t in raw_tokens()] == [new_id, new_id, old_id, old_id, old_id]
    monkeypatch.setattr(crypto, "encrypt_text", real)

    out = io.StringIO()
    call_command("rotate_field_key", "--batch-size", "2", "--drop-old", stdout=out)
    assert "requests_inforequest: 5/5" in out.getvalue()
    for column in ("id_number", "phone", "email", "address"):
        assert {t.split(".")[1] for t in raw_tokens(column)} == {new_id}
    stored = crypto.read_key_file(legacy_install.FIELD_KEY_FILE)
    assert stored["current"].startswith(new_id) and stored["old"] == []
    rotate_secret_key(legacy_install)
    assert [InfoRequest.objects.get(pk=r.pk).id_number for r in requests] == [
        f"11010519900101{n:03d}X" for n in range(5)
    ]
    event = Event.objects.filter(verb="security.field_key_rotated").last()
    assert event.data["key_id"] == new_id and event.data["re_encrypted"] == 5 * 4 - 8 and event.data["old_keys_dropped"]


def test_an_encrypted_column_a_pending_migration_adds_is_not_read_before_migrate(
    cast, officer, legacy_install, monkeypatch
):
    """Upgrading an install whose table lacks a new encrypted column: the check must not stop the migrate that adds
    it (SQLite reads an unknown double-quoted name as a string literal, which then "cannot be decrypted")."""
    from types import SimpleNamespace

    from sunlight.requests.models import InfoRequest

    register(cast, officer)
    pending = SimpleNamespace(column="added_by_a_pending_migration", purpose="requests.id_number")
    present = InfoRequest._meta.get_field("id_number")
    monkeypatch.setattr(fieldkeys, "encrypted_models", lambda: [(InfoRequest, [pending, present])])
    labels = {sample.label for sample in fieldkeys.samples()}
    assert labels == {"requests_inforequest.id_number"}
    assert not [m for m in fieldkeys.check_field_keys(databases=["default"]) if m.level >= 40]
