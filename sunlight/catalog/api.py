"""GET /api/v1/catalog/: items, versions, the version in force on a date, the lists; staff acts with tokens."""
# No `from __future__ import annotations` here: django-ninja reads the parameter types at import time.

from datetime import date, datetime
from typing import Literal

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from sunlight.api.auth import staff_or_token_auth
from sunlight.api.types import BoundedLimitOffsetPagination, Id
from sunlight.errors import SunlightError
from sunlight.orgs.models import Org

from . import actions, searching
from .elements import VersionData, of_version
from .kinds import LIFE_EVENT_LABELS, POWER_KINDS, ItemKind, Tier
from .models import NegativeListEntry, ServiceItem, ServiceItemVersion
from .queries import public_items, public_versions, published_item, staff_items, staff_versions, version_in_force

router = Router()

Text = Field(default="", max_length=200)


# --- schemas


class ItemOut(Schema):
    id: int
    code: str
    basic_code: str
    org_id: int
    org_name: str
    tier: str
    parent_id: int | None
    status: str
    name: str
    kind: str
    kind_label: str
    current_version: int | None
    url: str

    # Resolved from the model row, so that lists hand ninja a queryset and only the page is read.
    @staticmethod
    def resolve_org_name(obj) -> str:
        return obj.org.name

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return str(ItemKind(obj.kind).label) if obj.kind in ItemKind.values else obj.kind

    @staticmethod
    def resolve_current_version(obj) -> int | None:
        return obj.current.number if obj.current_id else None

    @staticmethod
    def resolve_url(obj) -> str:
        return reverse("catalog:item", args=[obj.pk])


class VersionSummaryOut(Schema):
    id: int
    item_id: int
    number: int
    state: str
    operation: str
    reason: str
    name: str
    effective_from: date | None
    effective_until: date | None
    published_at: datetime | None


class VersionOut(VersionSummaryOut):
    elements: VersionData


class StaffVersionOut(VersionOut):
    item: ItemOut
    violations: list[str]
    review_note: str


class ItemDetailOut(ItemOut):
    version: VersionOut


class NegativeOut(Schema):
    id: int
    number: str
    category: str
    industry: str
    industry_code: str
    title: str
    measures: str
    basis: str
    item_ids: list[int]

    @staticmethod
    def resolve_item_ids(obj) -> list[int]:
        return [i.pk for i in obj.items.all()]


class ErrorOut(Schema):
    error: str
    message: str


class RuleErrorOut(ErrorOut):
    rules: list[str]


class SearchHitOut(Schema):
    id: int
    title: str
    url: str
    kind: str
    kind_label: str
    snippet_html: str
    published_at: datetime


class FacetOut(Schema):
    kind: str
    label: str
    count: int
    capped: bool  # true: at least `count`


class SearchOut(Schema):
    total: int
    total_capped: bool
    page: int
    per_page: int
    hits: list[SearchHitOut]
    facets: list[FacetOut]
    suggestion: str | None


class ItemIn(Schema):
    org: Id
    basic_code: str = Field(min_length=1, max_length=10)
    tier: Literal["main", "sub", "business"] = "main"
    parent: Id | None = None
    code: str = Field(default="", max_length=64)
    reason: str = Field(min_length=1, max_length=2000)
    elements: VersionData


class ChangeIn(Schema):
    reason: str = Field(min_length=1, max_length=2000)
    elements: VersionData


class ReasonIn(Schema):
    reason: str = Field(min_length=1, max_length=2000)


class NoteIn(Schema):
    note: str = Field(min_length=1, max_length=2000)


class PublishIn(Schema):
    effective_from: date | None = None


# --- shaping


def _summary(version: ServiceItemVersion) -> dict:
    return {
        "id": version.pk,
        "item_id": version.item_id,
        "number": version.number,
        "state": version.state,
        "operation": version.operation,
        "reason": version.reason,
        "name": version.name,
        "effective_from": version.effective_from,
        "effective_until": version.effective_until,
        "published_at": version.published_at,
    }


def _version(version: ServiceItemVersion) -> dict:
    return {**_summary(version), "elements": of_version(version)}


def _staff_version(version: ServiceItemVersion) -> dict:
    item = ServiceItem.objects.select_related("org", "current").get(pk=version.item_id)
    return {
        **_version(version),
        "item": item,
        "violations": list(version.violations or []),
        "review_note": version.review_note,
    }


def _bad(message: str) -> SunlightError:
    return SunlightError(message, code="invalid")


def _kind(kind: str | None) -> str | None:
    if kind and kind not in ItemKind.values:
        raise _bad(gettext("未知的事项类型“%(kind)s”。") % {"kind": kind[:40]})
    return kind or None


def _public_item(item_id: int) -> ServiceItem:
    item = published_item(item_id)
    if item is None:
        raise Http404(gettext("没有这个事项。"))
    return item


# --- public reading


