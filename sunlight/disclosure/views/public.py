"""Public catalog (信息公开): browse, search, document pages, org pages and guides, key areas.

Statistics and open data are in open_data.py, the feeds and the subscribe page in feeds.py."""

from __future__ import annotations

from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext

from sunlight import modules
from sunlight.notify.public_cache import public_page
from sunlight.orgs import tree
from sunlight.orgs.models import Org

from ..forms.public import CatalogFilterForm
from ..models import Attachment, DisclosureGuide, Genre, KeyArea, Topic
from ..queries import CatalogFilter, public_documents, search_catalog


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
        "disclosure/public/catalog.html",
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
        "disclosure/public/search.html",
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
        "disclosure/public/document.html",
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
    attachment = get_object_or_404(Attachment, pk=attachment_pk, document=doc)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404(gettext("附件文件缺失。")) from None
    return FileResponse(handle, as_attachment=True, filename=attachment.name)


@public_page("disclosure")
def org_index(request: HttpRequest) -> HttpResponse:
    """Browse by the org tree: each org with how many documents it has published."""
    counts = dict(public_documents().values_list("publisher").annotate(n=Count("pk")))
    orgs = tree.ordered(Org.objects.filter(is_active=True).select_related("region"))
    return render(request, "disclosure/public/orgs.html", dict(rows=[(org, counts.get(org.pk, 0)) for org in orgs]))


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
        "disclosure/public/org.html",
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
    disclosure_guide = DisclosureGuide.objects.filter(org=org).first()
    return render(request, "disclosure/public/guide.html", dict(org=org, guide=disclosure_guide))


@public_page("disclosure")
def key_areas(request: HttpRequest) -> HttpResponse:
    areas = KeyArea.objects.filter(parent__isnull=True).prefetch_related("children")
    return render(request, "disclosure/public/key_areas.html", dict(areas=areas))


@public_page("disclosure")
def key_area(request: HttpRequest, code: str) -> HttpResponse:
    key_area = get_object_or_404(KeyArea, code=code)
    page = _page_number(request)
    results = search_catalog(CatalogFilter(key_area=key_area), page)
    pages = max(1, (results.total + results.per_page - 1) // results.per_page)
    return render(
        request,
        "disclosure/public/key_area.html",
        dict(area=key_area, results=results, page=page, pages=pages, query_string=""),
    )
