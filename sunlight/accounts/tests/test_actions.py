"""Issue 10, item 5: every security act is an action — issuing and revoking API tokens, enrolling and removing the
authenticator, public registration. Each writes its event; each refusal writes nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django_otp.plugins.otp_totp.models import TOTPDevice

from sunlight.accounts.actions import (
    enrol_totp,
    issue_api_token,
    register_account,
    remove_totp,
    revoke_api_token,
    start_totp_enrolment,
)
from sunlight.accounts.models import ApiToken, User
from sunlight.errors import SunlightError
from sunlight.events.models import Event
from sunlight.orgs.codes import make_credit_code
from sunlight.orgs.models import Role

from .builders import citizen, confirmed_device, pending_device, staff_member, totp_code


@pytest.fixture(autouse=True)
def _no_otp_throttle(settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp slows retries after a failure; not what these tests are about


def events(verb: str):
    return Event.objects.filter(verb=verb)


# --- API tokens --------------------------------------------------------------------------------------------------


def test_issuing_a_token_writes_its_event_and_gives_the_secret_that_signs_in(cast):
    token, plain = issue_api_token(by=cast.clerk, name="OA", days=30, session_owes_nothing=True, ip="10.0.0.1")
    assert token.user == cast.clerk and token.name == "OA"
    assert ApiToken.authenticate(plain) == cast.clerk
    event = events("security.token_issued").get()
    assert (event.actor, event.object_id, event.ip) == (cast.clerk, str(token.pk), "10.0.0.1")


def test_a_session_that_owes_its_second_factor_may_not_issue_a_token(cast):
    with pytest.raises(SunlightError) as refused:
        issue_api_token(by=cast.clerk, name="OA", session_owes_nothing=False)
    assert refused.value.code == "second_factor_owed" and "动态验证码" in refused.value.message
    assert not ApiToken.objects.exists() and not events("security.token_issued").exists()


def test_a_citizen_may_not_issue_a_token(cast):
    with pytest.raises(PermissionDenied):
        issue_api_token(by=cast.citizen, name="script", session_owes_nothing=True)
    assert not ApiToken.objects.exists() and not events("security.token_issued").exists()


def test_revoking_a_token_writes_its_event_and_the_token_stops_working(cast):
    token, plain = ApiToken.issue(cast.clerk, "OA")
    revoke_api_token(token, by=cast.clerk)
    token.refresh_from_db()
    assert token.revoked_at is not None and ApiToken.authenticate(plain) is None
    assert events("security.token_revoked").get().object_id == str(token.pk)


def test_revoking_another_users_token_is_refused(cast):
    token, plain = ApiToken.issue(cast.clerk, "OA")
    with pytest.raises(PermissionDenied):
        revoke_api_token(token, by=cast.outsider)
    token.refresh_from_db()
    assert token.revoked_at is None and ApiToken.authenticate(plain) == cast.clerk
    assert not events("security.token_revoked").exists()


def test_revoking_a_token_twice_is_refused_and_writes_one_event(cast):
    token, _plain = ApiToken.issue(cast.clerk, "OA")
    revoke_api_token(token, by=cast.clerk)
    with pytest.raises(SunlightError) as refused:
        revoke_api_token(token, by=cast.clerk)
    assert refused.value.code == "already_revoked"
    assert events("security.token_revoked").count() == 1


# --- the authenticator -------------------------------------------------------------------------------------------


def test_starting_an_enrolment_twice_gives_the_same_pending_device_and_writes_no_event(cast):
    first = start_totp_enrolment(by=cast.clerk)
    assert start_totp_enrolment(by=cast.clerk) == first and not first.confirmed
    assert TOTPDevice.objects.filter(user=cast.clerk).count() == 1
    assert not Event.objects.filter(verb__startswith="security.").exists()


def test_starting_an_enrolment_with_a_confirmed_device_is_refused(cast):
    confirmed_device(cast.clerk)
    with pytest.raises(SunlightError) as refused:
        start_totp_enrolment(by=cast.clerk)
    assert refused.value.code == "already_enrolled"
    assert TOTPDevice.objects.filter(user=cast.clerk).count() == 1


def test_enrolling_with_the_right_code_confirms_the_device_and_writes_its_event(cast):
    device = pending_device(cast.clerk)
    enrol_totp(device, by=cast.clerk, code=totp_code(device), ip="10.0.0.2")
    device.refresh_from_db()
    assert device.confirmed
    event = events("security.otp_enrolled").get()
    assert (event.actor, event.ip) == (cast.clerk, "10.0.0.2")


def test_enrolling_with_a_wrong_code_is_refused_and_confirms_nothing(cast):
    device = pending_device(cast.clerk)
    wrong = f"{(int(totp_code(device)) + 1) % 1_000_000:06d}"
    with pytest.raises(SunlightError) as refused:
        enrol_totp(device, by=cast.clerk, code=wrong)
    assert refused.value.code == "wrong_code"
    device.refresh_from_db()
    assert not device.confirmed and not events("security.otp_enrolled").exists()


def test_enrolling_another_users_device_is_refused(cast):
    device = pending_device(cast.clerk)
    with pytest.raises(PermissionDenied):
        enrol_totp(device, by=cast.outsider, code=totp_code(device))
    device.refresh_from_db()
    assert not device.confirmed and not events("security.otp_enrolled").exists()


def test_a_citizen_may_not_enrol_an_authenticator(cast):
    device = pending_device(cast.citizen)
    with pytest.raises(PermissionDenied):
        enrol_totp(device, by=cast.citizen, code=totp_code(device))
    with pytest.raises(PermissionDenied):
        start_totp_enrolment(by=cast.citizen)
    device.refresh_from_db()
    assert not device.confirmed and not events("security.otp_enrolled").exists()


def test_removing_the_authenticator_deletes_every_device_of_the_account_and_writes_its_event(cast):
    confirmed_device(cast.clerk)
    pending_device(cast.clerk)
    colleagues = confirmed_device(cast.colleague)
    remove_totp(by=cast.clerk, session_owes_nothing=True)
    assert not TOTPDevice.objects.filter(user=cast.clerk).exists()
    assert TOTPDevice.objects.filter(pk=colleagues.pk).exists()
    assert events("security.otp_removed").get().actor == cast.clerk


def test_a_session_that_still_owes_its_code_may_not_remove_the_device(cast):
    device = confirmed_device(cast.clerk)
    with pytest.raises(SunlightError) as refused:
        remove_totp(by=cast.clerk, session_owes_nothing=False)
    assert refused.value.code == "second_factor_owed"
    assert TOTPDevice.objects.filter(pk=device.pk).exists() and not events("security.otp_removed").exists()


def test_an_account_that_must_keep_its_device_may_not_remove_it(cast, settings):
    settings.ADMIN_REQUIRE_TOTP = True
    device = confirmed_device(cast.admin)
    with pytest.raises(SunlightError) as refused:
        remove_totp(by=cast.admin, session_owes_nothing=True)
    assert refused.value.code == "totp_required"
    assert TOTPDevice.objects.filter(pk=device.pk).exists() and not events("security.otp_removed").exists()


def test_removing_an_authenticator_that_was_never_confirmed_is_refused(cast):
    device = pending_device(cast.clerk)
    with pytest.raises(SunlightError) as refused:
        remove_totp(by=cast.clerk, session_owes_nothing=True)
    assert refused.value.code == "not_enrolled"
    assert TOTPDevice.objects.filter(pk=device.pk).exists() and not events("security.otp_removed").exists()


def test_a_new_member_of_staff_enrols_and_then_removes_the_authenticator(cast):
    newcomer = staff_member(cast.east_center, Role.WINDOW_CLERK)
    device = start_totp_enrolment(by=newcomer)
    enrol_totp(device, by=newcomer, code=totp_code(device))
    remove_totp(by=newcomer, session_owes_nothing=True)
    verbs = list(Event.objects.filter(actor=newcomer).order_by("seq").values_list("verb", flat=True))
    assert verbs == ["security.otp_enrolled", "security.otp_removed"]


# --- public registration -----------------------------------------------------------------------------------------

PASSWORD = "Long-enough-2026"


def test_registering_a_citizen_writes_its_event(db):
    user = register_account(username="newcitizen", password=PASSWORD, kind="citizen", display_name="新市民", ip="::1")
    assert user.kind == User.Kind.CITIZEN and user.check_password(PASSWORD)
    event = events("accounts.register").get()
    assert (event.actor, event.object_id, event.data, event.ip) == (user, str(user.pk), {"kind": "citizen"}, "::1")


def test_registering_a_company_keeps_its_credit_code_in_compact_form(db):
    code = make_credit_code("91", "990100", "12345678")
    user = register_account(username="company", password=PASSWORD, kind="legal_person", credit_code=f" {code.lower()}")
    assert user.credit_code == code
    assert events("accounts.register").get().data == {"kind": "legal_person"}


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"kind": "staff"}, "bad_kind"),
        ({"kind": "legal_person"}, "credit_code_missing"),
        ({"kind": "legal_person", "credit_code": "91350100M000100Y44"}, "bad_input"),  # a wrong check digit
        ({"kind": "citizen", "credit_code": make_credit_code("91", "990100", "12345678")}, "credit_code_not_wanted"),
        ({"kind": "citizen", "password": "12345678"}, "bad_input"),  # short, common and all digits
    ],
    ids=["staff", "company-without-code", "bad-check-digit", "citizen-with-code", "weak-password"],
)
def test_a_registration_that_breaks_a_rule_is_refused_and_writes_nothing(db, fields, code):
    with pytest.raises(SunlightError) as refused:
        register_account(**{"username": "someone", "password": PASSWORD, **fields})
    assert refused.value.code == code and refused.value.message
    assert not User.objects.exists() and not events("accounts.register").exists()


def test_registering_a_username_taken_in_another_case_is_refused(db):
    taken = citizen("Resident")
    with pytest.raises(SunlightError) as refused:
        register_account(username="resident", password=PASSWORD, kind="citizen")
    assert refused.value.code == "username_taken"
    assert list(User.objects.all()) == [taken] and not events("accounts.register").exists()


# --- the views call the actions (the second check) ---------------------------------------------------------------


def test_the_security_page_shows_a_refused_removal_in_place(client, cast, settings):
    settings.ADMIN_REQUIRE_TOTP = True
    device = confirmed_device(cast.admin)
    client.post("/workbench/login", {"username": "cityadmin", "password": cast.password})
    client.post("/workbench/login", {"token": totp_code(device)})
    response = client.post("/workbench/security", {"action": "otp_remove"})
    assert response.status_code == 400 and "不能关闭" in response.content.decode()
    assert TOTPDevice.objects.filter(pk=device.pk).exists() and not events("security.otp_removed").exists()


def test_the_security_page_issues_revokes_enrols_and_removes_through_the_actions(client, cast):
    client.force_login(cast.clerk)
    assert client.post("/workbench/security", {"action": "token_issue", "name": "OA", "days": 30}).status_code == 302
    token = cast.clerk.api_tokens.get()
    assert client.post("/workbench/security", {"action": "token_revoke", "token": token.pk}).status_code == 302
    assert client.post("/workbench/security", {"action": "otp_start"}).status_code == 302
    pending = TOTPDevice.objects.get(user=cast.clerk, confirmed=False)
    response = client.post("/workbench/security", {"action": "otp_confirm", "token": totp_code(pending)})
    assert response.status_code == 302
    assert client.post("/workbench/security", {"action": "otp_remove"}).status_code == 302
    acts = ["security.token_issued", "security.token_revoked", "security.otp_enrolled", "security.otp_removed"]
    written = Event.objects.filter(actor=cast.clerk, verb__in=acts).order_by("seq").values_list("verb", flat=True)
    assert list(written) == acts


def test_a_wrong_enrolment_code_is_shown_in_the_form(client, cast):
    client.force_login(cast.clerk)
    client.post("/workbench/security", {"action": "otp_start"})
    response = client.post("/workbench/security", {"action": "otp_confirm", "token": "12345"})
    assert response.status_code == 400 and "验证码不正确，请重试。" in response.content.decode()
    assert not events("security.otp_enrolled").exists()


# --- an admin's acts on their staff's security (the admin site) -------------------------------------------------


def test_an_admin_revokes_a_token_of_their_staff_and_an_admin_of_another_district_may_not(cast):
    from sunlight.accounts.actions import revoke_api_token as revoke

    token, plain = ApiToken.issue(cast.clerk, "OA")
    west_admin = staff_member(cast.west, Role.ADMIN, "westadmin")
    with pytest.raises(PermissionDenied):
        revoke(token, by=west_admin)
    revoke(token, by=cast.admin)
    assert ApiToken.authenticate(plain) is None
    assert events("security.token_revoked").get().actor == cast.admin


def test_an_admin_resets_the_lost_authenticator_of_their_staff_but_not_their_own_or_another_districts(cast):
    from sunlight.accounts.actions import reset_totp

    confirmed_device(cast.clerk)
    confirmed_device(cast.outsider)
    confirmed_device(cast.admin)
    with pytest.raises(PermissionDenied):
        reset_totp(cast.admin, by=cast.admin)
    with pytest.raises(PermissionDenied):
        reset_totp(cast.outsider, by=staff_member(cast.east, Role.ADMIN, "eastadmin"))
    with pytest.raises(PermissionDenied):
        reset_totp(cast.clerk, by=cast.colleague)
    assert TOTPDevice.objects.count() == 3 and not events("security.otp_removed").exists()
    reset_totp(cast.clerk, by=cast.admin)
    assert not TOTPDevice.objects.filter(user=cast.clerk).exists()
    event = events("security.otp_removed").get()
    assert event.actor == cast.admin and event.data["reset_by_admin"] is True
    with pytest.raises(SunlightError):
        reset_totp(cast.clerk, by=cast.admin)


def test_the_admin_site_revokes_and_resets_through_the_actions_and_deletes_nothing(client, cast, admin_user):
    token, _plain = ApiToken.issue(cast.clerk, "OA")
    device = confirmed_device(cast.clerk)
    client.force_login(admin_user)
    client.post("/admin/accounts/apitoken/", {"action": "revoke_selected", "_selected_action": [token.pk]}, follow=True)
    client.post(
        "/admin/otp_totp/totpdevice/", {"action": "reset_selected", "_selected_action": [device.pk]}, follow=True
    )
    token.refresh_from_db()
    assert token.revoked_at is not None and not TOTPDevice.objects.filter(pk=device.pk).exists()
    assert events("security.token_revoked").exists() and events("security.otp_removed").exists()
    assert client.get(f"/admin/accounts/apitoken/{token.pk}/delete/").status_code == 403
