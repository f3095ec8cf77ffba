"""依申请公开 landing page (/requests/): how to apply, the guides, the form, tracking and the statistics, before the form."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from sunlight.disclosure.models import DisclosureGuide

from .. import statistics
from ..roles import HANDLING_KINDS


@require_GET
def landing(request: HttpRequest) -> HttpResponse:
    # The guide of the government at the top of the tree, when it has published one; every org's guide is on its page.
    top = statistics.root_government()
    guide_org = top if top is not None and DisclosureGuide.objects.filter(org=top).exists() else None
    return render(request, "requests/public/landing.html", {"guide_org": guide_org})


def org_page(org) -> dict:
    """The 依申请公开 column of an org's public page (declared in RequestsConfig.org_page): whether it takes requests."""
    return {"handles_requests": org.kind in HANDLING_KINDS}
