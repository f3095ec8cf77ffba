"""/api/v1/disclosure: public search, list and detail; an authenticated endpoint for OA systems to push drafts."""

from __future__ import annotations

import base64
import binascii
from datetime import date, datetime

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema, Status

from sunlight.api.auth import staff_or_token_auth
from sunlight.api.types import Id, Limit, Offset, Year
from sunlight.errors import SunlightError
from sunlight.orgs.models import Org

from . import actions
from .models import Document, Genre, KeyArea, Topic
from .queries import CatalogFilter, public_documents, search_catalog

router = Router()


class HitOut(Schema):
    id: int
    title: str
    url: str
    published_at: datetime
    index_number: str
    doc_number: str
    snippet_html: str
    publisher: str
    validity: str


class SearchOut(Schema):
    total: int
    page: int
    per_page: int
    exact_match: bool
    suggestion: str | None
    alternatives: list[str] = Field(
        description="没有结果时：单独检索能找到结果的同义词或全称 / synonyms that find something on their own"
    )
    expansions: dict[str, list[str]] = Field(
        description="同时检索的同义词和全称 / synonyms searched along with each query word"
    )
    took_ms: float
    hits: list[HitOut]


class FilterParams(Schema):
    """The catalog filters, shared by search and list."""

    org: Id | None = None
    topic: Id | None = None
    genre: Id | None = None
    year: Year | None = None
    validity: str | None = None
    key_area: str | None = None


class SearchParams(FilterParams):
    q: str = Field("", max_length=100)
    page: int = Field(1, ge=1, le=500)
    per_page: int = Field(20, ge=1, le=100)
    order: str = Field("relevance", pattern="^(relevance|newest)$")


def _filter(params: FilterParams) -> CatalogFilter:
    if params.validity and params.validity not in Document.Validity.values:
        raise SunlightError(gettext("validity 只能是 valid、expired 或 repealed。"))
    return CatalogFilter(
        q=getattr(params, "q", ""),
        org=get_object_or_404(Org, pk=params.org) if params.org else None,
        topic=get_object_or_404(Topic, pk=params.topic) if params.topic else None,
        genre=get_object_or_404(Genre, pk=params.genre) if params.genre else None,
        year=params.year,
        validity=params.validity or "",
        key_area=get_object_or_404(KeyArea, code=params.key_area) if params.key_area else None,
        order=getattr(params, "order", "relevance"),
    )


@router.get("/search", auth=None, response=SearchOut, summary="全文检索 / full-text search")
def search_documents(request, params: Query[SearchParams]):
    results = search_catalog(_filter(params), params.page, params.per_page)
    return {
        "total": results.total,
        "page": results.page,
        "per_page": results.per_page,
        "exact_match": results.exact_match,
        "suggestion": results.suggestion,
        "took_ms": results.took_ms,
        "alternatives": results.alternatives,
        "expansions": dict(results.expansions),
        "hits": [
            {
                "id": h.object_id,
                "title": h.title,
                "url": h.url,
                "published_at": h.published_at,
                "index_number": h.index_number,
                "doc_number": h.doc_number,
                "snippet_html": h.snippet_html,
                "publisher": h.publisher,
                "validity": h.validity,
            }
            for h in results.hits
        ],
    }


class DocumentOut(Schema):
    id: int
    index_number: str
    title: str
    summary: str
    publisher_id: int
    publisher: str
    created_on: date
    published_at: datetime | None
    doc_number: str
    topic: str | None
    genre: str
    keywords: str
    audience: str
    validity: str
    validity_changed_on: date | None
    replaced_by: int | None
    interprets: int | None
    key_areas: list[str]
    body_html: str
    attachments: list[dict]
    url: str


def _document_out(doc: Document) -> dict:
    return {
        "id": doc.pk,
        "index_number": doc.index_number,
        "title": doc.title,
        "summary": doc.summary,
        "publisher_id": doc.publisher_id,
        "publisher": doc.publisher.name,
        "created_on": doc.created_on,
        "published_at": doc.published_at,
        "doc_number": doc.doc_number,
        "topic": str(doc.topic) if doc.topic_id else None,
        "genre": doc.genre.name,
        "keywords": doc.keywords,
        "audience": doc.audience,
        "validity": doc.validity,
        "validity_changed_on": doc.validity_changed_on,
        "replaced_by": doc.replaced_by_id,
        "interprets": doc.interprets_id,
        "key_areas": [key_area.code for key_area in doc.key_areas.all()],
        "body_html": doc.body_html,
        "attachments": [
            {
                "name": attachment.name,
                "kind": attachment.kind,
                "size": attachment.size,
                "url": f"/disclosure/d/{doc.pk}/attachments/{attachment.pk}",
            }
            for attachment in doc.attachments.all()
        ],
        "url": f"/disclosure/d/{doc.pk}/",
    }


