"""Workbench pages of the annual report (年度报告): the list, the report page and its acts, exports, the import.

The tables are computed on every view (annual.build_report): nothing stored can go stale. Each act is posted
through sunlight.acts.perform: a refusal re-renders the report page with the bound form and the action's status.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from sunlight.accounts.access import staff_required
from sunlight.acts import perform
from sunlight.csp import allow_own_styles
from sunlight.disclosure.models import Document
from sunlight.errors import SunlightError
from sunlight.events.log import events_for
from sunlight.orgs import scope as access
from sunlight.orgs.models import Org

from ... import actions, export, reminders
from ...annual import NARRATIVE_FIELDS, ORG, SUBTREE, build_report, check_scope, check_year
from ...forms import FiguresForm, ImportForm, NarrativeForm
from ...models import AnnualReport, YearFigures
from .common import PAGE_SIZE, int_or, years_offered

REPORTING_KINDS = (Org.Kind.GOVERNMENT, Org.Kind.DEPARTMENT)


def state_label(report: AnnualReport | None) -> tuple[str, str]:
    """(level, label) of a report for lists and the page; its document's state when it has one."""
    if report is None:
        return "none", _("未编写")
    if report.status == AnnualReport.Status.PUBLISHED:
        return "published", _("已发布")
    doc = report.document
    if doc is not None:
        if doc.status == Document.Status.DRAFT:
            return "returned", _("审查退回，待修改")
        if doc.status in (Document.Status.SUBMITTED, Document.Status.APPROVED, Document.Status.SCHEDULED):
            return "review", _("已提交发布（%(s)s）") % {"s": doc.get_status_display()}
    return "draft", _("草稿")


# --- the list --------------------------------------------------------------------------------------


@staff_required
def report_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    years = years_offered(today)
    year = int_or(request.GET.get("year"), today.year - 1)
    if year not in years:
        year = today.year - 1
    orgs = (
        access.visible_orgs(request.user)
        .filter(kind__in=REPORTING_KINDS, is_active=True)
        .select_related("region")
        .order_by("path", "sort_order")
        .only("pk", "name", "kind", "path", "region__level")
    )
    page = Paginator(orgs, PAGE_SIZE).get_page(request.GET.get("page"))
    reports = {
        (r.org_id, r.scope): r
        for r in AnnualReport.objects.filter(org__in=list(page), year=year).select_related("document")
    }
    rows = []
    for org in page:
        scopes = [ORG, SUBTREE] if org.kind == Org.Kind.GOVERNMENT else [ORG]
        for s in scopes:
            report = reports.get((org.pk, s))
            state = state_label(report)
            late = reminders.is_overdue(org, year, s, state[0] == "published", today)
            rows.append(
                {
                    "org": org,
                    "scope": s,
                    "scope_label": AnnualReport.Scope(s).label,
                    "state": state,
                    "overdue": late,
                    "deadline": reminders.deadline_of(org, year) if late else None,
                }
            )
    return render(
        request,
        "reports/workbench/list.html",
        {"page": page, "rows": rows, "year": year, "years": years, "keep": urlencode({"year": year})},
    )


# --- the report page -------------------------------------------------------------------------------


def _target(request: HttpRequest, org_id: int, year: int) -> tuple[Org, str]:
    """The org (visible to the user, else 403), and the scope from ?scope= (bad year or scope: 404)."""
    org = get_object_or_404(Org, pk=org_id)
    access.require_visible(request.user, org, "")
    try:
        check_year(year, timezone.localdate())
        scope = check_scope(org, request.GET.get("scope") or ORG)
    except SunlightError as exc:
        raise Http404(exc.message) from None
    return org, scope


def _page_url(org: Org, year: int, scope: str) -> str:
    return reverse("reports_wb:report", args=[org.pk, year]) + "?" + urlencode({"scope": scope})


def _render_report(
    request: HttpRequest, org: Org, year: int, scope: str, *, status: int = 200, bound: dict | None = None
) -> HttpResponse:
    data = build_report(org, year, scope)
    user = request.user
    can_edit = access.can_act(user, org, actions.REPORT_ROLES)
    can_publish = access.can_act(user, org, actions.PUBLISH_ROLES)
    figures = YearFigures.objects.filter(org=org, year=year).first()
    forms = {}
    if can_edit:
        forms["narrative_form"] = NarrativeForm(initial={name: data.narrative(name) for name in NARRATIVE_FIELDS})
        forms["figures_form"] = FiguresForm(
            initial={
                "licensing_decisions": figures.licensing_decisions if figures else 0,
                "penalty_decisions": figures.penalty_decisions if figures else 0,
                "coercion_decisions": figures.coercion_decisions if figures else 0,
                "fee_income": figures.fee_income if figures else 0,
            }
        )
    forms.update(bound or {})
    level, label = state_label(data.report)
    today = timezone.localdate()
    overdue = reminders.is_overdue(org, year, scope, level == "published", today)
    response = render(
        request,
        "reports/workbench/report.html",
        {
            "overdue": overdue,
            "deadline": reminders.deadline_of(org, year) if scope == reminders.owed_scope(org) else None,
            **export.context(data),
            "org": org,
            "year": year,
            "scope": scope,
            "scope_label": AnnualReport.Scope(scope).label,
            "state_level": level,
            "state": label,
            "can_edit": can_edit,
            "can_publish": can_publish,
            "frozen": level in ("review", "published"),
            "figures": figures,
            "qs": urlencode({"scope": scope}),
            "other_scope": SUBTREE if scope == ORG else ORG,
            "is_government": org.kind == Org.Kind.GOVERNMENT,
            "events": events_for(data.report).order_by("seq") if data.report else [],
            **forms,
        },
        status=status,
    )
    add_never_cache_headers(response)
    return response


