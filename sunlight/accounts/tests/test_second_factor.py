"""Issue 9, item 1: the second factor holds at every staff door (workbench, Django admin, staff API with a session)."""

from __future__ import annotations

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from sunlight.accounts.models import ApiToken


def code(device: TOTPDevice) -> str:
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits).token():06d}"


@pytest.fixture(autouse=True)
def _no_otp_throttle(settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp slows retries after a failure; not what these tests are about


@pytest.fixture
def clerk_device(cast) -> TOTPDevice:
    return TOTPDevice.objects.create(user=cast.clerk, name="phone", confirmed=True)


def sign_in_with_code(client, cast, username: str, device: TOTPDevice) -> None:
    client.post("/workbench/login", {"username": username, "password": cast.password})
    assert client.post("/workbench/login", {"token": code(device)}).status_code == 302


# --- the public login no longer opens a staff session -------------------------------------------------------


def test_the_public_login_hands_a_staff_account_to_the_staff_login_without_signing_it_in(client, cast, clerk_device):
    response = client.post(
        "/accounts/login?next=/workbench/requests/", {"username": "clerk", "password": cast.password}
    )
    assert response.status_code == 302
    assert response["Location"] == "/workbench/login?next=%2Fworkbench%2Frequests%2F"
    assert "_auth_user_id" not in client.session
    assert client.get("/workbench/").status_code == 302


def test_the_public_login_refuses_a_superuser_too(client, cast, django_user_model):
    django_user_model.objects.create_superuser("root", password=cast.password)  # kind "citizen" from createsuperuser
    response = client.post("/accounts/login", {"username": "root", "password": cast.password})
    assert response["Location"].startswith("/workbench/login")
    assert "_auth_user_id" not in client.session


def test_a_citizen_still_signs_in_at_the_public_login(client, cast):
    response = client.post("/accounts/login", {"username": "citizen", "password": cast.password})
    assert response["Location"] == "/accounts/me"


# --- a session without the code (from before this fix, or force_login) ---------------------------------------


def test_a_staff_account_with_a_device_cannot_use_the_workbench_without_the_code(client, cast, clerk_device):
    client.force_login(cast.clerk)  # a password-only session, as the public login used to make
    response = client.get("/workbench/events?verb=requests")
    assert response.status_code == 302
    assert response["Location"] == "/workbench/login?next=%2Fworkbench%2Fevents%3Fverb%3Drequests"
    assert client.get("/workbench/requests/").status_code == 302
    page = client.get(response["Location"])
    assert "动态验证码" in page.content.decode()
    assert client.post("/workbench/login?next=/workbench/events", {"token": "000000"}).status_code == 400
    ok = client.post("/workbench/login", {"token": code(clerk_device), "next": "/workbench/events"})
    assert ok["Location"] == "/workbench/events"
    assert client.get("/workbench/").status_code == 200


def test_the_staff_api_refuses_a_session_that_has_not_given_the_code(client, cast, clerk_device):
    client.force_login(cast.clerk)
    response = client.get("/api/v1/me/")
    assert response.status_code == 403
    assert client.get("/api/v1/events/").status_code == 403


def test_the_staff_api_accepts_the_session_once_the_code_is_given(client, cast, clerk_device):
    sign_in_with_code(client, cast, "clerk", clerk_device)
    assert client.get("/api/v1/me/").status_code == 200


def test_a_bearer_token_is_a_factor_of_its_own_and_keeps_working(client, cast, clerk_device):
    _, plain = ApiToken.issue(cast.clerk, "script")
    assert client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {plain}").status_code == 200


def test_the_admin_refuses_a_session_that_has_not_given_the_code(client, cast):
    device = TOTPDevice.objects.create(user=cast.admin, name="phone", confirmed=True)
    client.force_login(cast.admin)
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/workbench/login?next=")
    sign_in_with_code(client, cast, "cityadmin", device)
    assert client.get("/admin/").status_code == 200


def test_the_admin_site_itself_asks_for_the_code_even_without_the_middleware(client, cast, settings):
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if not m.endswith("SecondFactorMiddleware")]
    TOTPDevice.objects.create(user=cast.admin, name="phone", confirmed=True)
    client.force_login(cast.admin)
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_the_admin_takes_only_staff_accounts(client, cast):
    cast.citizen.is_staff = True  # a public account with the flag set by mistake
    cast.citizen.save(update_fields=["is_staff"])
    client.force_login(cast.citizen)
    assert client.get("/admin/").status_code == 302


