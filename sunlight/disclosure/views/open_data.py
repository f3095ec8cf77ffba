"""Open data of the public catalog: per-org statistics, and the catalog as CSV or JSON for any filter."""

from __future__ import annotations

import json
from collections.abc import Iterator

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext

from sunlight.csvstream import csv_response
from sunlight.notify.public_cache import public_page

from ..forms.public import CatalogFilterForm
from ..models import Document
from ..queries import CatalogFilter, public_documents


@public_page("disclosure")
def statistics(request: HttpRequest) -> HttpResponse:
    """Per-org statistics: documents published, this year, still valid, published late (Art. 26)."""
    year = timezone.localdate().year
    rows = (
        public_documents()
        .values("publisher", "publisher__name")
        .annotate(
            total=Count("pk"),
            this_year=Count("pk", filter=Q(published_at__year=year)),
            valid=Count("pk", filter=Q(validity=Document.Validity.VALID)),
            late=Count("pk", filter=Q(published_late=True)),
        )
        .order_by("-total")
    )
    return render(request, "disclosure/public/statistics.html", dict(rows=rows, year=year))


EXPORT_FIELDS = [
    ("index_number", "索引号"),
    ("title", "名称"),
    ("publisher", "发布机构"),
    ("created_on", "成文日期"),
    ("published_at", "发布日期"),
    ("doc_number", "文号"),
    ("topic", "主题分类"),
    ("genre", "体裁分类"),
    ("keywords", "主题词"),
    ("validity", "有效性"),
    ("key_areas", "重点领域"),
    ("url", "网址"),
]


def _export_rows(request: HttpRequest) -> tuple[CatalogFilterForm, Iterator[dict]]:
    form = CatalogFilterForm(request.GET or None)
    flt = CatalogFilter.from_form(form)
    qs = (
        flt.apply(public_documents())
        .select_related("publisher", "topic", "genre")
        .prefetch_related("key_areas")
        .order_by("pk")
    )
    base = request.build_absolute_uri("/").rstrip("/")

    def rows() -> Iterator[dict]:
        for doc in qs.iterator(chunk_size=500):
            yield {
                "index_number": doc.index_number,
                "title": doc.title,
                "publisher": doc.publisher.name,
                "created_on": doc.created_on.isoformat(),
                "published_at": timezone.localtime(doc.published_at).isoformat(),
                "doc_number": doc.doc_number,
                "topic": doc.topic.name if doc.topic_id else "",
                "genre": doc.genre.name,
                "keywords": doc.keywords,
                "validity": doc.get_validity_display(),
                "key_areas": "；".join(key_area.name for key_area in doc.key_areas.all()),
                "url": f"{base}/disclosure/d/{doc.pk}/",
            }

    return form, rows()


def export_csv(request: HttpRequest) -> HttpResponse:
    """The catalog as CSV (UTF-8 with BOM so Excel opens it), streamed, for any filter."""
    form, rows = _export_rows(request)
    if form.is_bound and not form.is_valid():
        return HttpResponse(gettext("筛选条件无效。"), status=400, content_type="text/plain; charset=utf-8")
    return csv_response(
        [label for _key, label in EXPORT_FIELDS],
        ([row[key] for key, _label in EXPORT_FIELDS] for row in rows),
        "disclosure-catalog.csv",
    )


def export_json(request: HttpRequest) -> HttpResponse:
    form, rows = _export_rows(request)
    if form.is_bound and not form.is_valid():
        return HttpResponse(
            json.dumps({"error": "invalid", "message": gettext("筛选条件无效。")}),
            status=400,
            content_type="application/json",
        )

    def stream() -> Iterator[str]:
        yield "["
        for i, row in enumerate(rows):
            yield ("," if i else "") + json.dumps(row, ensure_ascii=False)
        yield "]"

    response = StreamingHttpResponse(stream(), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="disclosure-catalog.json"'
    return response
