"""The one way a workbench view performs an act: POST a form, call the action, show a refusal in place, redirect.

A module's view loads what the act is about and scopes it (that stays the module's), then hands the rest here:

    @staff_required
    def extend(request, pk):
        info_request = visible_request(request, pk)
        form = ExtendForm(request.POST)
        return perform(
            request,
            lambda data: actions.request_extension(info_request, by=request.user, **data) and _("已提交延期申请。"),
            form=form,
            done=reverse("requests_wb:detail", args=[pk]),
            refused=lambda exc: render_detail(request, info_request, status=exc.status, bound={"extend_form": form}),
        )

`act(cleaned_data)` returns the success message (or an HttpResponse to answer with instead). A refusal — an
invalid form or a SunlightError from the action — is shown as the page's error message with the action's 4xx
status; nothing was written, because the action runs in its own transaction. A GET is sent back to `done`:
acts are POST-only and every success answers with a redirect (POST/redirect/GET).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from sunlight.errors import SunlightError


def form_errors_text(form: forms.BaseForm) -> str:
    """A form's errors as one message: "label：error、error；label：error" (field-less errors without a label)."""
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        text = "、".join(str(e) for e in errors)
        parts.append(f"{label}：{text}" if label else text)
    return "；".join(parts)


def perform(
    request: HttpRequest,
    act: Callable[[dict[str, Any]], str | HttpResponse | None],
    *,
    done: str,
    refused: Callable[[SunlightError], HttpResponse],
    form: forms.BaseForm | None = None,
) -> HttpResponse:
    """Run `act` for a POST and answer: a redirect to `done` with its message, or `refused(error)` with the reason."""
    if request.method != "POST":
        return redirect(done)
    try:
        if form is not None and not form.is_valid():
            raise SunlightError(form_errors_text(form))
        outcome = act(form.cleaned_data if form is not None else {})
    except SunlightError as exc:
        messages.error(request, exc.message)
        return refused(exc)
    if isinstance(outcome, HttpResponse):
        return outcome
    if outcome:
        messages.success(request, outcome)
    return redirect(done)