@staff_required
def report_page(request: HttpRequest, org_id: int, year: int) -> HttpResponse:
    org, scope = _target(request, org_id, year)
    return _render_report(request, org, year, scope)


def _act(request: HttpRequest, org_id: int, year: int, act, form=None, key: str = "") -> HttpResponse:
    """Post one act on the report page of (org, year, ?scope=): `act(org, scope, data)` returns the message."""
    org, scope = _target(request, org_id, year)
    return perform(
        request,
        lambda data: act(org, scope, data),
        form=form,
        done=_page_url(org, year, scope),
        refused=lambda exc: _render_report(
            request, org, year, scope, status=exc.status, bound={key: form} if form is not None else None
        ),
    )


@staff_required
def narrative(request: HttpRequest, org_id: int, year: int) -> HttpResponse:
    def act(org, scope, data):
        actions.save_report(org, year, scope, by=request.user, **data)
        return _("报告正文已保存。")

    return _act(request, org_id, year, act, NarrativeForm(request.POST), "narrative_form")


@staff_required
def figures(request: HttpRequest, org_id: int, year: int) -> HttpResponse:
    def act(org, scope, data):
        actions.save_year_figures(org, year, by=request.user, **data)
        return _("年度数据已保存。")

    return _act(request, org_id, year, act, FiguresForm(request.POST), "figures_form")


@staff_required
def publish(request: HttpRequest, org_id: int, year: int) -> HttpResponse:
    def act(org, scope, data):
        report = AnnualReport.objects.filter(org=org, year=year, scope=scope).first()
        if report is None:
            raise SunlightError(_("请先填写并保存报告正文。"), code="report_missing")
        doc = actions.publish_report(report, by=request.user)
        return _("已提交发布，等待保密审查：%(t)s（索引号 %(n)s）。") % {"t": doc.title, "n": doc.index_number}

    return _act(request, org_id, year, act)


@staff_required
def export_report(request: HttpRequest, org_id: int, year: int, fmt: str) -> HttpResponse:
    org, scope = _target(request, org_id, year)
    if fmt not in ("html", "pdf", "xlsx"):
        raise Http404()
    data = build_report(org, year, scope)
    try:
        export.require_balanced(data)
        filename = f"{data.title}{'（汇总）' if scope == SUBTREE else ''}"
        if fmt == "html":
            # A self-contained print page: its own <style> is allowed by hash under the site's CSP.
            html = export.to_html(data, printed_on=timezone.localdate())
            response = allow_own_styles(HttpResponse(html, content_type="text/html; charset=utf-8"))
        elif fmt == "pdf":
            response = HttpResponse(
                export.to_pdf(data, printed_on=timezone.localdate()), content_type="application/pdf"
            )
            response["Content-Disposition"] = _disposition(f"{filename}.pdf")
        else:
            response = HttpResponse(export.to_xlsx(data), content_type=export.XLSX_TYPE)
            response["Content-Disposition"] = _disposition(f"{filename}.xlsx")
    except SunlightError as exc:
        return render(
            request,
            "reports/workbench/refused.html",
            {"message": exc.message, "back": _page_url(org, year, scope)},
            status=exc.status,
        )
    add_never_cache_headers(response)
    return response


def _disposition(filename: str) -> str:
    from urllib.parse import quote

    return f"attachment; filename=\"annual-report.{filename.rsplit('.', 1)[-1]}\"; filename*=UTF-8''{quote(filename)}"


# --- import ----------------------------------------------------------------------------------------


@staff_required
def import_figures(request: HttpRequest) -> HttpResponse:
    if not (request.user.is_superuser or access.visible_orgs(request.user, actions.REPORT_ROLES).exists()):
        raise PermissionDenied(gettext("无权导入年度数据：需要信息公开工作人员、审核人或管理员岗位。"))
    form = ImportForm(request.POST or None, request.FILES or None)
    result, status = None, 200
    if request.method == "POST" and form.is_valid():
        result = actions.import_year_figures(form.cleaned_data["file"], by=request.user)
        if result.ok:
            messages.success(request, _("已导入 %(n)s 行年度数据。") % {"n": result.saved})
            return redirect("reports_wb:import")
        # On the file field, so the error summary lists each line and links to the upload.
        form.add_error(None, _("文件有错误，没有导入任何数据。请修改后重新上传。"))
        for line, message in result.errors:
            form.add_error(
                "file", _("第 %(line)s 行：%(message)s") % {"line": line, "message": message} if line else message
            )
        status = 400
    elif request.method == "POST":
        status = 400
    return render(request, "reports/workbench/import.html", {"form": form, "result": result}, status=status)
