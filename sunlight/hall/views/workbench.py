"""Staff pages: the windows of my centers, a window's day board (queue and appointments), opening slots."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sunlight.accounts.access import staff_required
from sunlight.acts import perform
from sunlight.orgs import scope

from .. import actions
from ..forms import OpenSlotsForm
from ..models import ServiceSlot, Ticket
from ..queries import board, staff_appointment, staff_ticket, staff_window, staff_windows


@staff_required
def index(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    windows = staff_windows(request.user).annotate(
        waiting=Count("tickets", filter=Q(tickets__day=today, tickets__status=Ticket.Status.WAITING)),
        served=Count("tickets", filter=Q(tickets__day=today, tickets__status=Ticket.Status.SERVED)),
    )[:200]
    return render(request, "hall/workbench/index.html", {"windows": windows, "today": today})


def _board_page(request: HttpRequest, window, status: int = 200) -> HttpResponse:
    context = {
        "window": window,
        "may_act": scope.can_act(request.user, window.center, actions.CLERK_ROLES),
        **board(window),
    }
    return render(request, "hall/workbench/board.html", context, status=status)


@staff_required
def window_board(request: HttpRequest, pk: int) -> HttpResponse:
    return _board_page(request, staff_window(request.user, pk))


def _board_act(request: HttpRequest, window, act) -> HttpResponse:
    return perform(
        request,
        act,
        done=reverse("hall_wb:board", args=[window.pk]),
        refused=lambda exc: _board_page(request, window, status=exc.status),
    )


@staff_required
def take(request: HttpRequest, pk: int) -> HttpResponse:
    window = staff_window(request.user, pk)
    return _board_act(
        request,
        window,
        lambda data: _("已取号 %(label)s。") % {"label": actions.take_ticket(window, by=request.user).label},
    )


@staff_required
def call(request: HttpRequest, pk: int) -> HttpResponse:
    window = staff_window(request.user, pk)
    return _board_act(
        request,
        window,
        lambda data: (
            _("请 %(label)s 号到 %(window)s 窗口。")
            % {"label": actions.call_next(window, by=request.user).label, "window": window.number}
        ),
    )


@staff_required
def finish(request: HttpRequest, pk: int) -> HttpResponse:
    ticket = staff_ticket(request.user, pk)
    return _board_act(
        request,
        ticket.window,
        lambda data: (
            actions.finish_ticket(ticket, by=request.user) and _("%(label)s 办理完毕。") % {"label": ticket.label}
        ),
    )


@staff_required
def skip(request: HttpRequest, pk: int) -> HttpResponse:
    ticket = staff_ticket(request.user, pk)
    return _board_act(
        request,
        ticket.window,
        lambda data: actions.skip_ticket(ticket, by=request.user) and _("%(label)s 已过号。") % {"label": ticket.label},
    )


@staff_required
def check_in(request: HttpRequest, pk: int) -> HttpResponse:
    appointment = staff_appointment(request.user, pk)
    window = appointment.slot.window
    return _board_act(
        request,
        window,
        lambda data: _("已签到，号码 %(label)s。") % {"label": actions.check_in(appointment, by=request.user).label},
    )


def _slots_page(request: HttpRequest, window, form: OpenSlotsForm, status: int = 200) -> HttpResponse:
    today = timezone.localdate()
    upcoming = (
        ServiceSlot.objects.filter(window=window, day__gte=today, day__lt=today + timedelta(days=31))
        .annotate(taken=Count("appointments", filter=Q(appointments__status__in=("booked", "arrived"))))
        .order_by("day", "starts_at")[:400]
    )
    return render(
        request, "hall/workbench/slots.html", {"window": window, "form": form, "slots": upcoming}, status=status
    )


@staff_required
def open_slots(request: HttpRequest, pk: int) -> HttpResponse:
    window = staff_window(request.user, pk)
    if request.method != "POST":
        start = timezone.localdate() + timedelta(days=1)
        return _slots_page(
            request, window, OpenSlotsForm(initial={"first_day": start, "last_day": start + timedelta(6)})
        )
    form = OpenSlotsForm(request.POST)

    def act(data):
        made = actions.open_slots(
            window,
            by=request.user,
            first_day=data["first_day"],
            last_day=data["last_day"],
            times=data["times"],
            capacity=data["capacity"],
        )
        return _("已开放 %(n)s 个时段。") % {"n": len(made)}

    return perform(
        request,
        act,
        form=form,
        done=reverse("hall_wb:slots", args=[window.pk]),
        refused=lambda exc: _slots_page(request, window, form, status=exc.status),
    )
