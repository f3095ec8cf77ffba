"""SM4-GCM encryption of personal data, key settings and rotation, blind index, EncryptedTextField."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.db import connection
from django.test import override_settings

from sunlight import crypto
from sunlight.crypto import (
    DecryptionError,
    blind_index,
    decrypt_text,
    encrypt_text,
    load_field_encryption_keys,
    load_field_index_key,
    parse_key,
)
from sunlight.fields import EncryptedTextField

OLD = ("old", bytes.fromhex("00112233445566778899aabbccddeeff"))
NEW = ("new", bytes.fromhex("ffeeddccbbaa99887766554433221100"))


def test_the_installed_sm4_gcm_matches_the_rfc_8998_vector():
    # RFC 8998 Appendix A.1: proves Cipher(SM4, GCM) really is SM4-GCM in this build of OpenSSL.
    key = bytes.fromhex("0123456789ABCDEFFEDCBA9876543210")
    encryptor = Cipher(algorithms.SM4(key), modes.GCM(bytes.fromhex("00001234567800000000ABCD"))).encryptor()
    encryptor.authenticate_additional_data(bytes.fromhex("FEEDFACEDEADBEEFFEEDFACEDEADBEEFABADDAD2"))
    plain = bytes.fromhex(
        "AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBBCCCCCCCCCCCCCCCCDDDDDDDDDDDDDDDD"
        "EEEEEEEEEEEEEEEEFFFFFFFFFFFFFFFFEEEEEEEEEEEEEEEEAAAAAAAAAAAAAAAA"
    )
    ciphertext = encryptor.update(plain) + encryptor.finalize()
    assert ciphertext.hex().upper() == (
        "17F399F08C67D5EE19D0DC9969C4BB7D5FD46FD3756489069157B282BB200735"
        "D82710CA5C22F0CCFA7CBF93D496AC15A56834CBCF98C397B4024A2691233B8D"
    )
    assert encryptor.tag.hex().upper() == "83DE3541E4C2B58177E065A9BF7B62EC"


@pytest.mark.parametrize(
    "plain", ["", "张三", "110105199001010020", "申请公开2025年度财政预算执行情况 😀\n第二行", "a" * 5000]
)
def test_round_trip(plain):
    token = encrypt_text(plain, purpose="test.applicant")
    assert token.isascii() and token.startswith(f"v1.{crypto.token_key_id(token)}.")
    assert decrypt_text(token, purpose="test.applicant") == plain


def test_the_token_hides_the_plaintext_and_uses_a_new_nonce_each_time():
    first = encrypt_text("110105199001010020", purpose="test.id")
    second = encrypt_text("110105199001010020", purpose="test.id")
    assert first != second
    assert crypto._b64decode(first.split(".")[2])[:12] != crypto._b64decode(second.split(".")[2])[:12]
    assert "110105" not in first


def test_any_changed_character_is_a_decryption_error():
    token = encrypt_text("张三 13812345678", purpose="test.applicant")
    body_start = token.rindex(".") + 1
    for i in range(body_start, len(token)):
        swapped = "A" if token[i] != "A" else "B"
        with pytest.raises(DecryptionError):
            decrypt_text(token[:i] + swapped + token[i + 1 :], purpose="test.applicant")


def test_one_flipped_byte_in_nonce_ciphertext_or_tag_is_a_decryption_error():
    token = encrypt_text("机密不得外泄", purpose="test.applicant")
    header, body = token.rsplit(".", 1)
    blob = crypto._b64decode(body)
    for i in (0, 11, 12, len(blob) - 17, len(blob) - 1):
        tampered = bytearray(blob)
        tampered[i] ^= 0x01
        with pytest.raises(DecryptionError):
            decrypt_text(f"{header}.{crypto._b64encode(bytes(tampered))}", purpose="test.applicant")


@pytest.mark.parametrize("bad", ["", "plain text", "v2.x.AAAA", "v1..AAAA", "v1.k.", "v1.k.not base64!", "v1.a.b.c"])
def test_malformed_tokens_are_decryption_errors(bad):
    with pytest.raises(DecryptionError):
        decrypt_text(bad, purpose="test.applicant")


def test_a_truncated_token_is_a_decryption_error():
    token = encrypt_text("x", purpose="p")
    with pytest.raises(DecryptionError):
        decrypt_text(token[:-4], purpose="p")


def test_a_value_moved_to_another_field_does_not_decrypt():
    token = encrypt_text("110105199001010020", purpose="requests.applicant_id_number")
    with pytest.raises(DecryptionError):
        decrypt_text(token, purpose="requests.applicant_phone")


def test_an_empty_purpose_is_refused():
    with pytest.raises(ValueError):
        encrypt_text("x", purpose="")


def test_rotation_old_values_still_decrypt_and_new_values_use_the_current_key():
    with override_settings(FIELD_ENCRYPTION_KEYS=[OLD]):
        old_token = encrypt_text("欧阳娜娜", purpose="test.name")
    assert crypto.token_key_id(old_token) == "old"
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW, OLD]):
        assert decrypt_text(old_token, purpose="test.name") == "欧阳娜娜"
        new_token = encrypt_text("欧阳娜娜", purpose="test.name")
    assert crypto.token_key_id(new_token) == "new"
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW]), pytest.raises(DecryptionError, match="unknown key id"):
        decrypt_text(old_token, purpose="test.name")


def test_a_key_id_pointing_at_another_key_does_not_decrypt():
    with override_settings(FIELD_ENCRYPTION_KEYS=[OLD]):
        token = encrypt_text("x", purpose="p")
    with override_settings(FIELD_ENCRYPTION_KEYS=[("old", NEW[1])]), pytest.raises(DecryptionError):
        decrypt_text(token, purpose="p")


# --- settings parsing ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value", ["00112233", "00112233445566778899aabbccddeeff00", "zz112233445566778899aabbccddeeff", ""]
)
def test_a_key_of_the_wrong_length_or_not_hex_is_improperly_configured(value):
    with pytest.raises(ImproperlyConfigured, match="FIELD_ENCRYPTION_KEY must be 32 hex characters"):
        parse_key(value, variable="FIELD_ENCRYPTION_KEY")


def test_keys_from_the_environment_values():
    keys = load_field_encryption_keys(
        " 00112233445566778899AABBCCDDEEFF\n",
        "k2019:ffeeddccbbaa99887766554433221100, 0f0e0d0c0b0a09080706050403020100",
        "ignored",
    )
    assert keys[0] == (crypto.key_id_for(OLD[1]), OLD[1])
    assert keys[1] == ("k2019", NEW[1])
    assert keys[2][1] == bytes(range(15, -1, -1)) and len(keys[2][0]) == 8
    # The id of a key given without one is a function of the key: moving it to OLD_KEYS keeps old tokens readable.
    assert load_field_encryption_keys(None, "00112233445566778899aabbccddeeff", "s")[1][0] == keys[0][0]


def test_bad_old_keys_name_their_variable():
    with pytest.raises(ImproperlyConfigured, match="FIELD_ENCRYPTION_OLD_KEYS"):
        load_field_encryption_keys(None, "k1:0011", "s")
    with pytest.raises(ImproperlyConfigured, match="key id"):
        load_field_encryption_keys(None, "bad id!:00112233445566778899aabbccddeeff", "s")
    with pytest.raises(ImproperlyConfigured, match="two different keys"):
        load_field_encryption_keys("a:00112233445566778899aabbccddeeff", "a:ffeeddccbbaa99887766554433221100", "s")


def test_without_a_key_one_is_derived_from_the_secret_key():
    first = load_field_encryption_keys(None, None, "secret-one")
    assert first == load_field_encryption_keys("", "", "secret-one")
    assert len(first) == 1 and len(first[0][1]) == 16
    assert first[0][1] != load_field_encryption_keys(None, None, "secret-two")[0][1]


def test_the_index_key_is_its_own_setting_or_the_current_key():
    keys = [NEW, OLD]
    assert load_field_index_key(None, keys) == NEW[1]
    assert load_field_index_key("00112233445566778899aabbccddeeff", keys) == OLD[1]
    with pytest.raises(ImproperlyConfigured, match="FIELD_INDEX_KEY"):
        load_field_index_key("abc", keys)


def test_the_settings_module_provides_working_keys(settings):
    assert settings.FIELD_ENCRYPTION_KEYS and len(settings.FIELD_ENCRYPTION_KEYS[0][1]) == 16
    assert len(settings.FIELD_INDEX_KEY) == 16


# --- blind index --------------------------------------------------------------------------------


def test_blind_index_is_stable_normalised_and_separated_by_purpose():
    value = blind_index("11010519900101002X", purpose="requests.id_number")
    assert len(value) == 64 and int(value, 16) >= 0
    assert blind_index("11010519900101002x", purpose="requests.id_number") == value
    assert blind_index(" １１０１０５１９９００１０１００２Ｘ ", purpose="requests.id_number") == value
    assert blind_index("11010519900101002X", purpose="requests.phone") != value
    assert blind_index("110105199001010020", purpose="requests.id_number") != value


def test_blind_index_survives_rotation_of_the_encryption_key_but_not_of_the_index_key():
    with override_settings(FIELD_ENCRYPTION_KEYS=[OLD], FIELD_INDEX_KEY=OLD[1]):
        before = blind_index("13812345678", purpose="p")
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW, OLD], FIELD_INDEX_KEY=OLD[1]):
        assert blind_index("13812345678", purpose="p") == before
    with override_settings(FIELD_INDEX_KEY=NEW[1]):
        assert blind_index("13812345678", purpose="p") != before


# --- EncryptedTextField -------------------------------------------------------------------------


def field() -> EncryptedTextField:
    f = EncryptedTextField(purpose="test.applicant_name", blank=True, null=True)
    f.set_attributes_from_name("applicant_name")
    return f


def test_the_field_encrypts_on_the_way_in_and_decrypts_on_the_way_out():
    f = field()
    stored = f.get_prep_value("张三")
    assert stored.startswith("v1.") and "张" not in stored
    assert f.from_db_value(stored, None, connection) == "张三"
    assert f.get_prep_value(None) is None and f.from_db_value(None, None, connection) is None
    assert f.get_prep_value("") == "" and f.from_db_value("", None, connection) == ""


def test_the_field_refuses_a_value_of_another_field_reading_it_as_the_unreadable_marker_and_keeping_the_token():
    other = EncryptedTextField(purpose="test.other").get_prep_value("张三")
    with pytest.raises(DecryptionError):
        decrypt_text(other, purpose="test.applicant_name")
    shown = field().from_db_value(other, None, connection)  # a page shows a marker instead of crashing
    assert shown == "（无法解密：密钥不符）" and "张三" not in shown
    assert field().get_prep_value(shown) == other  # saved again, the stored value is kept as it was


def test_the_field_deconstructs_with_its_purpose():
    name, path, args, kwargs = field().deconstruct()
    assert (name, path, args) == ("applicant_name", "sunlight.fields.EncryptedTextField", [])
    assert kwargs == {"purpose": "test.applicant_name", "blank": True, "null": True}
    rebuilt = EncryptedTextField(*args, **kwargs)
    assert rebuilt.purpose == "test.applicant_name"


def test_the_field_needs_a_purpose_and_cannot_be_unique():
    with pytest.raises(TypeError):
        EncryptedTextField()
    with pytest.raises(TypeError, match="purpose"):
        EncryptedTextField(purpose=" ")
    with pytest.raises(TypeError, match="unique"):
        EncryptedTextField(purpose="x", unique=True)


def test_only_the_isnull_lookup_is_allowed():
    f = field()
    assert f.get_lookup("isnull") is not None
    for name in ("exact", "icontains", "in", "startswith"):
        with pytest.raises(FieldError, match="Only __isnull works"):
            f.get_lookup(name)
    with pytest.raises(FieldError):
        f.get_transform("lower")


@pytest.mark.django_db
def test_a_round_trip_through_the_database():
    f = field()
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE sunlight_enc_probe (id integer PRIMARY KEY, v text NULL)")
        for pk, value in ((1, "欧阳娜娜"), (2, None), (3, "")):
            cursor.execute(
                "INSERT INTO sunlight_enc_probe (id, v) VALUES (%s, %s)", [pk, f.get_db_prep_save(value, connection)]
            )
        cursor.execute("SELECT v FROM sunlight_enc_probe ORDER BY id")
        raw = [row[0] for row in cursor.fetchall()]
        cursor.execute("DROP TABLE sunlight_enc_probe")
    assert raw[0].startswith("v1.") and raw[1:] == [None, ""]
    assert [f.from_db_value(v, None, connection) for v in raw] == ["欧阳娜娜", None, ""]
