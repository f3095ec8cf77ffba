"""电子证照: issued signed on 准予, verified by anyone from the QR code, revoked and renewed by acts, offered for 免提交."""

from __future__ import annotations

import base64
import io
import json
import zlib
from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from pypdf import PdfReader

from sunlight.certificates import actions, copies, signing
from sunlight.certificates.models import Certificate, SigningKey
from sunlight.certificates.printing import certificate_pdf, qr_data_uri, qr_svg, verification_url
from sunlight.certificates.queries import held_by, valid_certificates_for
from sunlight.errors import SunlightError
from sunlight.events.models import Event

from .builders import ID_NUMBER, approver_of, issued

TODAY = "2026-06-15 10:00+08:00"


@pytest.fixture(autouse=True)
def _own_key(settings, tmp_path):
    settings.CERTIFICATE_SIGNING_KEY_FILE = None
    settings.DATA_DIR = tmp_path
    signing.forget_keys()
    yield
    signing.forget_keys()


@pytest.fixture
def east(cast):
    cast.approver = approver_of(cast, cast.east)
    with time_machine.travel(TODAY, tick=False):
        yield cast


@pytest.fixture
def cert(east):
    return issued(east.east, east.approver, holder_user=east.citizen)


def _tamper(token: str, **changes) -> str:
    envelope = json.loads(zlib.decompress(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))))
    for key, value in changes.items():
        if key in envelope:
            envelope[key] = value
        else:
            envelope["p"][key] = value
    packed = zlib.compress(json.dumps(envelope, ensure_ascii=False).encode())
    return base64.urlsafe_b64encode(packed).decode().rstrip("=")


# --- signing --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(signing.ALGORITHMS))
def test_each_algorithm_signs_and_verifies_and_a_changed_byte_fails(name):
    algorithm = signing.ALGORITHMS[name]
    private = algorithm.load_private(algorithm.generate())
    public = algorithm.load_public(algorithm.public_pem(private))
    signature = algorithm.sign(private, b'{"number":"1"}')
    assert algorithm.verify(public, b'{"number":"1"}', signature)
    assert not algorithm.verify(public, b'{"number":"2"}', signature)
    assert not algorithm.verify(public, b'{"number":"1"}', signature[:-1] + bytes([signature[-1] ^ 1]))


def test_the_module_signs_with_sm2_by_default_and_records_the_public_key(db):
    name, key_id, signature = signing.sign(b"payload")
    assert name == "SM2-SM3" and SigningKey.objects.filter(key_id=key_id, algorithm=name).exists()
    assert signing.verify(name, key_id, b"payload", signature)
    assert not signing.verify(name, key_id, b"payloaD", signature)
    assert not signing.verify(name, "0000000000000000", b"payload", signature)  # an unknown key id
    assert not signing.verify("ECDSA-P256-SHA256", key_id, b"payload", signature)  # the key is of another algorithm
    assert not signing.verify("RSA", key_id, b"payload", signature)


def test_an_old_certificate_still_verifies_after_the_key_is_rotated(cert, settings, tmp_path):
    new_key = tmp_path / "p256.pem"
    new_key.write_bytes(signing.ALGORITHMS["ECDSA-P256-SHA256"].generate())
    settings.CERTIFICATE_SIGNING_KEY_FILE = str(new_key)
    signing.forget_keys()
    later = issued(cert.org, _approver(cert))
    assert later.algorithm == "ECDSA-P256-SHA256" and later.key_id != cert.key_id
    assert copies.verify(cert.number, copies.copy_token(cert)).copy_ok
    assert copies.verify(later.number, copies.copy_token(later)).copy_ok
    assert list(SigningKey.objects.filter(is_active=True).values_list("key_id", flat=True)) == [later.key_id]


def _approver(cert):
    return Event.objects.get(verb="certificates.issue", object_id=str(cert.pk)).actor


# --- the acts -------------------------------------------------------------------------------------------------


def test_an_approver_issues_a_numbered_signed_certificate_with_a_masked_id_in_its_data(cert, east):
    assert cert.number.startswith(f"990102{east.east.pk:04d}2026") and cert.number.endswith("000001")
    assert cert.payload["holder_id"] == "110105********0020" and ID_NUMBER not in json.dumps(cert.payload)
    assert cert.payload["issuer"] == "青溪区人民政府" and cert.payload["issuer_code"] == east.east.credit_code
    assert cert.state == "valid" and cert.algorithm == "SM2-SM3"
    assert copies.signature_holds(copies.parse_token(copies.copy_token(cert)))
    assert Event.objects.get(verb="certificates.issue").data["number"] == cert.number
    assert issued(east.east, east.approver).number.endswith("000002")


