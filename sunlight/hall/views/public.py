"""Public pages: the slot finder, booking (signed in), my appointments with cancel and kiosk check-in."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from sunlight.acts import perform
from sunlight.ints import ascii_int
from sunlight.modules import url_if_declared
from sunlight.notify.public_cache import public_page

from .. import actions
from ..forms import BookForm
from ..queries import (
    FINDER_DAYS,
    my_appointment,
    my_appointments,
    open_windows,
    public_centers,
    public_slot,
    public_slots,
)


def _choice(request: HttpRequest, name: str, queryset):
    """?center= / ?window=: empty is none; a bad or unknown id is a 404, never a 500."""
    raw = request.GET.get(name)
    if not raw:
        return None
    pk = ascii_int(raw)
    found = queryset.filter(pk=pk).first() if pk else None
    if found is None:
        raise Http404(f"no such {name}")
    return found


def _day(request: HttpRequest) -> date | None:
    raw = request.GET.get("day", "")
    if not raw:
        return None
    try:
        return date.fromisoformat(raw[:10])
    except ValueError:
        raise Http404("bad day") from None


@public_page("hall")
def slots(request: HttpRequest) -> HttpResponse:
    """预约办事: the coming two weeks' slots with free places, by center, window and day."""
    center = _choice(request, "center", public_centers())
    windows = open_windows().filter(center=center) if center else open_windows().none()
    window = _choice(request, "window", windows if center else open_windows())
    day = _day(request)
    found = public_slots(center=center, window=window, day=day)[:300]
    context = {
        "centers": public_centers(),
        "windows": windows,
        "center": center,
        "window": window,
        "day": day,
        "slots": found,
        "finder_days": FINDER_DAYS,
        "item": ascii_int(request.GET.get("item", "")) or "",
    }
    return render(request, "hall/public/slots.html", context)


def _book_page(request: HttpRequest, slot, form: BookForm, status: int = 200) -> HttpResponse:
    return render(request, "hall/public/book.html", {"slot": slot, "form": form}, status=status)


@never_cache
@login_required(login_url="accounts:login")
def book(request: HttpRequest, pk: int) -> HttpResponse:
    slot = public_slot(pk)
    if request.method != "POST":
        return _book_page(request, slot, BookForm(initial={"item": ascii_int(request.GET.get("item", "")) or None}))
    form = BookForm(request.POST)

    def act(data):
        appointment = actions.book_appointment(slot, by=request.user, item=data.get("item"))
        return _("已预约 %(day)s %(start)s，%(window)s。") % {
            "day": f"{slot.day:%Y-%m-%d}",
            "start": f"{slot.starts_at:%H:%M}",
            "window": str(appointment.slot.window),
        }

    return perform(
        request,
        act,
        form=form,
        done=reverse("hall:mine"),
        refused=lambda exc: _book_page(request, slot, form, status=exc.status),
    )


def _rating_url(appointment) -> str:
    """好差评 of a served visit, when a rating module declares "ratings:visit" (a module above this one: found by its
    URL name, never imported)."""
    return url_if_declared("ratings:visit", appointment.pk)


def _mine_page(request: HttpRequest, status: int = 200) -> HttpResponse:
    rows = list(my_appointments(request.user)[:100])
    now = timezone.now()
    today = timezone.localdate()
    for row in rows:
        row.can_cancel = row.status == row.Status.BOOKED and actions.slot_start(row.slot) > now
        row.can_check_in = row.status == row.Status.BOOKED and row.slot.day == today
        row.rating_url = _rating_url(row) if row.status == row.Status.SERVED else ""
    return render(request, "hall/public/mine.html", {"appointments": rows}, status=status)


@never_cache
@login_required(login_url="accounts:login")
def mine(request: HttpRequest) -> HttpResponse:
    return _mine_page(request)


@never_cache
@login_required(login_url="accounts:login")
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    appointment = my_appointment(request.user, pk)
    return perform(
        request,
        lambda data: actions.cancel_appointment(appointment, by=request.user) and _("已取消预约。"),
        done=reverse("hall:mine"),
        refused=lambda exc: _mine_page(request, status=exc.status),
    )


@never_cache
@login_required(login_url="accounts:login")
def check_in(request: HttpRequest, pk: int) -> HttpResponse:
    appointment = my_appointment(request.user, pk)

    def act(data):
        ticket = actions.check_in(appointment, by=request.user)
        return _("已签到，您的号码是 %(label)s，请留意 %(window)s 叫号。") % {
            "label": ticket.label,
            "window": ticket.window.number,
        }

    return perform(request, act, done=reverse("hall:mine"), refused=lambda exc: _mine_page(request, status=exc.status))
