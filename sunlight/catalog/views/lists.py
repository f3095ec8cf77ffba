"""The lists: 权力清单 (powers), 责任清单 (the duties of each power), 负面清单 (with the "may I invest?" lookup)
and 监管清单 (the oversight of each item). All read the version in force of public items only."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sunlight.notify.public_cache import public_page

from ..forms.lists import ItemFilter, NegativeLookup
from ..kinds import POWER_KINDS
from ..models import NegativeListEntry, ServiceItem
from ..queries import public_items
from .browse import filtered, kind_counts, orgs_with, page_of

Category = NegativeListEntry.Category


def _list_page(request: HttpRequest, items: QuerySet[ServiceItem], template: str, extra: dict | None = None):
    """A filtered (org, kind), counted, paged list of items."""
    kinds = kind_counts(items)
    form = ItemFilter(
        request.GET, fields=("org", "kind", "sort"), orgs=orgs_with(items), kinds=[k for k, _l, _n in kinds]
    )
    rows, status = filtered(items, form)
    counted = kind_counts(rows) if status == 200 and form.cleaned_data.get("org") else kinds
    context = {"form": form, "kinds": counted, "total": sum(n for _k, _l, n in counted), "page": page_of(request, rows)}
    return render(request, template, {**context, **(extra or {})}, status=status)


@public_page("catalog")
def powers(request: HttpRequest) -> HttpResponse:
    """权力清单: the ten kinds of power, by kind and org, each with its legal basis and a way to its flow chart."""
    items = public_items().filter(kind__in=POWER_KINDS).prefetch_related("current__citations")
    return _list_page(request, items, "catalog/public/powers.html")


@public_page("catalog")
def duties(request: HttpRequest) -> HttpResponse:
    """责任清单: each power's duties, accountability situations and basis (from its version in force)."""
    items = public_items().filter(kind__in=POWER_KINDS, current__guide__duties__0__isnull=False)
    return _list_page(request, items, "catalog/public/duties.html")


@public_page("catalog")
def oversight(request: HttpRequest) -> HttpResponse:
    """监管清单: how each item is supervised after approval (method, frequency, 双随机 pool, basis)."""
    items = public_items().filter(current__guide__oversight__0__isnull=False)
    return _list_page(request, items, "catalog/public/oversight.html")


@dataclass
class Answer:
    """The answer to "may I invest in X?": the verdict and the entries it rests on."""

    verdict: str  # "prohibited" | "restricted" | "open"
    prohibited: list[NegativeListEntry] = field(default_factory=list)
    restricted: list[NegativeListEntry] = field(default_factory=list)


def _digits(code: str) -> tuple[str, str]:
    """(section letter, digits) of a GB/T 4754 code: "C1311" → ("C", "1311"), "13" → ("", "13")."""
    code = code.strip().upper()
    if code[:1].isalpha():
        return code[:1], code[1:]
    return "", code


def code_matches(entry_code: str, asked: str) -> bool:
    """The codes name the same industry or one contains the other (a prefix either way): a 大类 "13" asked
    matches the 小类 "C1311" listed, and the 小类 "C1311" asked matches a 大类 "13" listed."""
    if not entry_code or not asked:
        return False
    e_letter, e_digits = _digits(entry_code)
    a_letter, a_digits = _digits(asked)
    if e_letter and a_letter and e_letter != a_letter:
        return False
    if not a_digits or not e_digits:  # a section letter alone stands for the whole 门类
        return bool(a_letter) and a_letter == e_letter
    return e_digits.startswith(a_digits) or a_digits.startswith(e_digits)


def keyword_matches(entry: NegativeListEntry, keyword: str) -> bool:
    words = keyword.lower().split()
    text = f"{entry.title} {entry.industry} {entry.measures}".lower()
    return bool(words) and all(word in text for word in words)


def look_up(entries: list[NegativeListEntry], keyword: str, code: str) -> Answer:
    """Entries matching the keyword or the code; any prohibition decides, then any permit, else it is open."""
    found = [e for e in entries if keyword_matches(e, keyword) or code_matches(e.industry_code, code)]
    prohibited = [e for e in found if e.category == Category.PROHIBITED]
    restricted = [e for e in found if e.category == Category.RESTRICTED]
    verdict = "prohibited" if prohibited else "restricted" if restricted else "open"
    return Answer(verdict, prohibited, restricted)


@public_page("catalog")
def negative(request: HttpRequest) -> HttpResponse:
    """负面清单 by category, and the lookup: asked when the GET carries either field."""
    # The list is short (a national edition has about a hundred entries): read it once, match in Python.
    entries = list(
        NegativeListEntry.objects.prefetch_related(
            Prefetch("items", queryset=public_items().order_by("name", "code"), to_attr="public_items")
        )
    )
    asked = "keyword" in request.GET or "industry_code" in request.GET
    form = NegativeLookup(request.GET if asked else None)
    answer, status = None, 200
    if asked:
        if form.is_valid():
            answer = look_up(entries, form.cleaned_data["keyword"], form.cleaned_data["industry_code"])
        else:
            status = 400
    groups = [(value, label, [e for e in entries if e.category == value]) for value, label in Category.choices]
    context = {"form": form, "answer": answer, "groups": groups, "asked": asked}
    return render(request, "catalog/public/negative.html", context, status=status)