def test_a_session_without_the_code_cannot_remove_the_device(client, cast, clerk_device):
    client.force_login(cast.clerk)
    response = client.post("/workbench/security", {"action": "otp_remove"})
    assert response.status_code == 302 and response["Location"].startswith("/workbench/login")
    assert TOTPDevice.objects.filter(pk=clerk_device.pk).exists()


# --- settings that make a device compulsory ----------------------------------------------------------------------


def test_admins_must_have_a_device_by_default():
    from sunlight import settings as defaults

    assert defaults.ADMIN_REQUIRE_TOTP is True
    assert defaults.STAFF_REQUIRE_TOTP is False


def test_an_admin_without_a_device_may_open_only_the_enrolment_page_until_enrolled(client, cast, settings):
    settings.ADMIN_REQUIRE_TOTP = True
    response = client.post("/workbench/login", {"username": "cityadmin", "password": cast.password})
    assert response["Location"] == "/workbench/security"
    for path in ["/workbench/", "/workbench/events", "/workbench/requests/", "/admin/"]:
        response = client.get(path)
        assert response.status_code == 302 and response["Location"] == "/workbench/security", path
    assert client.get("/api/v1/me/").status_code == 403
    assert client.get("/workbench/security").status_code == 200
    # No bearer token either: a token would walk around the missing second factor.
    client.post("/workbench/security", {"action": "token_issue", "name": "script", "days": 30})
    assert not ApiToken.objects.filter(user=cast.admin).exists()

    client.post("/workbench/security", {"action": "otp_start"})
    pending = TOTPDevice.objects.get(user=cast.admin, confirmed=False)
    assert client.post("/workbench/security", {"action": "otp_confirm", "token": code(pending)}).status_code == 302
    # The code was given while enrolling: this session is verified, and everything opens.
    assert client.get("/workbench/").status_code == 200
    assert client.get("/admin/").status_code == 200
    assert client.get("/api/v1/me/").status_code == 200


def test_an_admin_cannot_switch_off_a_required_device(client, cast, settings):
    settings.ADMIN_REQUIRE_TOTP = True
    device = TOTPDevice.objects.create(user=cast.admin, name="phone", confirmed=True)
    sign_in_with_code(client, cast, "cityadmin", device)
    client.post("/workbench/security", {"action": "otp_remove"})
    assert TOTPDevice.objects.filter(pk=device.pk).exists()


def test_a_clerk_is_not_asked_for_a_device_unless_all_staff_must_have_one(client, cast, settings):
    settings.ADMIN_REQUIRE_TOTP = True
    client.post("/workbench/login", {"username": "clerk", "password": cast.password})
    assert client.get("/workbench/").status_code == 200
    client.post("/workbench/logout")

    settings.STAFF_REQUIRE_TOTP = True
    response = client.post("/workbench/login", {"username": "clerk", "password": cast.password})
    assert response["Location"] == "/workbench/security"
    assert client.get("/workbench/").status_code == 302


def test_the_staff_marker_cookie_is_secure_when_cookies_are(client, cast, settings):
    from sunlight.accounts.middleware import SESSION_MARK

    settings.SESSION_COOKIE_SECURE = True
    response = client.post("/workbench/login", {"username": "clerk", "password": cast.password})
    assert response.cookies[SESSION_MARK]["secure"] is True