@pytest.mark.parametrize("who", ["outsider", "citizen", "clerk"])
def test_only_an_approver_or_admin_of_the_org_issues_and_nothing_is_written(east, who):
    with pytest.raises(PermissionDenied):
        issued(east.east, getattr(east, who))
    assert not Certificate.objects.exists() and not Event.objects.filter(verb__startswith="certificates").exists()


def test_the_city_admin_may_issue_for_a_district(east):
    assert issued(east.east, east.admin).org == east.east


def test_a_validity_ending_before_it_starts_is_refused(east):
    with pytest.raises(SunlightError):
        issued(east.east, east.approver, valid_until=date(2025, 1, 1))
    with pytest.raises(SunlightError):
        issued(east.east, east.approver, holder_name="  ")
    assert not Certificate.objects.exists()


def test_revoking_keeps_the_certificate_shown_as_revoked_and_twice_is_refused(cert, east):
    actions.revoke_certificate(cert, by=east.approver, reason="经营场所已注销")
    cert.refresh_from_db()
    assert cert.state == "revoked" and cert.revoked_on == date(2026, 6, 15)
    with pytest.raises(SunlightError):
        actions.revoke_certificate(cert, by=east.approver, reason="再次")
    assert Event.objects.filter(verb="certificates.revoke").count() == 1


@pytest.mark.parametrize("who", ["outsider", "citizen"])
def test_an_outsider_or_citizen_may_not_revoke_or_renew(cert, east, who):
    with pytest.raises(PermissionDenied):
        actions.revoke_certificate(cert, by=getattr(east, who), reason="x")
    with pytest.raises(PermissionDenied):
        actions.renew_certificate(cert, by=getattr(east, who), valid_until=None, reason="x")
    cert.refresh_from_db()
    assert cert.status == "valid" and Certificate.objects.count() == 1


def test_renewing_issues_a_new_number_and_supersedes_the_old(cert, east):
    new = actions.renew_certificate(cert, by=east.approver, valid_until=date(2036, 6, 14), reason="延续")
    cert.refresh_from_db()
    assert cert.state == "superseded" and new.number != cert.number and new.renewed_from == cert
    assert new.payload["renews"] == cert.number and new.valid_from == date(2026, 6, 15)
    with pytest.raises(SunlightError):
        actions.renew_certificate(cert, by=east.approver, valid_until=None, reason="再次")
    assert Certificate.objects.count() == 2


def test_a_certificate_past_its_validity_is_expired():
    cert = Certificate(status="valid", valid_until=date(2026, 1, 1))
    assert cert.state_on(date(2026, 1, 1)) == "valid" and cert.state_on(date(2026, 1, 2)) == "expired"
    assert Certificate(status="valid", valid_until=None).state_on(date(2099, 1, 1)) == "valid"


# --- 免提交 ---------------------------------------------------------------------------------------------------


def test_a_later_application_finds_the_holders_valid_certificates_by_id_number(cert, east):
    revoked = issued(east.east, east.approver)
    actions.revoke_certificate(revoked, by=east.approver, reason="撤销")
    issued(east.east, east.approver, valid_from=date(2020, 1, 1), valid_until=date(2025, 1, 1))  # expired
    issued(east.east, east.approver, holder_id_number="110105199001010039")
    assert list(valid_certificates_for(" 110105199001010020 ")) == [cert]
    assert list(held_by(east.citizen)) == [cert] and not held_by(east.outsider).exists()


# --- the public check -----------------------------------------------------------------------------------------


def _verify_url(cert, token=None):
    url = reverse("certificates:verify", args=[cert.number])
    return f"{url}?c={token}" if token is not None else url


def test_the_verification_page_shows_the_registry_and_accepts_the_genuine_copy(cert, client):
    page = client.get(_verify_url(cert, copies.copy_token(cert)))
    text = page.content.decode()
    assert page.status_code == 200 and "验证通过" in text and "有效" in text and "110105********0020" in text
    assert "验证失败" not in text and ID_NUMBER not in text


@pytest.mark.parametrize(
    "change", [{"scope": "全部食品"}, {"holder": "别人"}, {"valid_until": "2099-01-01"}, {"k": "0000000000000000"}]
)
def test_a_tampered_copy_fails_verification(cert, client, change):
    page = client.get(_verify_url(cert, _tamper(copies.copy_token(cert), **change)))
    assert page.status_code == 200 and "验证失败" in page.content.decode()


