from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from sunlight.accounts.middleware import SESSION_MARK
from sunlight.events.models import Event


def test_staff_sign_in_lands_on_the_to_do_list(client, cast):
    response = client.post("/workbench/login", {"username": "clerk", "password": cast.password}, follow=True)
    assert response.status_code == 200
    assert "待办事项" in response.content.decode()


def test_a_wrong_password_gets_a_clear_message_and_a_4xx(client, cast):
    response = client.post("/workbench/login", {"username": "clerk", "password": "nope-nope-nope"})
    assert response.status_code == 400
    assert "用户名或密码不正确" in response.content.decode()


def test_an_empty_form_is_a_4xx_not_a_500(client, cast):
    assert client.post("/workbench/login", {}).status_code == 400


def test_a_public_account_cannot_enter_the_workbench(client, cast):
    response = client.post("/workbench/login", {"username": "citizen", "password": cast.password})
    assert response.status_code == 403
    client.force_login(cast.citizen)
    assert client.get("/workbench/").status_code == 403


def test_repeated_failures_lock_the_account_even_with_the_right_password(client, cast, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/workbench/login", {"username": "clerk", "password": "wrong-password-1"})
    response = client.post("/workbench/login", {"username": "clerk", "password": cast.password})
    assert response.status_code == 429
    assert "锁定" in response.content.decode()
    assert not Event.objects.filter(verb="security.login").exists()


def test_an_enrolled_authenticator_is_asked_for_after_the_password(client, cast, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp slows retries after a failure; not what this test is about
    device = TOTPDevice.objects.create(user=cast.clerk, name="phone", confirmed=True)
    response = client.post("/workbench/login", {"username": "clerk", "password": cast.password})
    assert "动态验证码" in response.content.decode()
    assert client.get("/workbench/").status_code == 302  # not signed in yet
    bad = client.post("/workbench/login", {"token": "000000"})
    assert bad.status_code == 400
    code = f"{TOTP(device.bin_key, device.step, device.t0, device.digits).token():06d}"
    ok = client.post("/workbench/login", {"token": code})
    assert ok.status_code == 302
    assert client.get("/workbench/").status_code == 200


def test_an_expired_session_says_so_on_the_login_page(client, cast):
    client.force_login(cast.clerk)
    client.cookies[SESSION_MARK] = "1"
    client.logout()  # the server forgets the session, as expiry does
    client.cookies[SESSION_MARK] = "1"
    response = client.get("/workbench/", follow=True)
    assert "会话已超时" in response.content.decode()


def test_sessions_time_out_after_the_idle_setting(settings):
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_IDLE_MINUTES * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST


def test_logout_needs_post_and_ends_the_session(client, cast):
    client.force_login(cast.clerk)
    assert client.get("/workbench/logout").status_code == 405
    client.post("/workbench/logout")
    assert client.get("/workbench/").status_code == 302


def test_the_next_parameter_cannot_send_staff_off_site(client, cast):
    response = client.post(
        "/workbench/login?next=https://evil.example/",
        {"username": "clerk", "password": cast.password, "next": "https://evil.example/"},
    )
    assert response["Location"] == "/workbench/"


def test_the_admin_signs_in_through_the_workbench_login(client, cast):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302 and response["Location"] == "/workbench/login?next=/admin/"
    client.post(
        "/workbench/login?next=/admin/", {"username": "cityadmin", "password": cast.password, "next": "/admin/"}
    )
    assert client.get("/admin/").status_code == 200
