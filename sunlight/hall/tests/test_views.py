"""The hall's pages: public finder, booking, my appointments; the workbench board and slot form."""

from __future__ import annotations

from datetime import time

import pytest
from django.utils import timezone

from sunlight.hall.models import Appointment, ServiceSlot, Ticket

from .builders import arrived, booked, citizen, force_slot_today, slot


def test_the_finder_shows_free_places_to_anyone(client, cast):
    the_slot = slot(cast.window, cast.clerk, capacity=2)
    booked(the_slot, citizen("first"))
    page = client.get("/hall/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "青溪区政务服务中心" in text and "14:00" in text
    assert f"/hall/book/{the_slot.pk}/" in text


def test_the_finder_narrows_by_center_window_and_day_and_a_bad_filter_is_a_404(client, cast):
    the_slot = slot(cast.window, cast.clerk)
    page = client.get(f"/hall/?center={cast.east_center.pk}&window={cast.window.pk}&day={the_slot.day:%Y-%m-%d}")
    assert f"/hall/book/{the_slot.pk}/" in page.content.decode()
    empty = client.get(f"/hall/?center={cast.west_center.pk}")
    assert f"/hall/book/{the_slot.pk}/" not in empty.content.decode()
    for bad in ("center=abc", "center=999999", "window=%EF%BC%91", "day=2026-13-40"):
        assert client.get(f"/hall/?{bad}").status_code == 404


def test_a_full_slot_offers_no_booking_link(client, cast):
    the_slot = slot(cast.window, cast.clerk, capacity=1)
    booked(the_slot, citizen("first"))
    assert f"/hall/book/{the_slot.pk}/" not in client.get("/hall/").content.decode()


def test_booking_asks_an_anonymous_visitor_to_sign_in(client, cast):
    the_slot = slot(cast.window, cast.clerk)
    response = client.post(f"/hall/book/{the_slot.pk}/")
    assert response.status_code == 302 and "/accounts/login" in response["Location"]
    assert not Appointment.objects.exists()


def test_a_citizen_books_and_is_sent_to_my_appointments(client, cast):
    the_slot = slot(cast.window, cast.clerk)
    client.force_login(cast.citizen)
    assert client.get(f"/hall/book/{the_slot.pk}/").status_code == 200
    response = client.post(f"/hall/book/{the_slot.pk}/")
    assert response.status_code == 302 and response["Location"] == "/hall/mine/"
    assert Appointment.objects.get().user == cast.citizen
    mine = client.get("/hall/mine/").content.decode()
    assert "已预约" in mine and f"/hall/mine/{Appointment.objects.get().pk}/cancel" in mine


def test_a_second_booking_is_refused_in_place(client, cast):
    the_slot = slot(cast.window, cast.clerk)
    booked(the_slot, cast.citizen)
    client.force_login(cast.citizen)
    response = client.post(f"/hall/book/{the_slot.pk}/")
    assert response.status_code == 400 and "您已预约该时段" in response.content.decode()
    assert Appointment.objects.count() == 1


def test_a_bad_item_is_refused(client, cast):
    the_slot = slot(cast.window, cast.clerk)
    client.force_login(cast.citizen)
    response = client.post(f"/hall/book/{the_slot.pk}/", {"item": "999999"})
    assert response.status_code == 400 and not Appointment.objects.exists()


def test_a_past_slot_has_no_booking_page(client, cast):
    the_slot = slot(cast.window, cast.clerk)
    ServiceSlot.objects.filter(pk=the_slot.pk).update(day=timezone.localdate(), starts_at=time(8), ends_at=time(8, 30))
    client.force_login(cast.citizen)
    assert client.post(f"/hall/book/{the_slot.pk}/").status_code == 404
    assert not Appointment.objects.exists()


def test_the_owner_cancels_and_nobody_else_sees_the_appointment(client, cast):
    appointment = booked(slot(cast.window, cast.clerk), cast.citizen)
    client.force_login(citizen("other"))
    assert client.post(f"/hall/mine/{appointment.pk}/cancel").status_code == 404
    client.force_login(cast.citizen)
    response = client.post(f"/hall/mine/{appointment.pk}/cancel")
    assert response.status_code == 302
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.CANCELLED


def test_the_owner_checks_in_on_the_day_from_my_appointments(client, cast):
    appointment = booked(slot(cast.window, cast.clerk), cast.citizen)
    force_slot_today(appointment.slot)
    client.force_login(cast.citizen)
    assert "签到取号" in client.get("/hall/mine/").content.decode()
    client.post(f"/hall/mine/{appointment.pk}/check-in")
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.ARRIVED and appointment.ticket_number == "A001"


# Workbench


def test_the_clerk_sees_the_board_and_runs_the_queue(client, cast):
    ticket = arrived(slot(cast.window, cast.clerk), cast.citizen, cast.clerk)
    client.force_login(cast.clerk)
    assert str(cast.window.number) in client.get("/workbench/hall/").content.decode()
    board = client.get(f"/workbench/hall/window/{cast.window.pk}/")
    assert board.status_code == 200 and ticket.label in board.content.decode()
    assert client.post(f"/workbench/hall/window/{cast.window.pk}/take").status_code == 302
    assert client.post(f"/workbench/hall/window/{cast.window.pk}/call").status_code == 302
    assert client.post(f"/workbench/hall/ticket/{ticket.pk}/finish").status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.SERVED
    assert Ticket.objects.filter(appointment__isnull=True, status=Ticket.Status.WAITING).count() == 1


def test_calling_an_empty_queue_is_refused_in_place(client, cast):
    client.force_login(cast.clerk)
    response = client.post(f"/workbench/hall/window/{cast.window.pk}/call")
    assert response.status_code == 400 and "没有等候的号" in response.content.decode()


def test_the_clerk_checks_in_from_the_board(client, cast):
    appointment = booked(slot(cast.window, cast.clerk), cast.citizen)
    force_slot_today(appointment.slot)
    client.force_login(cast.clerk)
    assert client.post(f"/workbench/hall/appointment/{appointment.pk}/check-in").status_code == 302
    assert Ticket.objects.get().appointment == appointment


def test_the_clerk_opens_slots_from_the_form(client, cast):
    client.force_login(cast.clerk)
    assert client.get(f"/workbench/hall/window/{cast.window.pk}/slots").status_code == 200
    response = client.post(
        f"/workbench/hall/window/{cast.window.pk}/slots",
        {"first_day": "2026-06-16", "last_day": "2026-06-18", "times": "09:00-09:30, 14:00-14:30", "capacity": "2"},
    )
    assert response.status_code == 302
    assert ServiceSlot.objects.filter(window=cast.window).count() == 6


@pytest.mark.parametrize(
    "times", ["9点-10点", "10:00-09:00", "", "09:00"], ids=["words", "backwards", "empty", "no-end"]
)
def test_bad_slot_times_are_refused_in_place(client, cast, times):
    client.force_login(cast.clerk)
    response = client.post(
        f"/workbench/hall/window/{cast.window.pk}/slots",
        {"first_day": "2026-06-16", "last_day": "2026-06-16", "times": times, "capacity": "2"},
    )
    assert response.status_code == 400 and not ServiceSlot.objects.exists()


def test_a_supervisor_sees_the_board_but_cannot_act(client, cast):
    client.force_login(cast.supervisor)
    page = client.get(f"/workbench/hall/window/{cast.window.pk}/")
    assert page.status_code == 200 and "叫下一个号" not in page.content.decode()
    assert client.post(f"/workbench/hall/window/{cast.window.pk}/take").status_code == 403
    assert not Ticket.objects.exists()


STAFF_URLS = [
    ("get", "/workbench/hall/window/{window}/"),
    ("get", "/workbench/hall/window/{window}/slots"),
    ("post", "/workbench/hall/window/{window}/take"),
    ("post", "/workbench/hall/window/{window}/call"),
    ("post", "/workbench/hall/ticket/{ticket}/finish"),
    ("post", "/workbench/hall/ticket/{ticket}/skip"),
    ("post", "/workbench/hall/appointment/{appointment}/check-in"),
]


@pytest.mark.parametrize(("method", "url"), STAFF_URLS)
def test_outsiders_citizens_and_anonymous_visitors_are_refused_at_the_workbench(client, cast, method, url):
    appointment = booked(slot(cast.window, cast.clerk), cast.citizen)
    force_slot_today(appointment.slot)
    ticket = Ticket.objects.create(
        window=cast.window,
        center=cast.east_center,
        day=timezone.localdate(),
        number=99,
        label="A099",
        status=Ticket.Status.CALLED,
    )
    path = url.format(window=cast.window.pk, ticket=ticket.pk, appointment=appointment.pk)
    before = (Ticket.objects.filter(status=Ticket.Status.CALLED).count(), Ticket.objects.count())
    anonymous = getattr(client, method)(path)
    assert anonymous.status_code == 302 and "/login" in anonymous["Location"]
    client.force_login(cast.outsider)
    assert getattr(client, method)(path).status_code == 404
    client.force_login(cast.citizen)
    assert getattr(client, method)(path).status_code == 403
    assert (Ticket.objects.filter(status=Ticket.Status.CALLED).count(), Ticket.objects.count()) == before
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.BOOKED


def test_the_outsider_does_not_see_the_other_centers_windows(client, cast):
    client.force_login(cast.outsider)
    assert "综合受理" not in client.get("/workbench/hall/").content.decode()
