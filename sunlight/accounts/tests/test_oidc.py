"""Single sign-on through the province's identity platform (统一身份认证), against a real OpenID provider that the
test starts on 127.0.0.1 (oidc-provider-mock, built on authlib): discovery, authorize, token, JWKS and userinfo
over HTTP, the whole redirect flow driven with Django's test client."""

from __future__ import annotations

import socket
import threading
from urllib.parse import urlsplit

import oidc_provider_mock
import pytest
import requests
from werkzeug.serving import make_server

from sunlight.accounts import actions
from sunlight.accounts.models import ExternalIdentity, User, id_number_index
from sunlight.events.models import Event
from sunlight.orgs.codes import make_credit_code

CITIZEN_ID = "11010519491231002X"


class Provider:
    def __init__(self, issuer: str):
        self.issuer = issuer

    def person(self, sub: str, **claims) -> str:
        """The platform knows `sub` with these claims (its own storage, over its HTTP API)."""
        response = requests.put(f"{self.issuer}/users/{sub}", json=claims, timeout=5)
        assert response.status_code == 204, response.text
        return sub

    def sign_in(self, authorize_url: str, sub: str) -> str:
        """The person signs in at the platform: the platform sends the browser back with a code (the path and
        query of the callback on our site)."""
        response = requests.post(authorize_url, data={"sub": sub}, allow_redirects=False, timeout=5)
        assert response.status_code == 302, response.text
        back = urlsplit(response.headers["Location"])
        assert back.netloc == "testserver" and back.path == "/accounts/sso/callback"
        return f"{back.path}?{back.query}"


