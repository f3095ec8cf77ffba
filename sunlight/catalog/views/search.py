"""Search items and documents together: items first (with a facet of item kinds), then documents.

Not cached with public_page("catalog"): the page shows documents too, which change without the catalog's
cache being told (and a search is cheap next to a cache of every query typed).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from sunlight.ints import ascii_int
from sunlight.orgs.models import Org
from sunlight.search.types import SearchResults

from .. import searching
from ..kinds import ItemKind

SCOPES = ("all", "items", "documents")
MAX_PAGE = 500
PER_PAGE = 20
# On "all", each part shows its first few hits with a link to see all of that part.
PER_PART = 8


def _bad(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "catalog/public/search.html", {"problem": message, "q": "", "scope": "all"}, status=400)


def _name_publishers(results: SearchResults) -> None:
    names = dict(Org.objects.filter(pk__in={h.org_id for h in results.hits}).values_list("pk", "name"))
    for hit in results.hits:
        hit.publisher = names.get(hit.org_id, "")


def search(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:200]
    scope = request.GET.get("scope") or "all"
    kind = request.GET.get("kind") or ""
    page = ascii_int(request.GET.get("page") or "1", max_digits=3)
    if scope not in SCOPES:
        return _bad(request, _("搜索范围无效。"))
    if kind and kind not in ItemKind.values:
        return _bad(request, _("事项类型无效。"))
    if page is None or not 1 <= page <= MAX_PAGE:
        return _bad(request, _("页码无效。"))
    if kind:
        scope = "items"  # a kind narrows to items
    if scope == "all":
        page = 1
    per_page = PER_PAGE if scope != "all" else PER_PART

    found = items = documents = None
    if scope in ("all", "items"):
        found = searching.items(q, kind=kind or None, page=page, per_page=per_page)
        items = found.results
        _name_publishers(items)
        for hit in items.hits:
            hit.validity_label = searching.kind_label(hit.validity)
    if scope in ("all", "documents"):
        documents = searching.documents(q, page=page, per_page=per_page)
        _name_publishers(documents)
    shown = items if scope == "items" else documents if scope == "documents" else None
    pages = max(1, (shown.total + per_page - 1) // per_page) if shown else 1
    return render(
        request,
        "catalog/public/search.html",
        {
            "q": q,
            "scope": scope,
            "kind": kind,
            "items": items,
            "documents": documents,
            "facets": found.facets if found else [],
            "facets_capped": found.facets_capped if found else False,
            "page": page,
            "pages": min(pages, MAX_PAGE),
            "query_string": urlencode({k: v for k, v in {"q": q, "scope": scope, "kind": kind}.items() if v}),
            "q_string": urlencode({"q": q}) if q else "",
        },
    )
