"""The workbench of efficiency complaints: the list (scoped, filtered, by due date), one complaint with its acts,
registering a walk-in or 12345 complaint, and the statistics by org and month with an Excel export."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from sunlight.accounts.access import staff_required
from sunlight.acts import perform
from sunlight.cases.queries import staff_cases
from sunlight.cases.views.shared import light
from sunlight.events.log import events_for
from sunlight.ints import ascii_int

from .. import actions, stats
from ..forms import ConcludeForm, NoteForm, RegisterForm, StartForm
from ..models import Complaint
from ..queries import staff_complaints
from ..rules import may_handle

PAGE_SIZE = 50
S = Complaint.Status
STATUSES = (
    ("open", gettext_lazy("全部在办")),
    (S.RECEIVED, S.RECEIVED.label),
    (S.INVESTIGATING, S.INVESTIGATING.label),
    (S.CONCLUDED, S.CONCLUDED.label),
    ("all", gettext_lazy("全部")),
)


@staff_required
def complaint_list(request: HttpRequest) -> HttpResponse:
    rows = staff_complaints(request.user)
    status = request.GET.get("status", "open")
    if status == "open":
        rows = rows.filter(status__in=Complaint.OPEN)
    elif status in S.values:
        rows = rows.filter(status=status)
    about = request.GET.get("about", "")
    if about in Complaint.About.values:
        rows = rows.filter(about=about)
    today = timezone.localdate()
    overdue = bool(request.GET.get("overdue"))
    if overdue:
        rows = rows.filter(status__in=Complaint.OPEN, due_on__lt=today)
    rows = rows.order_by("due_on", "received_on", "pk")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    items = [(c, light(c.due_on, today) if c.is_open else "none") for c in page]
    return render(
        request,
        "complaints/workbench/list.html",
        {
            "page": page,
            "items": items,
            "statuses": STATUSES,
            "abouts": Complaint.About.choices,
            "current": {"status": status, "about": about, "overdue": overdue},
        },
    )


def _visible(request: HttpRequest, pk: int) -> Complaint:
    complaint = staff_complaints(request.user).filter(pk=pk).first()
    if complaint is None:
        raise Http404(_("没有这件投诉，或您无权查看。"))
    return complaint


@dataclass(frozen=True)
class Act:
    label: str
    form: type[forms.Form]
    statuses: tuple[str, ...]
    run: Callable  # (complaint, user, cleaned_data) → Complaint
    done: str


ACTS = {
    "start": Act(
        gettext_lazy("启动调查"),
        StartForm,
        (S.RECEIVED,),
        lambda c, by, d: actions.start_investigation(c, by=by, note=d.get("note", "")),
        gettext_lazy("已启动调查。"),
    ),
    "note": Act(
        gettext_lazy("记录调查情况"),
        NoteForm,
        (S.RECEIVED, S.INVESTIGATING),
        lambda c, by, d: actions.add_investigation_note(c, by=by, text=d.get("text", "")),
        gettext_lazy("已记录调查情况。"),
    ),
    "conclude": Act(
        gettext_lazy("办结投诉"),
        ConcludeForm,
        (S.INVESTIGATING,),
        lambda c, by, d: actions.conclude_complaint(
            c,
            by=by,
            conclusion=d.get("conclusion", ""),
            findings=d.get("findings", ""),
            measures=d.get("measures", ""),
            card_ref=d.get("card_ref", ""),
            concluded_on=d.get("concluded_on"),
        ),
        gettext_lazy("投诉已办结，已告知投诉人。"),
    ),
}


def _detail(request: HttpRequest, complaint: Complaint, *, status: int = 200, bound: dict | None = None, code=""):
    handles = may_handle(request.user, complaint)
    bound = bound or {}
    acts = []
    if handles:
        for name, spec in ACTS.items():
            if complaint.status in spec.statuses:
                acts.append((name, spec.label, bound.get(name) or spec.form()))
    case_visible = complaint.case_id is not None and staff_cases(request.user).filter(pk=complaint.case_id).exists()
    return render(
        request,
        "complaints/workbench/detail.html",
        {
            "complaint": complaint,
            "code": code,
            "acts": acts,
            "handles": handles,
            "case_visible": case_visible,
            "events": events_for(complaint).select_related("actor", "org")[:100],
            "light": light(complaint.due_on, timezone.localdate()) if complaint.is_open else "none",
        },
        status=status,
    )


@staff_required
def complaint_detail(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = _visible(request, pk)
    code = request.session.pop(f"complaints:code:{complaint.pk}", "")
    return _detail(request, complaint, code=code)


@staff_required
@require_POST
def act(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    complaint = _visible(request, pk)
    spec = ACTS.get(name)
    if spec is None:
        raise Http404(_("没有这个操作。"))
    form = spec.form(request.POST)
    return perform(
        request,
        lambda data: spec.run(complaint, request.user, data) and str(spec.done),
        form=form,
        done=reverse("complaints_wb:detail", args=[complaint.pk]),
        refused=lambda exc: _detail(request, complaint, status=exc.status, bound={name: form}),
    )


@staff_required
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    form = RegisterForm(request.POST or None, initial={"channel": Complaint.Channel.PHONE, "about": "case"})

    def page(status: int = 200) -> HttpResponse:
        return render(request, "complaints/workbench/register.html", {"form": form}, status=status)

    if request.method != "POST":
        return page()

    def act(data: dict) -> HttpResponse:
        complaint, code = actions.register_complaint(by=request.user, **data)
        request.session[f"complaints:code:{complaint.pk}"] = code  # shown once, on the complaint's page
        return redirect("complaints_wb:detail", pk=complaint.pk)

    return perform(request, act, form=form, done=reverse("complaints_wb:list"), refused=lambda exc: page(exc.status))


def _stats_rows(request: HttpRequest):
    rows = staff_complaints(request.user)
    year = ascii_int(request.GET.get("year", ""), max_digits=4)
    if year:
        rows = rows.filter(received_on__year=year)
    return rows, year


@staff_required
def statistics(request: HttpRequest) -> HttpResponse:
    rows, year = _stats_rows(request)
    years = sorted({d.year for d in staff_complaints(request.user).dates("received_on", "year")}, reverse=True)
    return render(
        request,
        "complaints/workbench/statistics.html",
        {
            "total": stats.totals(rows),
            "lines": stats.by_org_and_month(rows)[:1000],
            "years": years,
            "year": year,
            "query": f"year={year}" if year else "",
        },
    )


@staff_required
def statistics_xlsx(request: HttpRequest) -> HttpResponse:
    """The same figures as an Excel workbook (openpyxl, write-only)."""
    from openpyxl import Workbook

    rows, year = _stats_rows(request)
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("效能投诉统计"))
    sheet.append(
        [
            _("被投诉机构"),
            _("月份"),
            _("投诉件数"),
            _("在办"),
            _("属实"),
            _("部分属实"),
            _("不属实"),
            _("按期办结"),
            _("按期办结率（%）"),
        ]
    )
    for line in stats.by_org_and_month(rows):
        rate = line.on_time_rate
        sheet.append(
            [
                line.label,
                line.keys["month"],
                line.total,
                line.open,
                line.upheld,
                line.partly,
                line.not_upheld,
                line.on_time,
                float(rate) if rate is not None else None,
            ]
        )
    total = stats.totals(rows)
    rate = total.on_time_rate
    sheet.append(
        [
            _("合计"),
            str(year or ""),
            total.total,
            total.open,
            total.upheld,
            total.partly,
            total.not_upheld,
            total.on_time,
            float(rate) if rate is not None else None,
        ]
    )
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(
        out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    name = f"complaints-{year}.xlsx" if year else "complaints.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
