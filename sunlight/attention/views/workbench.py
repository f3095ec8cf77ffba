"""民意分析, staff: the duplicate suggestions of the user's mailboxes (merge or dismiss), the hot topics over all
letters of their orgs, and the monthly public-opinion summary (PDF) for leaders."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sunlight.accounts.access import staff_required
from sunlight.acts import perform
from sunlight.errors import SunlightError
from sunlight.letters.actions.rules import DISPATCH_ROLES
from sunlight.letters.models import Letter
from sunlight.orgs import scope as org_scope
from sunlight.pdf import render_pdf
from sunlight.supervision.periods import parse_month

from .. import actions, topics
from ..models import DuplicateSuggestion


def _suggestions(user):
    orgs = org_scope.visible_orgs(user, DISPATCH_ROLES).values_list("pk", flat=True)
    return DuplicateSuggestion.objects.filter(org_id__in=list(orgs))


@staff_required
def index(request: HttpRequest) -> HttpResponse:
    rows = _suggestions(request.user).filter(status=DuplicateSuggestion.Status.PENDING).order_by("-found_on", "-pk")
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    letters = {x.pk: x for x in Letter.objects.filter(pk__in=[i for s in page for i in s.letter_ids])}
    items = [(s, [letters[i] for i in s.letter_ids if i in letters]) for s in page]
    today = timezone.localdate()
    return render(
        request,
        "attention/workbench/index.html",
        {"page": page, "items": items, "month_value": f"{today.year}-{today.month:02d}"},
    )


def _pending(request: HttpRequest, pk: int) -> DuplicateSuggestion:
    suggestion = _suggestions(request.user).filter(pk=pk).first()
    if suggestion is None:
        raise Http404(_("没有这条线索，或您无权查看。"))
    return suggestion


@staff_required
@require_POST
def merge(request: HttpRequest, pk: int) -> HttpResponse:
    suggestion = _pending(request, pk)
    back = reverse("attention_wb:index")

    def run(data: dict) -> HttpResponse:
        group = actions.merge_suggestion(suggestion, by=request.user, title=request.POST.get("title", "")[:100])
        return redirect("letters_wb:group", pk=group.pk)

    return perform(request, run, done=back, refused=lambda exc: redirect(back))


@staff_required
@require_POST
def dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    suggestion = _pending(request, pk)
    back = reverse("attention_wb:index")
    return perform(
        request,
        lambda data: (
            actions.dismiss_suggestion(suggestion, by=request.user, reason=request.POST.get("reason", ""))
            and _("已排除。")
        ),
        done=back,
        refused=lambda exc: redirect(back),
    )


@staff_required
def summary_pdf(request: HttpRequest) -> HttpResponse:
    """The month's public-opinion summary for leaders: the hot topics, bursts, the letters' totals."""
    year, month = parse_month(request.GET.get("month"))
    if year is None:
        raise Http404(_("月份格式应为 2026-11。"))
    from django.template.loader import render_to_string

    from sunlight.letters.stats import year_figures

    hot = topics.hot_topics(year, month)
    html = render_to_string(
        "attention/pdf/summary.html",
        {
            "year": year,
            "month": month,
            "hot": hot,
            "bursts": [t for t in hot if t.burst],
            "figures": year_figures(year, timezone.localdate()),
            "generated": timezone.localtime(),
        },
    )
    try:
        pdf = render_pdf(html)
    except Exception as exc:  # noqa: BLE001 - WeasyPrint's own errors; the user gets a clear refusal
        raise SunlightError(_("民意分析月报生成失败，请稍后重试。")) from exc
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="opinion-{year}-{month:02d}.pdf"'
    return response
