"""Read-side helpers for the public catalog: what is public, and the filters people browse by (the form: forms/public.py)."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.db.models import QuerySet

from sunlight.orgs.models import Org
from sunlight.search import service as search

from .models import Document, Genre, KeyArea, Topic


def public_documents() -> QuerySet[Document]:
    """The one definition of 'visible to the public': published and proactively disclosed."""
    return Document.objects.filter(status=Document.Status.PUBLISHED, attribute=Document.Attribute.PROACTIVE)


@dataclass
class CatalogFilter:
    q: str = ""
    org: Org | None = None
    topic: Topic | None = None
    genre: Genre | None = None
    year: int | None = None
    validity: str = ""
    key_area: KeyArea | None = None
    order: str = "relevance"

    @classmethod
    def from_form(cls, form: forms.Form) -> CatalogFilter:
        data = form.cleaned_data if form.is_valid() else {}
        return cls(**{k: v for k, v in data.items() if v not in (None, "")})

    def apply(self, qs: QuerySet[Document]) -> QuerySet[Document]:
        """The same filters on the ORM, for exports and feeds (search applies them in its backend)."""
        if self.q:
            # The export of a search holds what the search matched, not the whole catalog.
            qs = qs.filter(pk__in=search.matching_ids(search.SearchQuery(text=self.q, kind="document")))
        if self.org is not None:
            qs = qs.filter(publisher__path__startswith=self.org.path)
        if self.topic is not None:
            qs = qs.filter(topic__in=[self.topic.pk, *self.topic.children.values_list("pk", flat=True)])
        if self.genre is not None:
            qs = qs.filter(genre=self.genre)
        if self.year:
            qs = qs.filter(published_at__year=self.year)  # in TIME_ZONE, as Django's __year does with USE_TZ
        if self.validity:
            qs = qs.filter(validity=self.validity)
        if self.key_area is not None:
            qs = qs.filter(
                key_areas__in=[self.key_area.pk, *self.key_area.children.values_list("pk", flat=True)]
            ).distinct()
        return qs


def search_catalog(flt: CatalogFilter, page: int, per_page: int = 20) -> search.SearchResults:
    results = search.search(
        search.SearchQuery(
            text=flt.q,
            kind="document",
            org_path=flt.org.path if flt.org else None,
            topic_id=flt.topic.pk if flt.topic else None,
            genre_id=flt.genre.pk if flt.genre else None,
            year=flt.year,
            validity=flt.validity or None,
            key_area_id=flt.key_area.pk if flt.key_area else None,
            page=page,
            per_page=per_page,
            order=flt.order if flt.q else "newest",
        )
    )
    # What a result list shows besides the title: the publisher and the validity (one query for the names).
    names = dict(Org.objects.filter(pk__in={h.org_id for h in results.hits}).values_list("pk", "name"))
    labels = dict(Document.Validity.choices)
    for hit in results.hits:
        hit.publisher = names.get(hit.org_id, "")
        hit.validity_label = labels.get(hit.validity, "")
    return results
