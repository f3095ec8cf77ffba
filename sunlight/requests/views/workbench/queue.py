"""The staff queue of requests (filters, tabs, deadlines) and the registration of a request that came in on paper."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from sunlight import masking
from sunlight.accounts.access import staff_required
from sunlight.clock.calendar import CalendarNotLoaded, WorkCalendar, get_calendar
from sunlight.errors import SunlightError
from sunlight.orgs import scope

from ... import actions
from ...actions import Applicant
from ...forms.workbench import QueueFilterForm, RegisterForm, handler_orgs
from ...models import InfoRequest
from ...queries import OpenFirst
from ...roles import HANDLING_KINDS
from .common import NATURAL_PERSON, S, deadline_of, shown

PAGE_SIZE = 30
SOON_WORKING_DAYS = 5  # the "due soon" filter


def _soon_until(cal: WorkCalendar, today: date) -> date:
    """The last day that counts as "due within 5 working days"."""
    try:
        return cal.add_working_days(today, SOON_WORKING_DAYS)
    except CalendarNotLoaded:
        # Next year's holidays not entered yet: a week of natural days is the honest approximation.
        return today + timedelta(days=7)


@staff_required
def request_list(request: HttpRequest) -> HttpResponse:
    user, today, cal = request.user, timezone.localdate(), get_calendar()
    soon_until = _soon_until(cal, today)
    base = scope.scoped(InfoRequest.objects.all(), user, "org")
    # The org filter offers the agencies the user can see (asking which have requests would scan them all).
    orgs = list(
        scope.visible_orgs(user).filter(kind__in=HANDLING_KINDS).order_by("path", "sort_order").only("pk", "name")
    )
    form = QueueFilterForm(request.GET or None, orgs=orgs)
    f = form.values()

    qs = base
    if f.get("org"):
        qs = qs.filter(org_id=f["org"])
    if f.get("received_from"):
        qs = qs.filter(received_on__gte=f["received_from"])
    if f.get("received_to"):
        qs = qs.filter(received_on__lte=f["received_to"])

    is_open = ~Q(status=S.CLOSED)
    overdue_q = is_open & Q(due_on__lt=today)
    soon_q = is_open & Q(due_on__gte=today, due_on__lte=soon_until)
    # Every tab's count, under the org and date filters (so each count is what its tab shows): one
    # GROUP BY status and two range counts, each answered from the (org, status, due_on) index.
    # COUNT(*), not COUNT(id): the id is not in the index, and reading it would visit every row.
    by_status = dict(qs.order_by().values_list("status").annotate(n=Count("*")))
    counts = {f"status_{s}": by_status.get(s, 0) for s in S.values}
    counts["all"] = sum(by_status.values())
    counts["open"] = counts["all"] - counts[f"status_{S.CLOSED}"]
    counts["overdue"] = qs.filter(overdue_q).count()
    counts["soon"] = qs.filter(soon_q).count()

    if f.get("status"):
        qs = qs.filter(status=f["status"])
    due = f.get("due", "")
    if due == "open":
        qs = qs.filter(is_open)
    elif due == "overdue":
        qs = qs.filter(overdue_q)
    elif due == "soon":
        qs = qs.filter(soon_q)

    qs = qs.select_related("org", "applicant_type", "outcome")
    rows_in_order = (
        qs.order_by("-received_on", "-pk")
        if f.get("sort") == "received"
        else OpenFirst(qs, **_known_sizes(counts, f.get("status", ""), due))
    )
    page = Paginator(rows_in_order, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(info_request, deadline_of(info_request, cal, today), _list_name(info_request)) for info_request in page]
    statuses = [(value, label, counts[f"status_{value}"]) for value, label in S.choices]
    # The tabs keep the org, date and sort filters (their counts are computed under them).
    keep = urlencode({k: request.GET[k] for k in ("org", "received_from", "received_to", "sort") if k in f})
    return render(
        request,
        "requests/workbench/list.html",
        {
            "page": page,
            "rows": rows,
            "form": form,
            "f": f,
            "counts": counts,
            "statuses": statuses,
            "today": today,
            "keep": keep,
            "can_register": user.is_superuser or handler_orgs(user).exists(),
        },
    )


def _known_sizes(counts: dict, status: str, due: str) -> dict:
    """The open and closed sizes of the listed rows when the tab counts already hold them (one filter at most)."""
    if status and due:
        return {}
    if status:
        n = counts[f"status_{status}"]
        return {"n_open": 0, "n_closed": n} if status == S.CLOSED else {"n_open": n, "n_closed": 0}
    if due in ("open", "overdue", "soon"):
        return {"n_open": counts[due], "n_closed": 0}
    return {"n_open": counts["open"], "n_closed": counts[f"status_{S.CLOSED}"]}


def _list_name(info_request: InfoRequest) -> str:
    """A natural person's name is masked in lists; an organisation's name is not personal data."""
    return (
        masking.mask_name(info_request.applicant_name)
        if info_request.applicant_type.code == NATURAL_PERSON
        else info_request.applicant_name
    )


@staff_required
def request_new(request: HttpRequest) -> HttpResponse:
    """登记: a request that came in person, by post, fax or e-mail, entered by a handler."""
    if not handler_orgs(request.user).exists():
        raise PermissionDenied(_("无权登记政府信息公开申请：需要信息公开工作人员、承办人或管理员岗位。"))
    form = RegisterForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        applicant = Applicant(
            type=d["applicant_type"],
            name=d["applicant_name"],
            id_number=d["id_number"],
            phone=d["phone"],
            email=d["email"],
            address=d["address"],
        )
        registration = {
            "org": d["org"],
            "applicant": applicant,
            "channel": d["channel"],
            "received_on": d["received_on"],
            "description": d["description"],
            "format": d["format"],
            "delivery": d["delivery"],
        }
        try:
            if d["submission_key"]:
                info_request, replayed = actions.register_once(key=d["submission_key"], by=request.user, **registration)
            else:
                info_request, replayed = actions.register(by=request.user, **registration), False
        except SunlightError as exc:
            form.add_error(None, exc.message)
        else:
            if replayed:
                messages.info(
                    request, _("该申请已经登记过，没有重复登记。申请编号 %(n)s。") % {"n": info_request.number}
                )
            else:
                messages.success(
                    request,
                    _("已登记，申请编号 %(n)s；答复期限 %(d)s。")
                    % {"n": info_request.number, "d": shown(info_request.due_on, info_request.due_on_estimated)},
                )
            return redirect("requests_wb:detail", pk=info_request.pk)
    return render(request, "requests/workbench/form.html", {"form": form}, status=400 if form.errors else 200)
