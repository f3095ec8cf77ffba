from sunlight.workbench.models import Heartbeat


def test_the_home_page_is_chinese_with_a_skip_link_and_landmarks(client, db):
    page = client.get("/").content.decode()
    assert 'lang="zh-Hans"' in page
    assert 'href="#main"' in page and '<main id="main"' in page and "<nav" in page and "<footer" in page
    for label in ["信息公开", "依申请公开", "年度报告"]:
        assert label in page


def test_a_built_modules_old_placeholder_address_leads_to_its_page_and_an_unbuilt_one_is_not_found(client, db):
    assert client.get("/m/disclosure/")["Location"] == "/disclosure/"
    assert client.get("/m/requests/")["Location"] == "/requests/"
    assert client.get("/m/reports/")["Location"] == "/reports/"
    assert client.get("/m/supervision/")["Location"] == "/supervision/"
    assert client.get("/m/letters/")["Location"] == "/letters/"
    for slug in ["services", "powers", "nothing"]:
        assert client.get(f"/m/{slug}/").status_code == 404


def test_english_is_served_through_i18n(client, db):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/").content.decode()
    assert 'lang="en"' in page and "Skip to main content" in page


def test_elder_mode_persists_in_a_cookie(client, db):
    response = client.post("/elder-mode", {"on": "1", "next": "/m/disclosure/"})
    assert response.status_code == 302 and response["Location"] == "/m/disclosure/"
    assert 'class="elder' in client.get("/").content.decode()
    client.post("/elder-mode", {"on": "0", "next": "/"})
    assert 'class="elder' not in client.get("/").content.decode()


def test_elder_mode_is_remembered_on_the_account(client, cast):
    client.force_login(cast.citizen)
    client.post("/elder-mode", {"on": "1", "next": "/"})
    cast.citizen.refresh_from_db()
    assert cast.citizen.elder_mode
    client.cookies.clear()
    client.force_login(cast.citizen)
    assert 'class="elder' in client.get("/").content.decode()


def test_elder_mode_will_not_redirect_off_site(client, db):
    assert client.post("/elder-mode", {"on": "1", "next": "https://evil.example/"})["Location"] == "/"


def test_healthz_reports_the_database_and_an_unknown_worker(client, db):
    body = client.get("/healthz").json()
    assert body["database"]["status"] == "ok" and body["worker"]["status"] == "unknown"


def test_healthz_reports_a_live_worker_after_a_heartbeat(client, db):
    from sunlight.workbench.tasks import beat

    beat.call()
    body = client.get("/healthz").json()
    assert body["worker"]["status"] == "ok" and body["status"] == "ok"


def test_healthz_calls_an_old_heartbeat_stale(client, db):
    from datetime import timedelta

    from django.utils import timezone

    Heartbeat.objects.create(pk=1, at=timezone.now() - timedelta(hours=1))
    body = client.get("/healthz").json()
    assert body["worker"]["status"] == "stale" and body["status"] == "degraded"


def test_public_pages_are_cached_for_anonymous_visitors_until_public_content_changes(
    client, db, django_assert_num_queries
):
    from sunlight.notify.public_cache import public_changed

    client.get("/")
    with django_assert_num_queries(1):  # only the revision look-up
        assert client.get("/").status_code == 200
    public_changed("disclosure")
    with django_assert_num_queries(2) as ctx:
        client.get("/")
    assert len(ctx.captured_queries) >= 2


def test_public_pages_carry_no_csrf_token_and_preferences_are_links(client, db):
    page = client.get("/").content.decode()
    assert "csrfmiddlewaretoken" not in page and "X-CSRFToken" not in page
    response = client.get("/language/en?next=/m/disclosure/")
    assert response.status_code == 302 and response["Location"] == "/m/disclosure/"
    assert 'lang="en"' in client.get("/").content.decode()
    assert client.get("/language/xx").status_code == 404
    assert client.get("/elder-mode?on=1&next=https://evil.example/")["Location"] == "/"
