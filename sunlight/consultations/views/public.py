"""The public door of 意见征集: the list (open first, by status and org), one consultation (the draft, the dates, the
days left, the approved comments with personal data masked, the feedback report, the final document), the comment
form (signed in or with a name; rate limited), and the hearings."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from sunlight.cases.days import today
from sunlight.errors import SunlightError
from sunlight.events.log import client_ip
from sunlight.ints import ascii_int
from sunlight.notify.public_cache import public_page
from sunlight.orgs.models import Org
from sunlight.query_codes import check_rate

from .. import actions
from ..forms import CommentForm
from ..models import Consultation, FeedbackReport
from ..queries import days_left, public_comments, public_consultations, public_hearings

PAGE_SIZE = 20
COMMENT_LIMIT, COMMENT_WINDOW = 10, 3600
S = Consultation.Status


@public_page("consultations")
def index(request: HttpRequest) -> HttpResponse:
    rows = public_consultations()
    status = request.GET.get("status", "")
    if status in Consultation.PUBLIC:
        rows = rows.filter(status=status)
    elif status:
        raise Http404(_("没有这个状态。"))
    org = None
    if request.GET.get("org"):
        org_id = ascii_int(request.GET["org"])
        org = Org.objects.filter(pk=org_id, is_active=True).first() if org_id else None
        if org is None:
            raise Http404(_("没有这个机构。"))
        rows = rows.filter(org__path__startswith=org.path)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    on = today()
    items = [(c, days_left(c, on)) for c in page]
    orgs = Org.objects.filter(
        pk__in=Consultation.objects.filter(status__in=Consultation.PUBLIC).values("org")
    ).order_by("path")
    return render(
        request,
        "consultations/public/index.html",
        {
            "page": page,
            "items": items,
            "statuses": [(s, S(s).label) for s in Consultation.PUBLIC],
            "orgs": orgs,
            "current": {"status": status, "org": org.pk if org else None},
        },
    )


def _public(pk: int) -> Consultation:
    consultation = public_consultations().filter(pk=pk).first()
    if consultation is None:
        raise Http404(_("没有这项意见征集。"))
    return consultation


@public_page("consultations")
def consultation_page(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _public(pk)
    report = FeedbackReport.objects.filter(consultation=consultation).first()
    points = consultation.points.prefetch_related("comments") if report else []
    return render(
        request,
        "consultations/public/consultation.html",
        {
            "consultation": consultation,
            "left": days_left(consultation, today()),
            "comments": public_comments(consultation),
            "report": report,
            "points": points,
            "taking": _taking(consultation),
        },
    )


def _taking(consultation: Consultation) -> bool:
    return consultation.status == S.OPEN and consultation.start_on <= today() <= consultation.end_on


def _comment_page(request, consultation, form, *, status: int = 200, sent: bool = False) -> HttpResponse:
    return render(
        request,
        "consultations/public/comment.html",
        {"consultation": consultation, "form": form, "sent": sent, "taking": _taking(consultation)},
        status=status,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def comment(request: HttpRequest, pk: int) -> HttpResponse:
    """提交意见: GET the form (or the thanks after a submission), POST a comment and be sent back to the form."""
    consultation = _public(pk)
    if request.method != "POST":
        return _comment_page(request, consultation, CommentForm(), sent=request.GET.get("sent") == "1")
    form = CommentForm(request.POST)
    if not form.is_valid():
        return _comment_page(request, consultation, form, status=400)
    if not check_rate(
        f"consultations:comment:{client_ip(request) or 'unknown'}", limit=COMMENT_LIMIT, window_seconds=COMMENT_WINDOW
    ):
        form.add_error(None, _("提交过于频繁，请一小时后再试。"))
        return _comment_page(request, consultation, form, status=429)
    try:
        actions.submit_comment(
            consultation, by=request.user, name=form.cleaned_data["name"], content=form.cleaned_data["content"]
        )
    except SunlightError as exc:
        form.add_error(None, exc.message)
        return _comment_page(request, consultation, form, status=exc.status)
    return redirect(reverse("consultations:comment", args=[consultation.pk]) + "?sent=1")


@public_page("consultations")
def hearing_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(public_hearings(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "consultations/public/hearings.html", {"page": page, "today": today()})


@public_page("consultations")
def hearing_page(request: HttpRequest, pk: int) -> HttpResponse:
    hearing = public_hearings().filter(pk=pk).first()
    if hearing is None:
        raise Http404(_("没有这次听证。"))
    return render(request, "consultations/public/hearing.html", {"hearing": hearing})