class ListParams(FilterParams):
    offset: Offset = 0
    limit: Limit = 50


class ListOut(Schema):
    count: int
    items: list[DocumentOut]


@router.get("/documents", auth=None, response=ListOut, summary="政府信息目录 / catalog list")
def list_documents(request, params: Query[ListParams]):
    flt = _filter(params)
    qs = (
        flt.apply(public_documents())
        .select_related("publisher", "topic__parent", "genre")
        .prefetch_related("key_areas", "attachments")
        .order_by("-published_at", "-pk")
    )
    return {"count": qs.count(), "items": [_document_out(d) for d in qs[params.offset : params.offset + params.limit]]}


@router.get("/documents/{doc_id}", auth=None, response=DocumentOut, summary="政府信息详情 / one document")
def get_document(request, doc_id: Id):
    return _document_out(
        get_object_or_404(public_documents().select_related("publisher", "topic__parent", "genre"), pk=doc_id)
    )


class AttachmentIn(Schema):
    filename: str = Field(..., max_length=200)
    content_base64: str


class OaDocumentIn(Schema):
    publisher_id: Id
    title: str = Field(..., min_length=1, max_length=300)
    created_on: date
    genre: str = Field(..., description="体裁代码，如 notice、normative")
    attribute: str = Field(..., pattern="^(proactive|on_request|not_disclosed)$", description="公开属性（源头认定）")
    attribute_reason: str = ""
    summary: str = ""
    doc_number: str = ""
    topic_code: str | None = None
    keywords: str = ""
    audience: str = ""
    key_areas: list[str] = []
    body_html: str = ""
    attachments: list[AttachmentIn] = Field(default_factory=list, max_length=20)


class OaResultOut(Schema):
    id: int
    index_number: str
    status: str
    findings: int


@router.post(
    "/oa/documents",
    auth=staff_or_token_auth(),
    response={201: OaResultOut},
    summary="OA 推送文件进入审核 / push a document into review",
)
def oa_push(request, body: OaDocumentIn):
    """An office-automation system hands over a document with its disclosure attribute; it lands in review.

    All or nothing: a bad attachment or field refuses the whole push.
    """
    from django.db import transaction

    publisher = get_object_or_404(Org, pk=body.publisher_id)
    genre = Genre.objects.filter(code=body.genre).first()
    if genre is None:
        raise SunlightError(gettext("未知体裁代码“%(genre)s”。") % {"genre": body.genre})
    topic = None
    if body.topic_code:
        topic = Topic.objects.filter(code=body.topic_code).first()
        if topic is None:
            raise SunlightError(gettext("未知主题分类代码“%(topic_code)s”。") % {"topic_code": body.topic_code})
    areas = list(KeyArea.objects.filter(code__in=body.key_areas))
    if len(areas) != len(set(body.key_areas)):
        raise SunlightError(gettext("有未知的重点领域代码。"))
    files = []
    for attachment in body.attachments:
        try:
            files.append((attachment.filename, base64.b64decode(attachment.content_base64, validate=True)))
        except (binascii.Error, ValueError):
            raise SunlightError(
                gettext("附件“%(filename)s”不是有效的 Base64。") % {"filename": attachment.filename}
            ) from None
    with transaction.atomic():
        doc = actions.create_document(
            publisher=publisher,
            by=request.user,
            title=body.title,
            created_on=body.created_on,
            genre=genre,
            key_areas=areas,
            source="oa",
            attribute=body.attribute,
            attribute_reason=body.attribute_reason,
            summary=body.summary,
            doc_number=body.doc_number,
            topic=topic,
            keywords=body.keywords,
            audience=body.audience,
            body_html=body.body_html,
        )
        for filename, data in files:
            actions.add_attachment(doc, by=request.user, data=data, filename=filename)
        findings = actions.submit_document(doc, by=request.user)
    doc.refresh_from_db()
    return Status(
        201, {"id": doc.pk, "index_number": doc.index_number, "status": doc.status, "findings": len(findings)}
    )
