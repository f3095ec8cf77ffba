from sunlight.events.log import record
from sunlight.events.models import Event


def test_a_successful_staff_login_is_logged(client, cast):
    client.post("/workbench/login", {"username": "clerk", "password": cast.password})
    assert Event.objects.filter(verb="security.login", actor=cast.clerk).exists()


def test_a_failed_login_is_logged_without_the_password(client, cast):
    client.post("/workbench/login", {"username": "clerk", "password": "wrong-password-123"})
    event = Event.objects.get(verb="security.login_failed")
    assert event.actor_label == "clerk"
    assert "wrong-password" not in str(event.data)


def test_a_permission_denied_in_the_workbench_is_logged(client, cast):
    client.force_login(cast.outsider)
    response = client.get(f"/workbench/orgs/{cast.east_center.pk}")
    assert response.status_code == 403
    event = Event.objects.get(verb="security.permission_denied")
    assert event.actor == cast.outsider and event.data["path"].endswith(str(cast.east_center.pk))


def test_the_event_log_cannot_be_edited_in_the_admin(client, django_user_model):
    admin = django_user_model.objects.create_superuser("root", password="Root-password-2026")
    client.force_login(admin)
    event = record("test.act", actor=admin)
    assert client.get("/admin/events/event/add/").status_code == 403
    response = client.post(f"/admin/events/event/{event.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403 and Event.objects.filter(pk=event.pk).exists()
