"""The catalog-wide consistency report of the orgs the user may see."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sunlight.accounts.access import staff_required
from sunlight.orgs import scope

from ... import report


@staff_required
def consistency_report(request: HttpRequest) -> HttpResponse:
    result = report.consistency_report(scope.visible_orgs(request.user))
    rows = [(f, report.rule_message(f.rule_id), result.orgs.get(f.org_id, "")) for f in result.rows]
    return render(
        request,
        "catalog/workbench/report.html",
        {"report": result, "rows": rows, "total": len(result.findings), "limit": report.ROW_LIMIT},
    )