@router.get("/items", response=list[ItemOut], summary="事项列表 / Service items")
@paginate(BoundedLimitOffsetPagination)
def list_items(
    request,
    org: Id | None = None,
    kind: str | None = Query(None, max_length=20),
    status: Literal["active", "suspended", "cancelled"] | None = None,
    life_event: str | None = Query(None, max_length=40),
    q: str | None = Query(None, max_length=100),
):
    """Published items in use or suspended (status=cancelled lists the cancelled ones); q matches the name."""
    kind = _kind(kind)
    if status:
        items = ServiceItem.objects.filter(status=status, current__isnull=False).select_related("org", "current")
    else:
        items = public_items()
    if org is not None:
        items = items.filter(org_id=org)
    if kind:
        items = items.filter(kind=kind)
    if life_event:
        if life_event not in LIFE_EVENT_LABELS:
            raise _bad(gettext("未知的主题“%(slug)s”。") % {"slug": life_event[:40]})
        items = items.filter(current__life_events__contains=f",{life_event},")
    if q and q.strip():
        items = items.filter(name__icontains=q.strip())
    return items.order_by("org_id", "code")


@router.get("/items/{item_id}", response=ItemDetailOut, summary="一个事项（现行版本的全部要素） / One item")
def get_item(request, item_id: Id):
    item = _public_item(item_id)
    item.version = _version(item.current)  # read by ItemDetailOut next to the item's own fields
    return item


@router.get("/items/{item_id}/versions", response=list[VersionSummaryOut], summary="事项的已发布版本 / Versions")
@paginate(BoundedLimitOffsetPagination)
def list_versions(request, item_id: Id):
    return public_versions(_public_item(item_id))


@router.get("/items/{item_id}/versions/{number}", response=VersionOut, summary="一个已发布版本 / One version")
def get_version(request, item_id: Id, number: Id):
    version = public_versions(_public_item(item_id)).filter(number=number).first()
    if version is None:
        raise Http404(gettext("没有这个已发布的版本。"))
    return _version(version)


@router.get("/items/{item_id}/in-force", response=VersionOut, summary="某日有效的版本 / The version in force on a date")
def in_force(request, item_id: Id, date: date):
    """The version in force on `date` (YYYY-MM-DD); 404 before the first version or after a cancellation."""
    version = version_in_force(_public_item(item_id), date)
    if version is None:
        raise Http404(gettext("该日期没有有效的版本。"))
    return _version(version)


@router.get("/powers", response=list[ItemOut], summary="权力清单 / Items that are powers")
@paginate(BoundedLimitOffsetPagination)
def powers(request, org: Id | None = None, kind: str | None = Query(None, max_length=20)):
    """Items of the ten power kinds (行政许可 … 其他行政权力); `kind` narrows to one of them."""
    kind = _kind(kind)
    if kind and kind not in POWER_KINDS:
        raise _bad(gettext("“%(kind)s”不是行政权力类型。") % {"kind": kind})
    items = public_items().filter(kind__in=[kind] if kind else POWER_KINDS)
    if org is not None:
        items = items.filter(org_id=org)
    return items.order_by("kind", "org_id", "code")


class KindOut(Schema):
    kind: str
    label: str
    is_power: bool  # one of the ten 行政权力 kinds (权力清单)


@router.get("/kinds", response=list[KindOut], summary="事项类型 / Item kinds (which are powers)")
def kinds(request):
    return [{"kind": k, "label": str(ItemKind(k).label), "is_power": k in POWER_KINDS} for k in ItemKind.values]


@router.get("/negative", response=list[NegativeOut], summary="负面清单 / The negative list")
@paginate(BoundedLimitOffsetPagination)
def negative(
    request, q: str | None = Query(None, max_length=100), industry_code: str | None = Query(None, max_length=10)
):
    entries = NegativeListEntry.objects.prefetch_related("items").order_by("sort_order", "number")
    if q and q.strip():
        text = q.strip()
        entries = entries.filter(Q(title__icontains=text) | Q(industry__icontains=text) | Q(measures__icontains=text))
    if industry_code:
        entries = entries.filter(industry_code__startswith=industry_code.strip())
    return entries


@router.get("/search", response=SearchOut, summary="搜索事项 / Search service items")
def search(
    request,
    q: str = Query("", max_length=200),
    kind: str | None = Query(None, max_length=20),
    page: int = Query(1, ge=1, le=500),
):
    found = searching.items(q, kind=_kind(kind), page=page)
    return {
        "total": found.results.total,
        "total_capped": found.results.total_capped,
        "page": found.results.page,
        "per_page": found.results.per_page,
        "hits": [
            {
                "id": h.object_id,
                "title": h.title,
                "url": h.url,
                "kind": h.validity,
                "kind_label": searching.kind_label(h.validity),
                "snippet_html": h.snippet_html,
                "published_at": h.published_at,
            }
            for h in found.results.hits
        ],
        "facets": [{"kind": f.kind, "label": f.label, "count": f.count, "capped": f.capped} for f in found.facets],
        "suggestion": found.results.suggestion,
    }