def test_a_forged_signature_or_garbage_fails(cert, client):
    forged = _tamper(copies.copy_token(cert), s=base64.b64encode(b"0" * 70).decode())
    for token in (forged, "not-a-token", "A" * 5000):
        assert "验证失败" in client.get(_verify_url(cert, token)).content.decode()


def test_a_copy_genuinely_signed_but_no_longer_current_fails(cert, east, client):
    token = copies.copy_token(cert)
    new = actions.renew_certificate(cert, by=east.approver, valid_until=None, reason="换发")
    page = client.get(_verify_url(cert, token)).content.decode()
    assert "已换发" in page and "验证通过" in page  # the copy is the registry's record; the record says superseded
    other = copies.verify(new.number, token)
    assert other.copy_checked and not other.copy_ok  # a copy of one number does not vouch for another


def test_the_page_states_revoked_and_expired(cert, east, client):
    actions.revoke_certificate(cert, by=east.approver, reason="经营场所已注销")
    assert "已撤销" in client.get(_verify_url(cert)).content.decode()
    old = issued(east.east, east.approver, valid_from=date(2020, 1, 1), valid_until=date(2025, 1, 1))
    assert "已过期" in client.get(_verify_url(old)).content.decode()


def test_an_unknown_number_is_a_404(db, client):
    assert client.get(reverse("certificates:verify", args=["990102000120260000009"])).status_code == 404


def test_the_paste_form_leads_to_the_verification_page(cert, client):
    token = copies.copy_token(cert)
    answer = client.get(reverse("certificates:verify_form"), {"token": f"https://x/verify/{cert.number}/?c={token}"})
    assert answer.status_code == 302 and answer["Location"].startswith(_verify_url(cert))
    assert client.get(reverse("certificates:verify_form"), {"token": "garbage"}).status_code == 400
    assert client.get(reverse("certificates:verify_form")).status_code == 200


def test_the_api_answers_valid_and_422_for_a_tampered_copy(cert, client):
    url = "/api/v1/certificates/verify"
    good = client.get(url, {"number": cert.number, "c": copies.copy_token(cert)})
    assert good.status_code == 200 and good.json()["state"] == "valid" and good.json()["valid"] is True
    bad = client.get(url, {"number": cert.number, "c": _tamper(copies.copy_token(cert), scope="全部")})
    assert bad.status_code == 422 and bad.json()["result"]["valid"] is False
    assert client.get(url, {"number": "nope"}).status_code == 404


# --- the PDF --------------------------------------------------------------------------------------------------


def test_the_qr_code_is_a_png_data_uri_for_pages_and_inline_svg_for_the_pdf():
    assert qr_data_uri("https://example.org/certificates/verify/1/?c=abc").startswith("data:image/png;base64,iVBOR")
    assert qr_svg("https://example.org/certificates/verify/1/?c=abc").startswith("<svg")


def test_the_pdf_carries_the_qr_code_of_the_verification_url_with_the_copy(cert, rf, monkeypatch):
    seen = {}
    monkeypatch.setattr("sunlight.certificates.printing.pdf.render_pdf", lambda html: seen.setdefault("html", html))
    certificate_pdf(rf.get("/"), cert)
    assert "<svg" in seen["html"] and "<path" in seen["html"] and cert.number in seen["html"]
    assert verification_url(rf.get("/"), cert).endswith(
        f"/certificates/verify/{cert.number}/?c={copies.copy_token(cert)}"
    )


def test_the_holder_downloads_the_pdf_and_others_are_refused(cert, east, client):
    url = reverse("certificates:pdf", args=[cert.number])
    assert client.get(url).status_code == 302  # anonymous: sign in first
    client.force_login(east.citizen)
    answer = client.get(url)
    assert answer.status_code == 200 and answer.content.startswith(b"%PDF")
    assert cert.number in PdfReader(io.BytesIO(answer.content)).pages[0].extract_text()
    client.force_login(east.outsider)
    assert client.get(url).status_code == 403
    client.force_login(east.approver)
    assert client.get(url).status_code == 200


def test_another_citizen_may_not_download(cert, east, client, django_user_model):
    other = django_user_model.objects.create_user("other", password="x", kind="citizen")
    client.force_login(other)
    assert client.get(reverse("certificates:pdf", args=[cert.number])).status_code == 403


