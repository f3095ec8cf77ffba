"""Public catalog (信息公开): browse, search, document pages, guides, key areas, statistics, open data."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator

from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext

from sunlight import modules
from sunlight.notify.public_cache import public_page
from sunlight.orgs import tree
from sunlight.orgs.models import Org

from .models import Attachment, DisclosureGuide, Document, Genre, KeyArea, Topic
from .queries import CatalogFilter, CatalogFilterForm, public_documents, search_catalog


def _page_number(request: HttpRequest) -> int:
    try:
        return max(1, min(int(request.GET.get("page", "1")), 500))
    except ValueError:
        return 1


@public_page("disclosure")
def catalog(request: HttpRequest) -> HttpResponse:
    """信息公开 home: search box, browse facets and the newest documents."""
    results = search_catalog(CatalogFilter(), 1, per_page=15)
    return render(
        request,
        "disclosure/catalog.html",
        dict(
            form=CatalogFilterForm(),
            results=results,
            topics=Topic.objects.filter(parent__isnull=True),
            genres=Genre.objects.all(),
            key_areas=KeyArea.objects.filter(parent__isnull=True),
            governments=tree.ordered(Org.objects.filter(kind=Org.Kind.GOVERNMENT, is_active=True))[:50],
            years=range(timezone.localdate().year, timezone.localdate().year - 10, -1),
        ),
    )


@public_page("disclosure")
def search_view(request: HttpRequest) -> HttpResponse:
    form = CatalogFilterForm(request.GET or None)
    flt = CatalogFilter.from_form(form)
    page = _page_number(request)
    results = search_catalog(flt, page)
    pages = max(1, (results.total + results.per_page - 1) // results.per_page)
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(
        request,
        "disclosure/search.html",
        dict(form=form, flt=flt, results=results, page=page, pages=pages, query_string=_without_page(request)),
        status=status,
    )


def _without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@public_page("disclosure")
def document(request: HttpRequest, pk: int) -> HttpResponse:
    doc = get_object_or_404(
        public_documents().select_related("publisher__region", "topic__parent", "genre", "replaced_by", "interprets"),
        pk=pk,
    )
    return render(
        request,
        "disclosure/document.html",
        dict(
            doc=doc,
            attachments=doc.attachments.all(),
            interpretations=public_documents().filter(interprets=doc),
            replaces=public_documents().filter(replaced_by=doc),
            key_areas=doc.key_areas.all(),
            policy=doc.interprets if doc.interprets_id and doc.interprets.is_public else None,
        ),
    )


def attachment(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    doc = get_object_or_404(public_documents(), pk=pk)
    att = get_object_or_404(Attachment, pk=attachment_pk, document=doc)
    try:
        handle = att.file.open("rb")
    except FileNotFoundError:
        raise Http404(gettext("附件文件缺失。")) from None
    return FileResponse(handle, as_attachment=True, filename=att.name)


@public_page("disclosure")
def org_index(request: HttpRequest) -> HttpResponse:
    """Browse by the org tree: each org with how many documents it has published."""
    counts = dict(public_documents().values_list("publisher").annotate(n=Count("pk")))
    orgs = tree.ordered(Org.objects.filter(is_active=True).select_related("region"))
    return render(request, "disclosure/orgs.html", dict(rows=[(o, counts.get(o.pk, 0)) for o in orgs]))


@public_page("disclosure")
def org_catalog(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_object_or_404(Org, pk=pk, is_active=True)
    page = _page_number(request)
    results = search_catalog(CatalogFilter(org=org), page)
    docs = public_documents().filter(publisher=org)
    stats = {
        "total": docs.count(),
        "this_year": docs.filter(published_at__year=timezone.localdate().year).count(),
        "late": docs.filter(published_late=True).count(),
        "by_genre": docs.values("genre__name").annotate(n=Count("pk")).order_by("-n")[:8],
    }
    pages = max(1, (results.total + results.per_page - 1) // results.per_page)
    return render(
        request,
        "disclosure/org.html",
        dict(
            org=org,
            results=results,
            stats=stats,
            page=page,
            pages=pages,
            query_string="",
            children=tree.ordered(org.children.filter(is_active=True)),
            has_guide=DisclosureGuide.objects.filter(org=org).exists(),
            **_org_columns(org, docs),
        ),
    )


# 公开制度: the org's own documents filed under the seeded topic 综合政务 › 政务公开 (how it runs its disclosure
# work: rules, plans, key points), annual reports apart (they have their own column).
POLICY_TOPIC = "0103"


def _org_columns(org: Org, docs) -> dict:
    """What the org page's columns need: 公开指南, 公开制度 and 法定主动公开内容 from here; 公开年报, 依申请公开 and
    any later module's column from the module itself (ModuleConfig.org_page)."""
    topic = Topic.objects.filter(code=POLICY_TOPIC).first()
    policies = docs.filter(topic=topic).exclude(genre__code=Genre.REPORT).order_by("-published_at")[:5] if topic else []
    return dict(
        policy_topic=topic,
        policies=policies,
        **modules.org_page_context(org),
    )


@public_page("disclosure")
def org_guide(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_object_or_404(Org, pk=pk, is_active=True)
    guide = DisclosureGuide.objects.filter(org=org).first()
    return render(request, "disclosure/guide.html", dict(org=org, guide=guide))


@public_page("disclosure")
def key_areas(request: HttpRequest) -> HttpResponse:
    areas = KeyArea.objects.filter(parent__isnull=True).prefetch_related("children")
    return render(request, "disclosure/key_areas.html", dict(areas=areas))


@public_page("disclosure")
def key_area(request: HttpRequest, code: str) -> HttpResponse:
    area = get_object_or_404(KeyArea, code=code)
    page = _page_number(request)
    results = search_catalog(CatalogFilter(key_area=area), page)
    pages = max(1, (results.total + results.per_page - 1) // results.per_page)
    return render(
        request, "disclosure/key_area.html", dict(area=area, results=results, page=page, pages=pages, query_string="")
    )


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
    return render(request, "disclosure/statistics.html", dict(rows=rows, year=year))


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
                "key_areas": "；".join(a.name for a in doc.key_areas.all()),
                "url": f"{base}/disclosure/d/{doc.pk}/",
            }

    return form, rows()


class _Echo:
    def write(self, value: str) -> str:
        return value


def export_csv(request: HttpRequest) -> HttpResponse:
    """The catalog as CSV (UTF-8 with BOM so Excel opens it), streamed, for any filter."""
    form, rows = _export_rows(request)
    if form.is_bound and not form.is_valid():
        return HttpResponse(gettext("筛选条件无效。"), status=400, content_type="text/plain; charset=utf-8")
    writer = csv.writer(_Echo())

    def stream() -> Iterator[str]:
        yield "\ufeff" + writer.writerow([label for _key, label in EXPORT_FIELDS])
        for row in rows:
            yield writer.writerow([row[key] for key, _label in EXPORT_FIELDS])

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="disclosure-catalog.csv"'
    return response


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


@public_page("disclosure")
def feeds(request: HttpRequest) -> HttpResponse:
    """订阅: the site-wide feed and the feeds of each government and top-level topic, with how to use them."""
    return render(
        request,
        "disclosure/feeds.html",
        dict(
            governments=Org.objects.filter(kind=Org.Kind.GOVERNMENT, is_active=True).order_by("path")[:100],
            topics=Topic.objects.filter(parent__isnull=True),
        ),
    )
