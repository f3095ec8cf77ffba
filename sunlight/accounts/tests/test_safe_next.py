"""Issue 9, item 2: no door sends a person off-site (or to a javascript: URL, or into a 500) through `next`."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from django.test import RequestFactory
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from sunlight.redirects import safe_next

PAYLOADS = [
    "https://evil.example/",
    "//evil.example/",
    "https:evil.example",
    "http://host@evil.example/",
    "http://testserver@evil.example/",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(document.cookie)",
    "/\\evil.example",
    "\\\\evil.example",
    "/\t/evil.example",
    "///evil.example",
    "data:text/html,<script>alert(1)</script>",
    " https://evil.example/",
]


def q(target: str) -> str:
    return quote(target, safe="")


def hidden_next(html: str) -> str:
    """The value the page's form will post back as `next`."""
    found = re.search(r'name="next" value="([^"]*)"', html)
    return found.group(1) if found else ""


@pytest.mark.parametrize("target", PAYLOADS)
def test_the_helper_refuses_every_off_site_or_script_target(target):
    request = RequestFactory().get("/", {"next": target})
    assert safe_next(request, "/fallback") == "/fallback"


@pytest.mark.parametrize(
    "target", ["/", "/disclosure/?q=低保&page=2", "/workbench/requests/12", "/admin/disclosure/document/"]
)
def test_the_helper_keeps_a_local_path(target):
    assert safe_next(RequestFactory().get("/", {"next": target})) == target
    assert safe_next(RequestFactory().post("/", {"next": target})) == target


@pytest.mark.parametrize("target", PAYLOADS)
def test_the_public_login_never_redirects_off_site(client, cast, target):
    response = client.post(f"/accounts/login?next={q(target)}", {"username": "citizen", "password": cast.password})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/me"


@pytest.mark.parametrize("target", PAYLOADS)
def test_the_public_login_hands_staff_on_with_a_safe_next_only(client, cast, target):
    response = client.post(f"/accounts/login?next={q(target)}", {"username": "clerk", "password": cast.password})
    assert response["Location"] == "/workbench/login?next=%2Fworkbench%2F"


@pytest.mark.parametrize("target", PAYLOADS)
def test_the_staff_login_never_redirects_off_site(client, cast, target):
    page = client.get(f"/workbench/login?next={q(target)}")
    assert page.status_code == 200
    assert hidden_next(page.content.decode()) in ("", "/workbench/")
    response = client.post(
        f"/workbench/login?next={q(target)}", {"username": "clerk", "password": cast.password, "next": target}
    )
    assert response["Location"] == "/workbench/"


@pytest.mark.parametrize("target", PAYLOADS)
def test_the_admin_login_redirect_never_leads_off_site(client, cast, target):
    response = client.get(f"/admin/login/?next={q(target)}")
    assert response.status_code == 302 and response["Location"].startswith("/workbench/login")
    signed_in = client.post(response["Location"], {"username": "cityadmin", "password": cast.password})
    assert signed_in["Location"] == "/workbench/"


@pytest.mark.parametrize("target", PAYLOADS)
def test_the_code_step_never_redirects_off_site(client, cast, settings, target):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    device = TOTPDevice.objects.create(user=cast.clerk, name="phone", confirmed=True)
    page = client.post(
        f"/workbench/login?next={q(target)}", {"username": "clerk", "password": cast.password, "next": target}
    )
    assert hidden_next(page.content.decode()) == "/workbench/"
    token = f"{TOTP(device.bin_key, device.step, device.t0, device.digits).token():06d}"
    response = client.post(f"/workbench/login?next={q(target)}", {"token": token, "next": target})
    assert response["Location"] == "/workbench/"


@pytest.mark.parametrize("target", PAYLOADS)
def test_the_language_switch_and_elder_mode_never_redirect_off_site(client, db, target):
    assert client.get(f"/language/en?next={q(target)}")["Location"] == "/"
    assert client.get(f"/elder-mode?on=1&next={q(target)}")["Location"] == "/"
    assert client.post("/elder-mode", {"on": "0", "next": target})["Location"] == "/"


@pytest.mark.parametrize("target", PAYLOADS)
def test_logout_never_redirects_off_site(client, cast, target):
    client.force_login(cast.citizen)
    assert client.post(f"/accounts/logout?next={q(target)}")["Location"] == "/"
    client.force_login(cast.clerk)
    assert client.post("/workbench/logout", {"next": target})["Location"] == "/workbench/login"


def test_a_local_next_is_still_followed_by_every_door(client, cast):
    signed_in = client.post("/accounts/login?next=/requests/new", {"username": "citizen", "password": cast.password})
    assert signed_in["Location"] == "/requests/new"
    assert client.post("/accounts/logout?next=/disclosure/")["Location"] == "/disclosure/"
    assert (
        client.post(
            "/workbench/login?next=/workbench/events",
            {"username": "clerk", "password": cast.password, "next": "/workbench/events"},
        )["Location"]
        == "/workbench/events"
    )
    assert client.get("/language/en?next=/disclosure/")["Location"] == "/disclosure/"
