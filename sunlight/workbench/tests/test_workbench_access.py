from django.utils import timezone

from sunlight.events.log import record
from sunlight.notify.models import Todo
from sunlight.notify.todos import feed_todo


def test_the_to_do_list_shows_only_my_open_items(client, cast):
    feed_todo(cast.clerk, "k1", "审核一份文件", level="warning")
    feed_todo(cast.colleague, "k2", "同事的待办")
    Todo.objects.create(user=cast.clerk, key="k3", title="已完成的事", done_at=timezone.now())
    client.force_login(cast.clerk)
    page = client.get("/workbench/").content.decode()
    assert "审核一份文件" in page and "同事的待办" not in page and "已完成的事" not in page


def test_feeding_the_same_to_do_twice_keeps_one(cast):
    feed_todo(cast.clerk, "same", "一")
    feed_todo(cast.clerk, "same", "二")
    assert Todo.objects.filter(user=cast.clerk).count() == 1


def test_marking_someone_elses_to_do_done_is_refused(client, cast):
    todo = feed_todo(cast.colleague, "k", "同事的")
    client.force_login(cast.clerk)
    assert client.post(f"/workbench/todos/{todo.pk}/done").status_code == 404
    todo.refresh_from_db()
    assert todo.done_at is None


def test_an_outsider_is_refused_the_org_page_and_its_timeline(client, cast):
    client.force_login(cast.outsider)
    assert client.get(f"/workbench/orgs/{cast.east_center.pk}").status_code == 403
    assert client.get(f"/workbench/timeline/orgs.org/{cast.east_center.pk}").status_code == 403


def test_a_supervisor_sees_a_district_orgs_timeline(client, cast):
    record("orgs.org.update", actor=cast.admin, org=cast.east_center, obj=cast.east_center, after={"phone": "0000"})
    client.force_login(cast.supervisor)
    response = client.get(f"/workbench/timeline/orgs.org/{cast.east_center.pk}")
    assert (
        response.status_code == 200
        and "修改机构" in response.content.decode()
        and "orgs.org.update" not in response.content.decode()
    )


def test_unknown_objects_in_the_timeline_are_a_404(client, cast):
    client.force_login(cast.supervisor)
    assert client.get("/workbench/timeline/nope.nope/1").status_code == 404
    assert client.get("/workbench/timeline/orgs.org/999999").status_code == 404
    assert client.get("/workbench/timeline/orgs.org/abc").status_code == 404


def test_the_event_list_shows_a_clerk_only_her_orgs_events(client, cast):
    record("test.east", actor=cast.admin, org=cast.east_center, obj=cast.east_center)
    record("test.west", actor=cast.admin, org=cast.west_center, obj=cast.west_center)
    client.force_login(cast.clerk)
    page = client.get("/workbench/events").content.decode()
    assert "test.east" in page and "test.west" not in page


def test_the_event_list_filters_and_rejects_bad_dates_gracefully(client, cast):
    client.force_login(cast.supervisor)
    assert client.get("/workbench/events?date_from=not-a-date").status_code == 200
    assert client.get("/workbench/events?verb=security&page=999").status_code == 200


def test_staff_pages_send_anonymous_visitors_to_login(client, cast):
    for url in ["/workbench/", "/workbench/events", "/workbench/security", f"/workbench/orgs/{cast.city.pk}"]:
        response = client.get(url)
        assert response.status_code == 302 and "/workbench/login" in response["Location"]


def test_staff_can_issue_and_revoke_an_api_token(client, cast):
    client.force_login(cast.clerk)
    response = client.post("/workbench/security", {"action": "token_issue", "name": "OA 对接", "days": "30"})
    # POST/redirect/GET: the secret is shown once on the page after the redirect, never in the URL.
    assert response.status_code == 302 and response["Location"] == "/workbench/security"
    assert "sl_" in client.get("/workbench/security").content.decode()
    assert "sl_" not in client.get("/workbench/security").content.decode()  # a reload issues and shows nothing
    token = cast.clerk.api_tokens.get()
    client.post("/workbench/security", {"action": "token_revoke", "token": token.pk})
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_a_bad_token_form_is_a_400(client, cast):
    client.force_login(cast.clerk)
    assert client.post("/workbench/security", {"action": "token_issue", "name": "", "days": "9999"}).status_code == 400


def test_starting_the_authenticator_enrolment_redirects_and_a_reload_makes_no_second_device(client, cast):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.force_login(cast.clerk)
    response = client.post("/workbench/security", {"action": "otp_start"})
    assert response.status_code == 302 and response["Location"] == "/workbench/security"
    assert "<svg" in client.get("/workbench/security").content.decode()
    client.post("/workbench/security", {"action": "otp_start"})
    assert TOTPDevice.objects.filter(user=cast.clerk).count() == 1
