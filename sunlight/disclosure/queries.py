"""Read-side helpers for the public catalog: what is public, and the filters people browse by."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.db.models import QuerySet

from sunlight.orgs import tree
from sunlight.orgs.models import Org
from sunlight.search import service as search

from .models import Document, Genre, KeyArea, Topic


def public_documents() -> QuerySet[Document]:
    """The one definition of 'visible to the public': published and proactively disclosed."""
    return Document.objects.filter(status=Document.Status.PUBLISHED, attribute=Document.Attribute.PROACTIVE)


class CatalogFilterForm(forms.Form):
    q = forms.CharField(label="关键词", required=False, max_length=100)
    org = forms.ModelChoiceField(label="发布机构", queryset=Org.objects.filter(is_active=True), required=False)
    topic = forms.ModelChoiceField(label="主题分类", queryset=Topic.objects.all(), required=False)
    genre = forms.ModelChoiceField(label="体裁分类", queryset=Genre.objects.all(), required=False)
    year = forms.IntegerField(label="年份", required=False, min_value=1990, max_value=2100)
    validity = forms.ChoiceField(
        label="有效性", required=False, choices=[("", "全部")] + list(Document.Validity.choices)
    )
    key_area = forms.ModelChoiceField(
        label="重点领域", queryset=KeyArea.objects.all(), required=False, to_field_name="code"
    )
    order = forms.ChoiceField(label="排序", required=False, choices=[("relevance", "相关度"), ("newest", "最新发布")])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The publisher select in tree order (the city's departments under the city); the queryset still validates.
        # A callable: read only when the select is rendered, not for exports and feeds that only validate.
        queryset = self.fields["org"].queryset
        self.fields["org"].choices = lambda: (
            [("", "---------")] + [(org.pk, org.name) for org in tree.ordered(queryset)]
        )


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
    def from_form(cls, form: CatalogFilterForm) -> CatalogFilter:
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