# --- the workbench ---------------------------------------------------------------------------------------------


def test_staff_see_their_orgs_certificates_and_revoke_from_the_detail_page(cert, east, client):
    client.force_login(east.approver)
    assert cert.number in client.get(reverse("certificates_wb:list")).content.decode()
    detail = reverse("certificates_wb:detail", args=[cert.pk])
    assert "撤销证照" in client.get(detail).content.decode()
    assert client.post(reverse("certificates_wb:revoke", args=[cert.pk]), {"reason": ""}).status_code == 400
    answer = client.post(reverse("certificates_wb:revoke", args=[cert.pk]), {"reason": "已注销"})
    assert answer.status_code == 302 and Certificate.objects.get(pk=cert.pk).status == "revoked"


def test_renewing_from_the_workbench_leads_to_the_new_certificate(cert, east, client):
    client.force_login(east.approver)
    answer = client.post(
        reverse("certificates_wb:renew", args=[cert.pk]), {"valid_until": "2031-06-14", "reason": "延续"}
    )
    new = Certificate.objects.get(renewed_from=cert)
    assert answer.status_code == 302 and answer["Location"] == reverse("certificates_wb:detail", args=[new.pk])


def test_an_outsider_is_refused_on_the_workbench_and_the_staff_api(cert, east, client):
    client.force_login(east.outsider)
    assert cert.number not in client.get(reverse("certificates_wb:list")).content.decode()
    assert client.get(reverse("certificates_wb:detail", args=[cert.pk])).status_code == 404
    assert client.post(reverse("certificates_wb:revoke", args=[cert.pk]), {"reason": "x"}).status_code == 404
    assert client.get("/api/v1/certificates/").json()["count"] == 0
    assert Certificate.objects.get(pk=cert.pk).status == "valid"


def test_a_citizen_and_an_anonymous_visitor_are_refused_on_the_workbench_and_api(cert, east, client):
    for url in (reverse("certificates_wb:list"), reverse("certificates_wb:detail", args=[cert.pk])):
        assert client.get(url).status_code in (302, 403)
    assert client.get("/api/v1/certificates/").status_code in (401, 403)
    client.force_login(east.citizen)
    assert client.get(reverse("certificates_wb:list")).status_code in (302, 403)
    assert client.post(reverse("certificates_wb:revoke", args=[cert.pk]), {"reason": "x"}).status_code in (302, 403)
    assert client.get("/api/v1/certificates/").status_code in (401, 403)
    assert Certificate.objects.get(pk=cert.pk).status == "valid"


# --- the catalog item and the demo ------------------------------------------------------------------------------


@pytest.fixture
def food_item(cast):
    from sunlight.catalog.tests.builders import item_of
    from sunlight.orgs.models import Role

    editor = cast.add_staff("editor", cast.east_center, Role.CATALOG_OFFICER)
    reviewer = cast.add_staff("reviewer", cast.east_center, Role.REVIEWER)
    return item_of(cast.east_center, editor, reviewer, name="食品经营许可")


def test_a_certificate_names_its_catalog_item_which_must_be_the_issuers(cast, food_item):
    approver = approver_of(cast, cast.east_center)
    cert = issued(cast.east_center, approver, item=food_item)
    assert cert.payload["item"] == food_item.code
    with pytest.raises(SunlightError):
        issued(cast.east, approver_of(cast, cast.east), item=food_item)


def test_the_demo_issues_certificates_one_revoked_one_expired_and_a_rerun_adds_none(cast, food_item, django_user_model):
    from sunlight.certificates.demo import build_certificates

    django_user_model.objects.create_user("ma.jun", password="x", kind="staff")
    assert build_certificates(4) == 5  # four issued, one of them renewed
    states = sorted(c.state for c in Certificate.objects.all())
    assert states == ["expired", "revoked", "superseded", "valid", "valid"]
    assert build_certificates(4) == 0


def test_a_clerk_of_the_org_sees_the_certificate_but_may_not_revoke_it(cert, east, client):
    clerk = east.add_staff("eastclerk", east.east, "window_clerk")
    client.force_login(clerk)
    page = client.get(reverse("certificates_wb:detail", args=[cert.pk]))
    assert page.status_code == 200 and "撤销证照" not in page.content.decode()
    assert client.post(reverse("certificates_wb:revoke", args=[cert.pk]), {"reason": "x"}).status_code == 403
    assert Certificate.objects.get(pk=cert.pk).status == "valid"