# --- staff acts (session or bearer token); refusals are JSON 4xx and write nothing

STAFF = staff_or_token_auth()
ACT_RESPONSES = {200: StaffVersionOut, 422: RuleErrorOut}


def _refused(exc: actions.RuleViolation):
    return Status(422, {"error": exc.code, "message": exc.message, "rules": exc.rule_ids})


def _any_version(version_id: int) -> ServiceItemVersion:
    # Looked up unscoped: the act itself refuses (403) a member of staff of another org.
    return get_object_or_404(ServiceItemVersion.objects.select_related("item", "item__org"), pk=version_id)


def _any_item(item_id: int) -> ServiceItem:
    return get_object_or_404(ServiceItem.objects.select_related("org"), pk=item_id)


@router.get("/staff/items", auth=STAFF, response=list[ItemOut], summary="本机构的事项（含草稿） / Staff: items")
@paginate(BoundedLimitOffsetPagination)
def staff_list(
    request,
    org: Id | None = None,
    status: Literal["draft", "active", "suspended", "cancelled"] | None = None,
    q: str | None = Query(None, max_length=100),
):
    items = staff_items(request.user)
    if org is not None:
        items = items.filter(org_id=org)
    if status:
        items = items.filter(status=status)
    if q and q.strip():
        items = items.filter(Q(name__icontains=q.strip()) | Q(code=q.strip()))
    return items.order_by("org_id", "code")


@router.get("/staff/versions/{version_id}", auth=STAFF, response=StaffVersionOut, summary="一个版本（含草稿）")
def staff_version(request, version_id: Id):
    version = staff_versions(request.user).filter(pk=version_id).first()
    if version is None:
        raise Http404(gettext("没有这个版本。"))
    return _staff_version(version)


@router.post("/items", auth=STAFF, response={201: StaffVersionOut, 422: RuleErrorOut}, summary="新增事项（草稿）")
def add_item(request, body: ItemIn):
    org = get_object_or_404(Org, pk=body.org)
    parent = None
    if body.parent is not None:
        parent = staff_items(request.user).filter(pk=body.parent).first()
        if parent is None:
            raise Http404(gettext("没有这个上级事项。"))
    version = actions.add_item(
        org,
        body.elements,
        by=request.user,
        basic_code=body.basic_code,
        reason=body.reason,
        tier=Tier(body.tier),
        parent=parent,
        code=body.code,
    )
    return Status(201, _staff_version(version))


@router.put("/versions/{version_id}", auth=STAFF, response=ACT_RESPONSES, summary="编辑草稿 / Edit a draft")
def update_draft(request, version_id: Id, body: VersionData):
    version = actions.update_draft(_any_version(version_id), body, by=request.user)
    return _staff_version(version)


@router.post("/versions/{version_id}/submit", auth=STAFF, response=ACT_RESPONSES, summary="提交审核 / Submit")
def submit(request, version_id: Id):
    try:
        version = actions.submit_version(_any_version(version_id), by=request.user)
    except actions.RuleViolation as exc:
        return _refused(exc)
    return _staff_version(version)


@router.post("/versions/{version_id}/return", auth=STAFF, response=ACT_RESPONSES, summary="退回修改 / Return")
def return_version(request, version_id: Id, body: NoteIn):
    version = actions.return_version(_any_version(version_id), by=request.user, note=body.note)
    return _staff_version(version)


@router.post("/versions/{version_id}/publish", auth=STAFF, response=ACT_RESPONSES, summary="发布 / Publish")
def publish(request, version_id: Id, body: PublishIn | None = None):
    day = body.effective_from if body else None
    try:
        version = actions.publish_version(_any_version(version_id), by=request.user, effective_from=day)
    except actions.RuleViolation as exc:
        return _refused(exc)
    return _staff_version(version)


@router.post("/items/{item_id}/change", auth=STAFF, response=ACT_RESPONSES, summary="起草变更 / Draft a change")
def change(request, item_id: Id, body: ChangeIn):
    version = actions.draft_change(_any_item(item_id), body.elements, by=request.user, reason=body.reason)
    return _staff_version(version)


@router.post("/items/{item_id}/suspend", auth=STAFF, response=ACT_RESPONSES, summary="起草暂停 / Draft a suspension")
def suspend(request, item_id: Id, body: ReasonIn):
    return _staff_version(actions.suspend_item(_any_item(item_id), by=request.user, reason=body.reason))


@router.post("/items/{item_id}/cancel", auth=STAFF, response=ACT_RESPONSES, summary="起草取消 / Draft a cancellation")
def cancel(request, item_id: Id, body: ReasonIn):
    return _staff_version(actions.cancel_item(_any_item(item_id), by=request.user, reason=body.reason))
