"""The rules on the workbench: every rule with its version in force; a region supervisor publishes a new version."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from sunlight.accounts.access import staff_required
from sunlight.acts import perform
from sunlight.cases import days

from ... import actions
from ...engine import current_rules
from ...forms import RuleForm
from ...models import Rule
from ...rules import CONDITIONS


@staff_required
def rule_list(request: HttpRequest) -> HttpResponse:
    rules = current_rules()
    rows = [{"code": code, "cond": cond, "rule": rules.get(code)} for code, cond in CONDITIONS.items()]
    return render(request, "supervision/workbench/rules.html", {"rows": rows})


@staff_required
def rule_edit(request: HttpRequest, code: str) -> HttpResponse:
    cond = CONDITIONS.get(code)
    if cond is None:
        raise Http404
    rule = current_rules().get(code) or Rule.objects.filter(code=code).order_by("-version").first()
    initial = {
        "severity": rule.severity if rule else cond.severity,
        "recipients": rule.recipients if rule else list(cond.recipients),
        "effective_on": days.today(),
        "active": True,
        **{f"p_{k}": v for k, v in (rule.params if rule else {}).items()},
    }
    form = RuleForm(request.POST if request.method == "POST" else None, cond=cond, initial=initial)
    page = lambda status=200: render(  # noqa: E731
        request,
        "supervision/workbench/rule.html",
        {"cond": cond, "rule": rule, "form": form, "versions": Rule.objects.filter(code=code).order_by("-version")},
        status=status,
    )
    if request.method != "POST":
        return page()
    return perform(
        request,
        lambda d: (
            actions.revise_rule(
                code,
                by=request.user,
                severity=d["severity"],
                recipients=d["recipients"],
                params=form.params(),
                effective_on=d["effective_on"],
                reason=d["reason"],
                active=d["active"],
            )
            and _("已发布新版本。")
        ),
        form=form,
        done=reverse("supervision_wb:rule", args=[code]),
        refused=lambda exc: page(exc.status),
    )