@pytest.fixture
def provider(settings):
    server = make_server("127.0.0.1", 0, oidc_provider_mock.app(require_nonce=True), threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    issuer = f"http://127.0.0.1:{server.server_port}"
    settings.OIDC_ENABLED = True
    settings.OIDC_ISSUER = issuer
    settings.OIDC_RP_CLIENT_ID = "sunlight"
    settings.OIDC_RP_CLIENT_SECRET = "sunlight-secret"
    try:
        yield Provider(issuer)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(2)


def start(client, query: str = "") -> str:
    response = client.get(f"/accounts/sso/start{query}")
    assert response.status_code == 302
    return response["Location"]


def sign_in(client, provider, sub: str, query: str = ""):
    return client.get(provider.sign_in(start(client, query), sub))


def citizen_claims(**extra) -> dict:
    return {"name": "张三", "id_card_number": CITIZEN_ID, "user_type": "person", **extra}


def test_the_sign_in_page_offers_the_platform_only_when_configured(client, provider, settings):
    assert "使用统一身份认证平台登录" in client.get("/accounts/login").content.decode()
    assert "使用统一身份认证平台登录" in client.get("/workbench/login").content.decode()
    settings.OIDC_ENABLED = False
    assert "使用统一身份认证平台登录" not in client.get("/accounts/login").content.decode()
    assert client.get("/accounts/sso/start").status_code == 404
    assert client.get("/accounts/sso/callback?code=x&state=y").status_code == 404


def test_a_citizen_signing_in_the_first_time_gets_an_account_with_the_verified_real_name_and_id(client, provider, db):
    provider.person("p-1001", **citizen_claims())
    response = sign_in(client, provider, "p-1001", "?next=/accounts/me")
    assert response.status_code == 302 and response["Location"] == "/accounts/me"
    user = User.objects.get(external_identities__subject="p-1001")
    assert user.kind == User.Kind.CITIZEN and not user.has_usable_password()
    assert (user.real_name, user.display_name, user.real_name_verified) == ("张三", "张三", True)
    assert user.id_number == CITIZEN_ID and user.id_number_index == id_number_index(CITIZEN_ID)
    link = user.external_identities.get()
    assert (link.issuer, link.staff) == (provider.issuer, False)
    page = client.get("/accounts/me")
    assert page.context["user"] == user
    text = page.content.decode()
    assert "已通过统一身份认证平台实名认证" in text and CITIZEN_ID not in text and "110105" in text
    verbs = list(Event.objects.filter(actor=user).values_list("verb", flat=True))
    assert {"accounts.sso_register", "accounts.sso_login", "security.login"} <= set(verbs)


def test_the_id_number_is_stored_encrypted(client, provider, db):
    from django.db import connection

    provider.person("p-enc", **citizen_claims())
    sign_in(client, provider, "p-enc")
    user = User.objects.get(external_identities__subject="p-enc")
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number FROM accounts_user WHERE id = %s", [user.pk])
        stored = cursor.fetchone()[0]
    assert CITIZEN_ID not in stored and stored.startswith("v1.")


def test_the_second_sign_in_reuses_the_account_and_takes_the_platforms_new_name(client, provider, db):
    provider.person("p-1002", **citizen_claims())
    sign_in(client, provider, "p-1002")
    client.logout()
    provider.person("p-1002", **citizen_claims(name="张叁"))
    response = sign_in(client, provider, "p-1002")
    assert response.status_code == 302
    user = User.objects.get(external_identities__subject="p-1002")
    assert User.objects.filter(kind=User.Kind.CITIZEN).count() == 1 and user.real_name == "张叁"
    assert Event.objects.filter(verb="accounts.sso_register").count() == 1
    assert Event.objects.filter(verb="accounts.sso_login").count() == 2


def test_a_company_gets_a_legal_person_account_with_its_credit_code(client, provider, db):
    code = make_credit_code("91", "990100", "12345678")
    provider.person("c-1", name="某某科技有限公司", id_card_number=code, user_type="legal_person")
    assert sign_in(client, provider, "c-1").status_code == 302
    company = User.objects.get(external_identities__subject="c-1")
    assert (company.kind, company.credit_code, company.display_name) == (
        User.Kind.LEGAL_PERSON,
        code,
        "某某科技有限公司",
    )


def test_a_staff_member_with_no_linked_account_is_refused_and_nothing_is_opened(client, provider, cast):
    provider.person("s-1", **citizen_claims(name="李清"))
    response = sign_in(client, provider, "s-1", "?door=staff")
    assert response.status_code == 403
    assert "没有与之关联的工作人员账户" in response.content.decode()
    assert not ExternalIdentity.objects.exists() and User.objects.filter(kind=User.Kind.CITIZEN).count() == 1
    assert "_auth_user_id" not in client.session
    refusal = Event.objects.get(verb="accounts.sso_refused")
    assert refusal.data["subject"] == "s-1" and refusal.data["code"] == "staff_not_linked"
    assert CITIZEN_ID not in str(refusal.data)


def test_a_staff_member_whose_admin_entered_the_id_number_signs_in_to_the_workbench(client, provider, cast):
    cast.clerk.id_number = "440305199001011234"
    cast.clerk.save()
    provider.person("s-2", **citizen_claims(name="李清", id_card_number="440305199001011234"))
    response = sign_in(client, provider, "s-2", "?door=staff&next=/workbench/")
    assert response.status_code == 302 and response["Location"] == "/workbench/"
    assert int(client.session["_auth_user_id"]) == cast.clerk.pk
    assert client.get("/workbench/").status_code == 200
    link = ExternalIdentity.objects.get(subject="s-2")
    assert link.user == cast.clerk and link.staff
    assert Event.objects.filter(verb="accounts.sso_linked", actor=cast.clerk).exists()
    # The same person at the public door is a citizen, never the staff account.
    client.logout()
    sign_in(client, provider, "s-2")
    assert User.objects.get(pk=client.session["_auth_user_id"]).kind == User.Kind.CITIZEN


def test_a_staff_member_signing_in_by_the_platform_still_owes_their_code(client, provider, cast):
    from sunlight.accounts.tests.builders import confirmed_device

    confirmed_device(cast.clerk)
    actions.link_staff_identity(cast.clerk, by=cast.admin, issuer=provider.issuer, subject="s-3")
    provider.person("s-3", **citizen_claims(name="李清"))
    assert sign_in(client, provider, "s-3", "?door=staff&next=/workbench/").status_code == 302
    response = client.get("/workbench/")
    assert response.status_code == 302 and response["Location"].startswith("/workbench/login")


def test_an_admin_links_only_their_own_staff(cast):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        actions.link_staff_identity(cast.clerk, by=cast.outsider, issuer="https://id.example", subject="x")
    with pytest.raises(PermissionDenied):
        actions.link_staff_identity(cast.clerk, by=cast.clerk, issuer="https://id.example", subject="x")
    with pytest.raises(actions.SunlightError):
        actions.link_staff_identity(cast.citizen, by=cast.admin, issuer="https://id.example", subject="x")
    assert not ExternalIdentity.objects.exists()


def test_a_wrong_state_is_refused(client, provider, db):
    provider.person("p-2", **citizen_claims())
    callback = provider.sign_in(start(client), "p-2")
    forged = callback.replace("state=", "state=forged")
    response = client.get(forged)
    assert response.status_code == 400 and "登录请求无效" in response.content.decode()
    assert not User.objects.filter(kind=User.Kind.CITIZEN).exists()
    # A callback in a browser that never started a sign-in is refused too.
    other = client.__class__()
    assert other.get(callback).status_code == 400


def test_a_code_is_used_once(client, provider, db):
    provider.person("p-3", **citizen_claims())
    callback = provider.sign_in(start(client), "p-3")
    assert client.get(callback).status_code == 302
    assert client.get(callback).status_code == 400  # the state was spent


def test_a_person_who_cancels_at_the_platform_is_told_so(client, provider, db):
    response = requests.post(start(client), data={"action": "deny"}, allow_redirects=False, timeout=5)
    back = urlsplit(response.headers["Location"])
    response = client.get(f"{back.path}?{back.query}")
    assert response.status_code == 400 and "未完成登录" in response.content.decode()


def test_a_platform_that_is_down_gives_a_clear_page_not_a_500(client, settings, db):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # nothing listens here once the socket closes
    settings.OIDC_ENABLED = True
    settings.OIDC_ISSUER = f"http://127.0.0.1:{port}"
    settings.OIDC_RP_CLIENT_ID = "sunlight"
    response = client.get("/accounts/sso/start")
    assert response.status_code == 503 and "暂时无法连接统一身份认证平台" in response.content.decode()


def test_a_platform_that_goes_down_before_the_code_is_exchanged_gives_a_clear_page(client, provider, settings, db):
    provider.person("p-4", **citizen_claims())
    callback = provider.sign_in(start(client), "p-4")
    settings.OIDC_OP_TOKEN_ENDPOINT = "http://127.0.0.1:9/token"  # the discard port: connection refused
    response = client.get(callback)
    assert response.status_code == 503 and "暂时无法连接" in response.content.decode()
    assert not User.objects.filter(kind=User.Kind.CITIZEN).exists()


def test_an_unsafe_next_is_replaced_by_the_profile(client, provider, db):
    provider.person("p-5", **citizen_claims())
    response = sign_in(client, provider, "p-5", "?next=//evil.example/")
    assert response["Location"] == "/accounts/me"


def test_a_code_issued_to_another_client_is_refused(client, provider, settings, db):
    provider.person("p-6", **citizen_claims())
    callback = provider.sign_in(start(client), "p-6")
    settings.OIDC_RP_CLIENT_ID = "another-client"
    assert client.get(callback).status_code == 400
    assert not User.objects.filter(kind=User.Kind.CITIZEN).exists()


def test_an_id_token_from_another_issuer_is_refused(client, provider, settings, db):
    document = requests.get(f"{provider.issuer}/.well-known/openid-configuration", timeout=5).json()
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = document["authorization_endpoint"]
    settings.OIDC_OP_TOKEN_ENDPOINT = document["token_endpoint"]
    settings.OIDC_OP_USER_ENDPOINT = document["userinfo_endpoint"]
    settings.OIDC_OP_JWKS_ENDPOINT = document["jwks_uri"]
    settings.OIDC_ISSUER = "https://id.other-province.example"
    provider.person("p-7", **citizen_claims())
    response = client.get(provider.sign_in(start(client), "p-7"))
    assert response.status_code == 400
    assert not User.objects.filter(kind=User.Kind.CITIZEN).exists()


def test_password_login_still_works_beside_the_platform(client, provider, cast):
    response = client.post("/accounts/login", {"username": "citizen", "password": cast.password})
    assert response.status_code == 302 and int(client.session["_auth_user_id"]) == cast.citizen.pk


def test_a_superuser_links_a_staff_account_in_the_admin_and_the_link_is_recorded(client, cast):
    root = User.objects.create_superuser("root", password=cast.password, kind=User.Kind.STAFF)
    client.force_login(root)
    form = {"user": cast.clerk.pk, "issuer": "https://id.example/", "subject": "s-9"}
    response = client.post("/admin/accounts/externalidentity/add/", form)
    assert response.status_code == 302, response.content.decode()
    link = ExternalIdentity.objects.get(subject="s-9")
    assert (link.user, link.issuer, link.staff) == (cast.clerk, "https://id.example", True)
    assert Event.objects.filter(verb="accounts.sso_linked", actor=root).exists()
    # A citizen's account is not linked as staff; the form says why and nothing is written.
    response = client.post("/admin/accounts/externalidentity/add/", {**form, "user": cast.citizen.pk, "subject": "x"})
    assert response.status_code == 200 and "只能为工作人员账户关联" in response.content.decode()
    assert ExternalIdentity.objects.count() == 1


def test_an_admin_enters_a_staff_members_id_number_and_it_is_indexed(client, cast):
    root = User.objects.create_superuser("root", password=cast.password, kind=User.Kind.STAFF)
    client.force_login(root)
    page = client.get(f"/admin/accounts/user/{cast.clerk.pk}/change/")
    form = {k: v for k, v in page.context["adminform"].form.initial.items() if v is not None}
    form.update(
        {
            "username": "clerk",
            "kind": "staff",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "10:00:00",
            "id_number": " 440305199001011234 ",
        }
    )
    form.pop("password", None)
    form.pop("groups", None)
    form.pop("user_permissions", None)
    response = client.post(f"/admin/accounts/user/{cast.clerk.pk}/change/", form)
    assert response.status_code == 302, response.content.decode()[:3000]
    cast.clerk.refresh_from_db()
    assert cast.clerk.id_number_index == id_number_index("440305199001011234")


def test_two_staff_accounts_with_one_id_number_are_not_guessed_between(client, provider, cast):
    for staff in (cast.clerk, cast.colleague):
        staff.id_number = "440305199001011234"
        staff.save()
    provider.person("s-4", **citizen_claims(id_card_number="440305199001011234"))
    response = sign_in(client, provider, "s-4", "?door=staff")
    assert response.status_code == 403 and "多个工作人员账户" in response.content.decode()
    assert not ExternalIdentity.objects.exists()


def test_the_public_door_never_signs_in_a_superuser_with_the_same_id_number(client, provider, db):
    root = User.objects.create_superuser("root", password="Long-enough-2026")  # kind defaults to citizen
    root.id_number = CITIZEN_ID
    root.save()
    provider.person("p-8", **citizen_claims())
    sign_in(client, provider, "p-8")
    assert int(client.session["_auth_user_id"]) != root.pk
