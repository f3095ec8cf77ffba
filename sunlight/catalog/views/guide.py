"""One item's guide (办事指南), its flow chart, 一次性告知单 PDF, change log, past versions and the feedback form.

The guide shows the version in force today (or on `?on=YYYY-MM-DD`); a past version is read by its number.
The guide pages are cached for anonymous visitors (public_page), so they carry no CSRF token: “这个指南有错”
is a link to its own small form page, which is never cached.
"""

from __future__ import annotations

import re
from datetime import date

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from sunlight import pdf
from sunlight.errors import SunlightError
from sunlight.events.log import client_ip
from sunlight.notify.public_cache import public_page
from sunlight.query_codes import check_rate

from .. import actions, diff, flowchart, queries
from ..elements import VersionData, of_version
from ..forms.public import GuideFeedbackForm
from ..kinds import LIFE_EVENT_LABELS, Operation
from ..models import Citation, ServiceItem, ServiceItemVersion

# Reports per client address: a reader with several corrections is fine, a script filling the editors' inbox is not.
FEEDBACK_LIMIT, FEEDBACK_WINDOW = 10, 3600
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


# --- reading ---------------------------------------------------------------------------------------------


def _item(pk: int) -> ServiceItem:
    item = queries.published_item(pk)
    if item is None:
        raise Http404(_("没有这个事项，或该事项尚未发布。"))
    return item


def _problem(request: HttpRequest, item: ServiceItem | None, title: str, message: str, status: int) -> HttpResponse:
    return render(
        request, "catalog/public/guide_problem.html", {"item": item, "title": title, "message": message}, status=status
    )


def _citation_problem(c: Citation, today: date) -> str:
    """Why a citation cannot be checked against the law it names ("" when it resolves)."""
    if c.law is None:
        return _("未在法律法规库中找到该法律法规")
    if c.law.repealed_on is not None and c.law.repealed_on <= today:
        return _("该法律法规已废止")
    if c.article > c.law.articles:
        return _("该法律法规没有这一条")
    return ""


def _link(text: str) -> str:
    """A blank form or sample given as a web address is a link; a file name is text."""
    return text if text.startswith(("https://", "http://")) else ""


def code_chunks(code: str, size: int = 10) -> list[str]:
    """The 38-character implementation code in pieces, so a phone may break it (<wbr>) instead of scrolling."""
    return [code[i : i + size] for i in range(0, len(code), size)]


def guide_context(item: ServiceItem, version: ServiceItemVersion) -> dict:
    """Everything the guide template shows of one version, with the labels of its closed vocabularies."""
    today = timezone.localdate()
    citations = list(version.citations.select_related("law"))
    data: VersionData = of_version(version, citations)
    unit = str(version.get_promised_unit_display())
    return {
        "item": item,
        "code_chunks": code_chunks(item.code),
        "version": version,
        "data": data,
        "guide": data.guide,
        "life_events": [str(LIFE_EVENT_LABELS.get(s, s)) for s in data.life_events],
        "audience": diff.AUDIENCES[data.audience],
        "citations": [
            {"text": diff.citation_text(d), "excerpt": d.excerpt, "problem": _citation_problem(c, today)}
            for c, d in zip(citations, data.citations, strict=True)
        ],
        "materials": [
            {
                "m": m,
                "form": diff.MATERIAL_FORMS[m.form],
                "medium": diff.MEDIA[m.medium],
                "source": diff.SOURCES[m.source],
                "blank_link": _link(m.blank_form),
                "sample_link": _link(m.sample),
            }
            for m in data.guide.materials
        ],
        "steps": [{"s": s, "time": flowchart.days_text(s.days, unit)} for s in data.guide.steps],
        "statutory": diff.limit_text(data.statutory_limit, data.statutory_unit),
        "promised": diff.limit_text(data.promised_limit, data.promised_unit),
        "result_type": diff.RESULT_TYPES[data.guide.result.type],
        "result_sample_link": _link(data.guide.result.sample),
        "flowchart": mark_safe(  # noqa: S308 — flowchart.render escapes every text it draws
            flowchart.render(data.guide.steps, _("%(name)s 权力运行流程图") % {"name": data.name}, unit=unit)
        ),
        "suspended": version.operation == Operation.SUSPEND,
        "apply_url": _apply_url(item, version),
    }


def _apply_url(item: ServiceItem, version: ServiceItemVersion) -> str:
    """在线申请, once the service hall declares "cases:apply"; hidden until then and for a suspended or past item."""
    if item.status != ServiceItem.Status.ACTIVE or item.current_id != version.pk:
        return ""
    try:
        return reverse("cases:apply", args=[item.pk])
    except NoReverseMatch:
        return ""


def _day(request: HttpRequest) -> tuple[date | None, bool]:
    """?on=YYYY-MM-DD: (the day, whether it was well formed)."""
    raw = request.GET.get("on", "")
    if not raw:
        return None, True
    if not ISO_DAY.fullmatch(raw):
        return None, False
    try:
        return date.fromisoformat(raw), True
    except ValueError:
        return None, False


def _published_neighbours(item: ServiceItem) -> tuple[list[ServiceItem], list[ServiceItem]]:
    """The split/merge predecessors and successors the public may see (drafted successors are not shown)."""
    return (
        list(item.predecessors.filter(current__isnull=False).order_by("code")),
        list(item.successors.filter(current__isnull=False).order_by("code")),
    )


