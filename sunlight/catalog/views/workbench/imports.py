"""Excel import (upload, the run with its progress bar, the error workbook) and export of any filter."""

from __future__ import annotations

import tempfile

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sunlight.accounts.access import staff_required
from sunlight.acts import perform
from sunlight.orgs import scope
from sunlight.orgs.models import Org

from ... import actions, exporting
from ...forms.imports import ExportForm, ImportForm
from ...models import ImportRun

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CATALOG_ROLES = (*actions.EDITOR, *actions.REVIEWER)


def importer_orgs(user) -> QuerySet[Org]:
    """Orgs the user may import for: where they hold a catalog editing role (admins: their subtree)."""
    return Org.objects.filter(scope.org_q(user, "", actions.EDITOR), is_active=True)


def visible_runs(user) -> QuerySet[ImportRun]:
    return scope.scoped(ImportRun.objects.select_related("org", "by"), user, "org", CATALOG_ROLES)


def _require_catalog_staff(user) -> None:
    if not user.is_superuser and not scope.visible_orgs(user, roles=CATALOG_ROLES).exists():
        raise PermissionDenied(_("事项导入导出仅供事项管理人员、审核人员和管理员使用。"))


def _run(request: HttpRequest, pk: int) -> ImportRun:
    _require_catalog_staff(request.user)
    return get_object_or_404(visible_runs(request.user), pk=pk)


def _list_page(request: HttpRequest, form: ImportForm | None, status: int = 200) -> HttpResponse:
    page = Paginator(visible_runs(request.user).order_by("-started_at", "-pk"), 30).get_page(request.GET.get("page"))
    export_form = ExportForm(orgs=scope.visible_orgs(request.user, roles=CATALOG_ROLES))
    return render(
        request,
        "catalog/workbench/import_list.html",
        {"form": form, "page": page, "export_form": export_form},
        status=status,
    )


@staff_required
def import_list(request: HttpRequest) -> HttpResponse:
    _require_catalog_staff(request.user)
    orgs = importer_orgs(request.user)
    form = ImportForm(request.POST or None, request.FILES or None, orgs=orgs) if orgs.exists() else None
    if request.method != "POST":
        return _list_page(request, form)
    if form is None:
        raise PermissionDenied(_("您没有可以导入事项的机构。"))

    def act(data: dict) -> HttpResponse:
        run = actions.import_workbook(
            by=request.user, org=data["org"], upload=data["workbook"], publish=data["publish"]
        )
        return redirect("catalog_wb:import", pk=run.pk)

    return perform(
        request,
        act,
        form=form,
        done=reverse("catalog_wb:imports"),
        refused=lambda exc: _list_page(request, form, status=exc.status),
    )


@staff_required
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "catalog/workbench/import_detail.html", {"run": _run(request, pk)})


@staff_required
def import_progress(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run(request, pk)
    response = render(request, "catalog/workbench/import_progress.html", {"run": run})
    if request.headers.get("HX-Request") and not run.is_active:
        response["HX-Refresh"] = "true"  # finished while polling: reload whole, so the result shows
    return response


@staff_required
def import_errors(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run(request, pk)
    if not run.error_file:
        return HttpResponse(_("这次导入没有错误工作簿。"), status=404, content_type="text/plain; charset=utf-8")
    return FileResponse(
        run.error_file.open("rb"), as_attachment=True, filename=f"import-{run.pk}-errors.xlsx", content_type=XLSX
    )


@staff_required
def export(request: HttpRequest) -> HttpResponse:
    """The items of any filter of the staff list, as the exchange workbook (spooled to disk, then streamed)."""
    _require_catalog_staff(request.user)
    form = ExportForm(request.GET, orgs=scope.visible_orgs(request.user, roles=CATALOG_ROLES))
    if not form.is_valid():
        return HttpResponse(_("筛选条件不正确。"), status=400, content_type="text/plain; charset=utf-8")
    params = {k: v for k, v in request.GET.items() if k in ("kind", "status", "q")}
    if form.cleaned_data["org"] is not None:
        params["org"] = str(form.cleaned_data["org"].pk)
    items = exporting.filtered_items(request.user, params)
    out = tempfile.SpooledTemporaryFile(max_size=32 * 1024**2)
    exporting.write_workbook(items, out)
    out.seek(0)
    name = f"catalog-{timezone.localdate():%Y%m%d}.xlsx"
    return FileResponse(out, as_attachment=True, filename=name, content_type=XLSX)
