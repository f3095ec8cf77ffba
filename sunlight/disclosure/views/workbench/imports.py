"""Workbench pages of the web bulk import: upload and list, the job with its live progress, the error report."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from sunlight.accounts.access import staff_required
from sunlight.errors import SunlightError
from sunlight.orgs import scope

from ... import actions, import_jobs
from ...forms.workbench import ImportForm
from ...models import ImportJob

ERRORS_SHOWN = 100  # on the page; the CSV has them all


def _require_access(user) -> None:
    """Imports are for disclosure officers and admins (and supervisors, who watch): not every staff member."""
    if not user.is_superuser and not scope.visible_orgs(user, roles=import_jobs.VIEW_ROLES).exists():
        raise PermissionDenied(_("批量导入仅供信息公开工作人员、系统管理员和监察人员使用。"))


def _visible_import_job(request: HttpRequest, pk: int) -> ImportJob:
    _require_access(request.user)
    import_job = get_object_or_404(ImportJob.objects.select_related("org", "created_by"), pk=pk)
    scope.require_visible(request.user, import_job, "org")
    # Seeing the org is not enough: the same roles as the list (a window clerk of the org sees no imports).
    if not import_jobs.visible_jobs(request.user).filter(pk=pk).exists():
        raise PermissionDenied(_("无权查看该导入任务。"))
    return import_job


@staff_required
def import_list(request: HttpRequest) -> HttpResponse:
    _require_access(request.user)
    orgs = import_jobs.importer_orgs(request.user)
    form = ImportForm(request.POST or None, request.FILES or None, orgs=orgs) if orgs.exists() else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied(_("您没有可以导入政府信息的机构。"))
        if form.is_valid():
            data = form.cleaned_data
            try:
                import_job = actions.start_import(
                    by=request.user, org=data["org"], metadata_upload=data["metadata"], zip_upload=data["files_zip"]
                )
            except SunlightError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("已上传，导入任务已排队。"))
                return redirect("disclosure_wb:import", pk=import_job.pk)
    page = Paginator(import_jobs.visible_jobs(request.user).order_by("-created_at", "-pk"), 30).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "disclosure/workbench/import_list.html",
        {"form": form, "page": page},
        status=400 if form is not None and form.errors else 200,
    )


@staff_required
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    import_job = _visible_import_job(request, pk)
    return render(
        request,
        "disclosure/workbench/import_detail.html",
        {
            "job": import_job,
            "errors": import_job.errors[:ERRORS_SHOWN],
            "more_errors": max(0, len(import_job.errors) - ERRORS_SHOWN),
        },
    )


@staff_required
def import_progress(request: HttpRequest, pk: int) -> HttpResponse:
    import_job = _visible_import_job(request, pk)
    response = render(request, "disclosure/workbench/import_progress.html", {"job": import_job})
    if request.headers.get("HX-Request") and not import_job.is_active:
        # Finished while the page was polling: reload it whole, so that the result and error report show.
        response["HX-Refresh"] = "true"
    return response


@staff_required
def import_errors(request: HttpRequest, pk: int) -> HttpResponse:
    import_job = _visible_import_job(request, pk)
    response = HttpResponse(import_jobs.errors_csv(import_job), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="import-{import_job.pk}-errors.csv"'
    return response