@public_page("catalog")
def item(request: HttpRequest, pk: int) -> HttpResponse:
    """The guide of the version in force today, or on ?on=YYYY-MM-DD."""
    found = _item(pk)
    day, well_formed = _day(request)
    if not well_formed:
        return _problem(
            request,
            found,
            _("日期格式不正确"),
            _("请按“年-月-日”填写日期，例如 2026-03-01。"),
            400,
        )
    version = queries.version_in_force(found, day or timezone.localdate())
    if version is None and day is not None:
        return _problem(
            request,
            found,
            _("该日期没有施行中的版本"),
            _("%(day)s 该事项没有施行中的办事指南（尚未发布或已取消）。可在变更记录中查看各版本的施行时间。")
            % {"day": day.isoformat()},
            404,
        )
    predecessors, successors = _published_neighbours(found)
    if version is None:  # cancelled: what it was and why it ended, and its history
        return render(
            request,
            "catalog/public/item_cancelled.html",
            {
                "item": found,
                "code_chunks": code_chunks(found.code),
                "ending": found.current,
                "versions": queries.public_versions(found),
                "predecessors": predecessors,
                "successors": successors,
            },
        )
    context = guide_context(found, version)
    context.update(on=day, predecessors=predecessors, successors=successors, current=version.pk == found.current_id)
    return render(request, "catalog/public/item.html", context)


@public_page("catalog")
def version(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """One published version in full, with when it was in force; an unpublished number is a 404."""
    found = _item(pk)
    shown = queries.public_versions(found).filter(number=number).first()
    if shown is None:
        raise Http404(_("该事项没有已发布的第%(n)s版。") % {"n": number})
    context = guide_context(found, shown)
    context.update(past_view=True, current=shown.pk == found.current_id, predecessors=[], successors=[])
    return render(request, "catalog/public/version.html", context)


def change_log(item: ServiceItem) -> list[dict]:
    """Every published version, newest first, each with its differences from the version before it."""
    versions = list(queries.public_versions(item).prefetch_related("citations"))
    datas = [of_version(v, list(v.citations.all())) for v in versions]
    rows = []
    for i, v in enumerate(versions):
        previous = datas[i + 1] if i + 1 < len(versions) else None
        rows.append({"v": v, "changes": diff.diff(previous, datas[i]) if previous is not None else None})
    return rows


@public_page("catalog")
def changes(request: HttpRequest, pk: int) -> HttpResponse:
    found = _item(pk)
    predecessors, successors = _published_neighbours(found)
    return render(
        request,
        "catalog/public/changes.html",
        {"item": found, "rows": change_log(found), "predecessors": predecessors, "successors": successors},
    )


def _in_force_now(pk: int) -> tuple[ServiceItem, ServiceItemVersion]:
    found = _item(pk)
    version = queries.version_in_force(found, timezone.localdate())
    if version is None:
        raise Http404(_("该事项已取消，没有施行中的办事指南。"))
    return found, version


@public_page("catalog")
def flowchart_svg(request: HttpRequest, pk: int) -> HttpResponse:
    found, version = _in_force_now(pk)
    data = of_version(version)
    svg = flowchart.render(
        data.guide.steps,
        _("%(name)s 权力运行流程图") % {"name": data.name},
        unit=str(version.get_promised_unit_display()),
    )
    return HttpResponse('<?xml version="1.0" encoding="UTF-8"?>\n' + svg, content_type="image/svg+xml; charset=utf-8")


@public_page("catalog")
def checklist_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """一次性告知单: what to bring, in one A4 page (or more), to print and tick off."""
    found, version = _in_force_now(pk)
    context = guide_context(found, version)
    context["printed_on"] = timezone.localdate()
    html = render_to_string("catalog/pdf/checklist.html", context)
    response = HttpResponse(pdf.render_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="checklist-{found.code}.pdf"'
    return response


# --- the one public act ----------------------------------------------------------------------------------


def _feedback_page(request: HttpRequest, found: ServiceItem, form: GuideFeedbackForm, status: int = 200):
    return render(request, "catalog/public/guide_feedback.html", {"item": found, "form": form}, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def feedback(request: HttpRequest, pk: int) -> HttpResponse:
    """“这个指南有错”: a reader's note goes to the item's editors; back to the guide with a thank-you."""
    found = queries.public_items().filter(pk=pk).first()
    if found is None:
        raise Http404(_("没有这个事项，或该事项已不再办理。"))
    if request.method == "GET":
        return _feedback_page(request, found, GuideFeedbackForm())
    form = GuideFeedbackForm(request.POST)
    if not form.is_valid():
        return _feedback_page(request, found, form, status=400)
    # Only complete notes count toward the limit, so a reader correcting the form is never blocked.
    if not check_rate(
        f"catalog:feedback:{client_ip(request) or 'unknown'}", limit=FEEDBACK_LIMIT, window_seconds=FEEDBACK_WINDOW
    ):
        return render(request, "catalog/public/guide_too_many.html", {"item": found}, status=429)
    try:
        actions.report_guide_error(found, text=form.cleaned_data["text"], contact=form.cleaned_data["contact"])
    except SunlightError as exc:
        form.add_error(None, exc.message)
        return _feedback_page(request, found, form, status=exc.status)
    messages.success(request, _("谢谢您的指正！我们已将您的意见转给该事项的实施机构核实。"))
    return redirect("catalog:item", pk=found.pk)
