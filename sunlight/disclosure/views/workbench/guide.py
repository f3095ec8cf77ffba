"""公开指南 on the workbench: an org's disclosure officers edit its guide."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext

from sunlight.accounts.access import staff_required
from sunlight.errors import SunlightError
from sunlight.orgs import scope
from sunlight.orgs.models import Org, Role

from ... import actions
from ...forms.workbench import GuideForm
from ...models import DisclosureGuide


@staff_required
def guide_edit(request: HttpRequest, org_pk: int) -> HttpResponse:
    org = get_object_or_404(Org, pk=org_pk)
    scope.require(request.user, org, Role.DISCLOSURE_OFFICER, "编辑公开指南")
    disclosure_guide = DisclosureGuide.objects.filter(org=org).first()
    form = GuideForm(
        request.POST or None, initial={"body_html": disclosure_guide.body_html if disclosure_guide else ""}
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_guide(org, by=request.user, body_html=form.cleaned_data["body_html"])
        except SunlightError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, gettext("公开指南已保存。"))
            return redirect("disclosure:guide", pk=org.pk)
    return render(
        request, "disclosure/workbench/guide.html", {"form": form, "org": org}, status=400 if form.errors else 200
    )
