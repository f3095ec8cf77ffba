"""The applicant's side of the hall: apply for an item (with autosave), my cases, one case with its clock, notices,
correction upload and result; tracking by query code without an account."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from sunlight.catalog.models import ServiceItem
from sunlight.catalog.queries import published_item, version_in_force
from sunlight.certificates.queries import currently_valid, held_by
from sunlight.errors import SunlightError
from sunlight.query_codes import InvalidQueryCode, check_rate, hash_query_code, normalize_query_code

from .. import actions
from ..forms.public import ApplicationForm, CorrectionForm, TrackForm
from ..models import Case, CaseDraft, CaseNotice
from ..notices import pdf_response
from ..queries import applicant_cases, case_for_code
from .shared import case_context

TRACK_LIMIT, TRACK_WINDOW = 20, 600


def _certificates_of(user):
    return list(currently_valid(held_by(user)).order_by("-issued_at")[:50])


def _applicant_kind(user) -> str:
    return Case.ApplicantKind.COMPANY if getattr(user, "kind", "") == "legal_person" else Case.ApplicantKind.PERSON


def _open_item(pk: int) -> tuple[ServiceItem, object]:
    item = published_item(pk)
    if item is None:
        raise Http404(_("没有这个事项。"))
    version = version_in_force(item, timezone.localdate())
    if version is None:
        raise Http404(_("该事项没有现行有效的办事指南。"))
    return item, version


@never_cache
@login_required(login_url="accounts:login")
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, item_pk: int) -> HttpResponse:
    item, version = _open_item(item_pk)
    if getattr(request.user, "kind", "") == "staff":
        raise PermissionDenied(_("工作人员代办申请请在工作台窗口登记。"))
    certificates = _certificates_of(request.user)
    if request.method == "POST":
        form = ApplicationForm(request.POST, request.FILES, version=version, certificates=certificates)
        if form.is_valid():
            try:
                case = actions.submit_online(
                    item, form.submission(_applicant_kind(request.user)), by=request.user, version=version
                )
            except SunlightError as exc:
                form.add_error(None, exc.message)
                return _apply_page(request, item, version, form, status=exc.status)
            request.session["cases:submitted"] = case.number
            return redirect("cases:case", number=case.number)
        return _apply_page(request, item, version, form, status=400)
    draft = CaseDraft.objects.filter(user=request.user, item=item).first()
    user = request.user
    # What the account already holds: the platform-verified real name and ID number, or the company's credit code.
    initial = {"applicant_name": user.real_name or user.display_name, "phone": user.phone}
    if user.kind == "legal_person" and user.credit_code:
        initial["id_number"] = user.credit_code
    elif user.id_number:
        initial["id_number"] = user.id_number
    initial.update(draft.data if draft else {})
    form = ApplicationForm(initial=initial, version=version, certificates=certificates)
    return _apply_page(request, item, version, form, draft=draft)


def _apply_page(request, item, version, form, *, status: int = 200, draft=None) -> HttpResponse:
    # The material fields beside their element so the template can show each material's details.
    materials = [
        (spec, form[f"m{i}"], form[f"m{i}_cert"] if f"m{i}_cert" in form.fields else None)
        for i, spec in enumerate(form.materials)
    ]
    return render(
        request,
        "cases/public/apply.html",
        {"item": item, "version": version, "form": form, "materials": materials, "draft": draft},
        status=status,
    )


@login_required(login_url="accounts:login")
@require_POST
def autosave(request: HttpRequest, item_pk: int) -> HttpResponse:
    """The form's text fields, saved as the applicant types (htmx); the answer is the status line."""
    item, _version = _open_item(item_pk)
    fields = ("applicant_name", "id_number", "phone", "summary")
    try:
        draft = actions.save_draft(item, {k: request.POST.get(k, "") for k in fields}, by=request.user)
    except PermissionDenied:
        return HttpResponse(status=403)
    return HttpResponse(
        _("草稿已于 %(time)s 自动保存。") % {"time": timezone.localtime(draft.saved_at).strftime("%H:%M")}
    )


@never_cache
@login_required(login_url="accounts:login")
def mine(request: HttpRequest) -> HttpResponse:
    cases = applicant_cases(request.user).order_by("-submitted_at", "-pk")
    page = Paginator(cases, 20).get_page(request.GET.get("page"))
    return render(request, "cases/public/mine.html", {"page": page})


def _own_case(request: HttpRequest, number: str) -> Case:
    case = applicant_cases(request.user).filter(number=number).select_related("version", "center", "window").first()
    if case is None:
        raise Http404(_("没有这个办件。"))
    return case


@never_cache
@login_required(login_url="accounts:login")
def case_page(request: HttpRequest, number: str, *, status: int = 200, correction_form=None) -> HttpResponse:
    case = _own_case(request, number)
    just_submitted = request.session.pop("cases:submitted", None) == case.number
    context = case_context(case)
    context.update(
        just_submitted=just_submitted,
        correction_form=correction_form
        or (CorrectionForm(case=case) if case.status == Case.Status.CORRECTING else None),
    )
    return render(request, "cases/public/case.html", context, status=status)


@login_required(login_url="accounts:login")
@require_POST
def correct(request: HttpRequest, number: str) -> HttpResponse:
    case = _own_case(request, number)
    form = CorrectionForm(request.POST, request.FILES, case=case)
    if form.is_valid():
        try:
            actions.submit_correction(case, form.materials(), by=request.user)
        except SunlightError as exc:
            form.add_error(None, exc.message)
            return case_page(request, number, status=exc.status, correction_form=form)
        from django.contrib import messages

        messages.success(request, _("补正材料已提交，受理期限自今天起重新计算。"))
        return redirect("cases:case", number=number)
    return case_page(request, number, status=400, correction_form=form)


@login_required(login_url="accounts:login")
@require_POST
def withdraw(request: HttpRequest, number: str) -> HttpResponse:
    case = _own_case(request, number)
    from django.contrib import messages

    try:
        actions.withdraw_case(case, by=request.user, reason=request.POST.get("reason", ""))
    except SunlightError as exc:
        messages.error(request, exc.message)
        return case_page(request, number, status=exc.status)
    messages.success(request, _("申请已撤回。"))
    return redirect("cases:case", number=number)


@login_required(login_url="accounts:login")
def notice_pdf(request: HttpRequest, number: str, notice_pk: int) -> HttpResponse:
    case = _own_case(request, number)
    return pdf_response(get_object_or_404(CaseNotice, pk=notice_pk, case=case))


@never_cache
@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    """办件查询 without an account: the number and the query code in a POST body → the case's status."""
    if request.method != "POST":
        return render(request, "cases/public/track.html", {"form": TrackForm()})
    ip = request.META.get("REMOTE_ADDR", "")
    if not check_rate(f"cases:track:{ip}", limit=TRACK_LIMIT, window_seconds=TRACK_WINDOW):
        form = TrackForm()
        form.add_error(None, _("查询过于频繁，请 10 分钟后再试。"))
        return render(request, "cases/public/track.html", {"form": form}, status=429)
    form = TrackForm(request.POST)
    case = None
    if form.is_valid():
        try:
            code_hash = hash_query_code(normalize_query_code(form.cleaned_data["code"]))
        except InvalidQueryCode:
            code_hash = ""
        case = case_for_code(form.cleaned_data["number"].strip(), code_hash)
        if case is None:
            form.add_error(None, _("办件编号或查询码不正确。"))
    if case is None:
        return render(request, "cases/public/track.html", {"form": form}, status=400)
    return render(request, "cases/public/case.html", {**case_context(case), "via_code": True})
