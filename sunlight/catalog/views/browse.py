"""Browse the catalog: the landing page and the ways in (life event / company life cycle, department, level, kind).

Every list reads `queries.public_items()` (published, in use or suspended): drafts and cancelled items never show.
Filters are GET forms (`forms.lists.ItemFilter`); a value not offered is a 400 with the error summary, a page
number past the end shows the last page.
"""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, Q, QuerySet, Value, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from sunlight.notify.public_cache import public_page
from sunlight.orgs import tree
from sunlight.orgs.models import Org

from ..forms.lists import ItemFilter
from ..kinds import LIFE_EVENT_LABELS, LIFE_EVENTS, POWER_KINDS, Audience, ItemKind, Level
from ..models import ServiceItem
from ..queries import public_items

PER_PAGE = 20


def page_of(request: HttpRequest, rows, per_page: int = PER_PAGE) -> Page:
    """One page of rows; a page number that is not a number or past the end is clamped (first or last page)."""
    return Paginator(rows, per_page).get_page(request.GET.get("page"))


def orgs_with(items: QuerySet[ServiceItem]) -> list[Org]:
    """The orgs that implement any of the items, in tree order (the filter's choices and the index's list)."""
    return tree.ordered(Org.objects.filter(pk__in=items.values("org_id"), is_active=True))


def kind_counts(items: QuerySet[ServiceItem]) -> list[tuple[str, str, int]]:
    """(kind, label, count) in the kinds' own order, kinds without items left out."""
    counts = dict(items.order_by().values_list("kind").annotate(n=Count("pk")))
    return [(k, label, counts[k]) for k, label in ItemKind.choices if counts.get(k)]


def filtered(items: QuerySet[ServiceItem], form: ItemFilter) -> tuple[QuerySet[ServiceItem], int]:
    """The items narrowed by a valid form (status 200), or none with status 400 when the form has an error."""
    if not form.is_valid():
        return items.none(), 400
    data = form.cleaned_data
    if data.get("org"):
        items = items.filter(org_id=data["org"])
    if data.get("kind"):
        items = items.filter(kind=data["kind"])
    if data.get("level"):
        items = items.filter(current__level=data["level"])
    return items.order_by(*form.order()), 200


@public_page("catalog")
def index(request: HttpRequest) -> HttpResponse:
    items = public_items()
    life = items.order_by().aggregate(
        **{slug: Count("pk", filter=Q(current__life_events__contains=f",{slug},")) for slug, _a, _l in LIFE_EVENTS}
    )
    events = {
        audience: [(slug, label, life[slug]) for slug, aud, label in LIFE_EVENTS if aud == audience]
        for audience in Audience.values
    }
    org_counts = dict(items.order_by().values_list("org_id").annotate(n=Count("pk")))
    orgs = [(org, org_counts[org.pk]) for org in orgs_with(items)]
    levels = dict(items.order_by().values_list("current__level").annotate(n=Count("pk")))
    context = {
        "person_events": events[Audience.PERSON],
        "company_events": events[Audience.COMPANY],
        "orgs": orgs,
        "levels": [(value, label, levels[value]) for value, label in Level.choices if levels.get(value)],
        "kinds": kind_counts(items),
        "total": sum(org_counts.values()),
        "power_kinds": POWER_KINDS,
    }
    return render(request, "catalog/public/index.html", context)


@public_page("catalog")
def life_event(request: HttpRequest, slug: str) -> HttpResponse:
    """个人办事 / 法人办事 by life event: the items whose version in force names it, with filters and pages."""
    if slug not in LIFE_EVENT_LABELS:
        raise Http404("没有这个主题。")
    audience = next(aud for s, aud, _label in LIFE_EVENTS if s == slug)
    items = public_items().filter(current__life_events__contains=f",{slug},")
    form = ItemFilter(request.GET, orgs=orgs_with(items), kinds=[k for k, _l, _n in kind_counts(items)])
    rows, status = filtered(items, form)
    context = {
        "slug": slug,
        "label": LIFE_EVENT_LABELS[slug],
        "audience_label": Audience(audience).label,
        "siblings": [(s, label) for s, aud, label in LIFE_EVENTS if aud == audience],
        "form": form,
        "page": page_of(request, rows),
    }
    return render(request, "catalog/public/life_event.html", context, status=status)


@public_page("catalog")
def org_items(request: HttpRequest, pk: int) -> HttpResponse:
    """One org's 权力清单 and other items, grouped by kind with counts."""
    org = Org.objects.filter(pk=pk, is_active=True).first()
    if org is None:
        raise Http404("没有该机构。")
    items = public_items().filter(org=org)
    kinds = kind_counts(items)
    form = ItemFilter(request.GET, fields=("kind",), kinds=[k for k, _l, _n in kinds])
    rows, status = filtered(items, form)
    # Grouped by kind across pages: the kinds' own order (行政许可 first), then the name.
    rank = Case(*(When(kind=k, then=Value(i)) for i, k in enumerate(ItemKind.values)), default=Value(99))
    page = page_of(request, rows.order_by(rank, "name", "code"))
    context = {"org": org, "kinds": kinds, "total": sum(n for _k, _l, n in kinds), "form": form, "page": page}
    return render(request, "catalog/public/org.html", context, status=status)
