"""What the public, a citizen and staff see of the hall."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Count, F, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from sunlight.orgs import scope
from sunlight.orgs.models import Org, Window

from .actions import CLERK_ROLES
from .models import Appointment, ServiceSlot, Ticket

# How far ahead the slot finder looks.
FINDER_DAYS = 14


def open_windows() -> QuerySet[Window]:
    return Window.objects.filter(
        is_active=True, center__is_active=True, center__kind=Org.Kind.SERVICE_CENTER
    ).select_related("center")


def public_centers() -> QuerySet[Org]:
    return Org.objects.filter(pk__in=open_windows().values("center")).order_by("path")


def public_slots(
    *, center: Org | None = None, window: Window | None = None, day: date | None = None
) -> QuerySet[ServiceSlot]:
    """Slots still to start in the next FINDER_DAYS days of open windows, each with `taken` and `free` places."""
    today = timezone.localdate()
    slots = ServiceSlot.objects.filter(
        window__in=open_windows(), day__gte=today, day__lt=today + timedelta(FINDER_DAYS)
    )
    if day is not None:
        slots = slots.filter(day=day)
    if center is not None:
        slots = slots.filter(window__center=center)
    if window is not None:
        slots = slots.filter(window=window)
    now = timezone.localtime()
    slots = slots.exclude(day=today, starts_at__lte=now.time())
    return (
        slots.select_related("window__center")
        .annotate(taken=Count("appointments", filter=Q(appointments__status__in=Appointment.ACTIVE)))
        .annotate(free=F("capacity") - F("taken"))
        .order_by("day", "starts_at", "window__center__path", "window__number")
    )


def public_slot(pk: int) -> ServiceSlot:
    found = public_slots().filter(pk=pk).first()
    if found is None:
        raise Http404("no such open slot")
    return found


def my_appointments(user) -> QuerySet[Appointment]:
    return (
        Appointment.objects.filter(user=user)
        .select_related("slot__window__center", "item")
        .order_by("-slot__day", "-slot__starts_at", "-pk")
    )


def my_appointment(user, pk: int) -> Appointment:
    found = my_appointments(user).filter(pk=pk).first()
    if found is None:
        raise Http404("not one of your appointments")
    return found


def staff_windows(user) -> QuerySet[Window]:
    """The windows of the centers the staff member may see (clerks their center; admins, supervisors below)."""
    return (
        Window.objects.filter(scope.org_q(user, "center")).select_related("center").order_by("center__path", "number")
    )


def acting_windows(user) -> QuerySet[Window]:
    """The open windows whose slots and queue the staff member runs."""
    return staff_windows(user).filter(scope.org_q(user, "center", CLERK_ROLES), is_active=True)


def staff_window(user, pk: int) -> Window:
    found = staff_windows(user).filter(pk=pk).first()
    if found is None:
        raise Http404("no such window in your centers")
    return found


def staff_ticket(user, pk: int) -> Ticket:
    found = Ticket.objects.filter(scope.org_q(user, "center"), pk=pk).select_related("window__center").first()
    if found is None:
        raise Http404("no such ticket in your centers")
    return found


def staff_appointment(user, pk: int) -> Appointment:
    found = (
        Appointment.objects.filter(scope.org_q(user, "slot__window__center"), pk=pk)
        .select_related("slot__window__center", "user")
        .first()
    )
    if found is None:
        raise Http404("no such appointment in your centers")
    return found


def board(window: Window, day: date | None = None) -> dict:
    """A window's day: its tickets (queue order for the waiting ones) and the appointments of its slots."""
    day = day or timezone.localdate()
    tickets = Ticket.objects.filter(window=window, day=day).select_related("appointment__user", "served_by")
    appointments = (
        Appointment.objects.filter(slot__window=window, slot__day=day)
        .exclude(status=Appointment.Status.CANCELLED)
        .select_related("slot", "user", "item")
        .order_by("slot__starts_at", "pk")
    )
    return {
        "day": day,
        "called": [t for t in tickets if t.status == Ticket.Status.CALLED],
        "waiting": list(
            tickets.filter(status=Ticket.Status.WAITING)
            .annotate(walk_in=Q(appointment__isnull=True))
            .order_by("walk_in", "number")
        ),
        "done": [t for t in tickets.order_by("-number") if t.status in (Ticket.Status.SERVED, Ticket.Status.SKIPPED)],
        "appointments": list(appointments),
    }
