"""The public door of efficiency complaints: what they are and the form (signed in), my complaints, one of mine,
tracking by complaint number and query code (no account; rate limited), and the public totals."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from sunlight.errors import SunlightError
from sunlight.events.log import client_ip
from sunlight.notify.public_cache import public_page
from sunlight.query_codes import InvalidQueryCode, check_rate, hash_query_code

from .. import actions, stats
from ..forms import FileForm, TrackForm
from ..models import Complaint
from ..queries import complaint_for_code, my_complaints

FILE_LIMIT, FILE_WINDOW = 5, 3600
TRACK_LIMIT, TRACK_WINDOW = 20, 600


def _ip(request: HttpRequest) -> str:
    return client_ip(request) or "unknown"


@public_page("complaints")
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "complaints/public/index.html", {"limit_days": _limit_days()})


def _limit_days() -> int:
    return settings.COMPLAINTS_LIMIT_DAYS


def _file_page(request: HttpRequest, form: FileForm, status: int = 200) -> HttpResponse:
    return render(request, "complaints/public/file.html", {"form": form, "limit_days": _limit_days()}, status=status)


@never_cache
@login_required(login_url="accounts:login")
@require_http_methods(["GET", "POST"])
def file(request: HttpRequest) -> HttpResponse:
    """网上投诉 (signed in): a case of one's own (or with its query code), a window, or a member of staff."""
    if getattr(request.user, "kind", "") == "staff":
        raise PermissionDenied(_("工作人员请在工作台登记投诉。"))
    if request.method != "POST":
        return _file_page(request, FileForm(initial={"about": request.GET.get("about", "case")[:10]}))
    form = FileForm(request.POST)
    if not form.is_valid():
        return _file_page(request, form, status=400)
    if not check_rate(f"complaints:file:{_ip(request)}", limit=FILE_LIMIT, window_seconds=FILE_WINDOW):
        form.add_error(None, _("提交过于频繁，请一小时后再试。"))
        return _file_page(request, form, status=429)
    try:
        complaint = actions.file_complaint(by=request.user, **form.cleaned_data)
    except SunlightError as exc:
        form.add_error(None, exc.message)
        return _file_page(request, form, status=exc.status)
    request.session["complaints:filed"] = complaint.number
    return redirect("complaints:complaint", number=complaint.number)


@never_cache
@login_required(login_url="accounts:login")
def mine(request: HttpRequest) -> HttpResponse:
    rows = my_complaints(request.user).order_by("-created_at", "-pk")
    page = Paginator(rows, 20).get_page(request.GET.get("page"))
    return render(request, "complaints/public/mine.html", {"page": page})


@never_cache
@login_required(login_url="accounts:login")
def complaint_page(request: HttpRequest, number: str) -> HttpResponse:
    complaint = my_complaints(request.user).filter(number=number[:30]).first()
    if complaint is None:
        raise Http404(_("没有这件投诉。"))
    just_filed = request.session.pop("complaints:filed", None) == complaint.number
    return render(request, "complaints/public/complaint.html", {"complaint": complaint, "just_filed": just_filed})


@never_cache
@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    """投诉查询 without an account: the number and the query code in a POST body → the complaint's status."""
    if request.method != "POST":
        return render(request, "complaints/public/track.html", {"form": TrackForm()})
    if not check_rate(f"complaints:track:{_ip(request)}", limit=TRACK_LIMIT, window_seconds=TRACK_WINDOW):
        form = TrackForm(request.POST)
        form.is_valid()
        form.add_error(None, _("查询过于频繁，请 10 分钟后再试。"))
        return render(request, "complaints/public/track.html", {"form": form}, status=429)
    form = TrackForm(request.POST)
    complaint = None
    if form.is_valid():
        try:
            code_hash = hash_query_code(form.cleaned_data["code"])
        except InvalidQueryCode:
            code_hash = ""
        complaint = complaint_for_code(form.cleaned_data["number"].strip(), code_hash)
        if complaint is None:
            form.add_error(None, _("投诉编号或查询码不正确。"))
    if complaint is None:
        return render(request, "complaints/public/track.html", {"form": form}, status=400)
    return render(request, "complaints/public/complaint.html", {"complaint": complaint, "via_code": True})


@public_page("complaints")
def statistics(request: HttpRequest) -> HttpResponse:
    """The public totals: by outcome, the on-time rate, by month. No complaint, person or org is named."""
    rows = Complaint.objects.all()
    return render(
        request,
        "complaints/public/statistics.html",
        {"total": stats.totals(rows), "months": stats.by_month(rows)[:24]},
    )
