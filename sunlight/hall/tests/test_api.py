"""/api/v1/hall/: public free slots, a citizen's bookings, the staff board and queue."""

from __future__ import annotations

import pytest

from sunlight.hall.models import Appointment, Ticket

from .builders import arrived, booked, citizen, force_slot_today, slot

API = "/api/v1/hall"


def test_free_slots_are_public(client, cast):
    the_slot = slot(cast.window, cast.clerk, capacity=2)
    booked(the_slot, citizen("first"))
    body = client.get(f"{API}/slots?center={cast.east_center.pk}").json()
    row = next(r for r in body["items"] if r["id"] == the_slot.pk)
    assert row["free"] == 1 and row["center"] == "青溪区政务服务中心"


@pytest.mark.parametrize("query", ["center=999999", "window=999999", "center=abc", "day=2026-02-31", "center=0"])
def test_a_bad_filter_is_a_clear_4xx(client, cast, query):
    assert 400 <= client.get(f"{API}/slots?{query}").status_code < 500


def test_a_citizen_books_lists_and_cancels(client, cast):
    the_slot = slot(cast.window, cast.clerk)
    client.force_login(cast.citizen)
    made = client.post(f"{API}/mine", {"slot_id": the_slot.pk}, content_type="application/json")
    assert made.status_code == 201 and made.json()["status"] == "booked"
    again = client.post(f"{API}/mine", {"slot_id": the_slot.pk}, content_type="application/json")
    assert again.status_code == 400 and again.json()["error"] == "already_booked"
    assert [a["id"] for a in client.get(f"{API}/mine").json()] == [made.json()["id"]]
    cancelled = client.post(f"{API}/mine/{made.json()['id']}/cancel")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"


def test_a_bad_item_or_slot_is_refused_and_nothing_is_written(client, cast):
    the_slot = slot(cast.window, cast.clerk)
    client.force_login(cast.citizen)
    bad_item = client.post(f"{API}/mine", {"slot_id": the_slot.pk, "item_id": 999999}, content_type="application/json")
    assert bad_item.status_code == 400
    assert client.post(f"{API}/mine", {"slot_id": 999999}, content_type="application/json").status_code == 404
    assert client.post(f"{API}/mine", {"slot_id": "x"}, content_type="application/json").status_code == 422
    assert not Appointment.objects.exists()


def test_the_citizen_checks_in_by_the_api_on_the_day(client, cast):
    appointment = booked(slot(cast.window, cast.clerk), cast.citizen)
    force_slot_today(appointment.slot)
    client.force_login(cast.citizen)
    response = client.post(f"{API}/mine/{appointment.pk}/check-in")
    assert response.status_code == 200 and response.json()["label"] == "A001"


def test_the_citizen_api_refuses_anonymous_visitors_staff_and_other_people(client, cast):
    the_slot = slot(cast.window, cast.clerk)
    appointment = booked(the_slot, cast.citizen)
    assert client.get(f"{API}/mine").status_code == 401
    assert client.post(f"{API}/mine", {"slot_id": the_slot.pk}, content_type="application/json").status_code == 401
    client.force_login(cast.clerk)
    assert client.get(f"{API}/mine").status_code == 403
    client.force_login(citizen("other"))
    assert client.post(f"{API}/mine/{appointment.pk}/cancel").status_code == 404
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.BOOKED


def test_the_clerk_runs_the_queue_by_the_api(client, cast):
    ticket = arrived(slot(cast.window, cast.clerk), cast.citizen, cast.clerk)
    client.force_login(cast.clerk)
    walk_in = client.post(f"{API}/staff/windows/{cast.window.pk}/tickets")
    assert walk_in.status_code == 201 and walk_in.json()["label"] == "A002"
    board = client.get(f"{API}/staff/windows/{cast.window.pk}/board").json()
    assert [t["label"] for t in board["waiting"]] == ["A001", "A002"]
    assert len(board["appointments"]) == 1
    called = client.post(f"{API}/staff/windows/{cast.window.pk}/call").json()
    assert called["id"] == ticket.pk
    finished = client.post(f"{API}/staff/tickets/{ticket.pk}/finish").json()
    assert finished["status"] == "served"


STAFF = [
    ("get", "/staff/windows/{window}/board"),
    ("post", "/staff/windows/{window}/tickets"),
    ("post", "/staff/windows/{window}/call"),
    ("post", "/staff/tickets/{ticket}/finish"),
]


@pytest.mark.parametrize(("method", "url"), STAFF)
def test_the_staff_api_refuses_outsiders_citizens_and_anonymous_visitors(client, cast, method, url):
    from django.utils import timezone

    ticket = Ticket.objects.create(
        window=cast.window,
        center=cast.east_center,
        day=timezone.localdate(),
        number=1,
        label="A001",
        status=Ticket.Status.CALLED,
    )
    path = API + url.format(window=cast.window.pk, ticket=ticket.pk)
    assert getattr(client, method)(path).status_code == 401
    client.force_login(cast.citizen)
    assert getattr(client, method)(path).status_code == 403
    client.force_login(cast.outsider)
    assert getattr(client, method)(path).status_code == 404
    assert Ticket.objects.count() == 1 and Ticket.objects.get().status == Ticket.Status.CALLED


def test_a_citizen_post_without_the_csrf_token_is_refused(cast):
    from django.test import Client

    the_slot = slot(cast.window, cast.clerk)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(cast.citizen)
    response = strict.post(f"{API}/mine", {"slot_id": the_slot.pk}, content_type="application/json")
    assert response.status_code == 403 and not Appointment.objects.exists()
