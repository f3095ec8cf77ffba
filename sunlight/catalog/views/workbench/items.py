"""Staff pages: the org's items, one version, the readers' corrections."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from sunlight.accounts.access import staff_required
from sunlight.orgs import scope

from ...models import GuideFeedback
from ...queries import staff_items, staff_versions


@staff_required
def item_list(request: HttpRequest) -> HttpResponse:
    return render(request, "catalog/workbench/items.html", {"items": staff_items(request.user).order_by("name")[:100]})


@staff_required
def version_detail(request: HttpRequest, pk: int) -> HttpResponse:
    version = get_object_or_404(staff_versions(request.user), pk=pk)
    return render(request, "catalog/workbench/version.html", {"version": version, "item": version.item})


@staff_required
def feedback_list(request: HttpRequest) -> HttpResponse:
    rows = scope.scoped(GuideFeedback.objects.select_related("item"), request.user, field="item__org")
    return render(request, "catalog/workbench/feedback.html", {"rows": rows[:200]})
