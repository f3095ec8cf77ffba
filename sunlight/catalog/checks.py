"""Load what the catalog rules read (laws, org subtrees, the basic catalog, names in force) and check versions.

One context serves a whole batch (an import of 100,000 rows loads each table once).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone

from sunlight.orgs.models import Org

from .elements import CitationData, VersionData
from .models import BasicItem, Law, ServiceItem
from .rules import RULES, Context, Rule, Subject, broken


def org_within(org_ids: Iterable[int]) -> dict[int, frozenset[int]]:
    """For each org, the ids of itself and every org below it."""
    result = {}
    for org in Org.objects.filter(pk__in=set(org_ids)).only("pk", "path"):
        result[org.pk] = frozenset(Org.objects.filter(path__startswith=org.path).values_list("pk", flat=True))
    return result


def basic_bases(codes: Iterable[str] | None = None) -> dict[str, tuple]:
    rows = BasicItem.objects.all() if codes is None else BasicItem.objects.filter(basic_code__in=set(codes))
    return {b.basic_code: base_of_basic(b) for b in rows}


def base_of_basic(b: BasicItem) -> tuple:
    return (b.name, b.kind, b.competent_department, b.implementing_body, sorted(list(c) for c in b.legal_basis))


def names_in_force(org_ids: Iterable[int] | None = None) -> dict[tuple[int, str], set[int]]:
    items = ServiceItem.objects.filter(status__in=("active", "suspended"))
    if org_ids is not None:
        items = items.filter(org_id__in=set(org_ids))
    names: dict[tuple[int, str], set[int]] = {}
    for pk, org_id, name in items.values_list("pk", "org_id", "name").iterator():
        names.setdefault((org_id, name), set()).add(pk)
    return names


def laws() -> dict[str, tuple]:
    return {t: (n, r) for t, n, r in Law.objects.values_list("title", "articles", "repealed_on")}


def context_for(subjects: list[Subject]) -> Context:
    orgs = {s.org_id for s in subjects}
    return Context(
        laws=laws(),
        org_within=org_within(orgs),
        basic=basic_bases(s.basic_code for s in subjects),
        names=names_in_force(orgs),
        today=timezone.localdate(),
    )


def check(subject: Subject, ctx: Context | None = None) -> list[Rule]:
    return broken(subject, ctx or context_for([subject]), RULES)


def citation_rows(data: VersionData, known: dict[str, int]) -> list[dict]:
    """Citation model fields for a version's data; `known` maps law titles to law ids."""
    return [_citation_row(c, known) for c in data.citations]


def _citation_row(c: CitationData, known: dict[str, int]) -> dict:
    return {
        "law_id": known.get(c.law_title),
        "law_title": c.law_title,
        "article": c.article,
        "clause": c.clause,
        "excerpt": c.excerpt,
    }
