"""Org tree over the API: staff see only the orgs their memberships reach (one scoping helper)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from sunlight.api.auth import staff_or_token_auth
from sunlight.api.types import INT64_MAX, BoundedLimitOffsetPagination, Id

from . import scope
from .models import Org

router = Router(auth=staff_or_token_auth())


class OrgOut(Schema):
    id: int
    name: str
    kind: str
    region_code: str
    region_name: str
    parent_id: int | None
    credit_code: str | None
    org_code: str | None
    depth: int


def _out(org: Org) -> dict:
    return {
        "id": org.pk,
        "name": org.name,
        "kind": org.kind,
        "region_code": org.region.code,
        "region_name": org.region.name,
        "parent_id": org.parent_id,
        "credit_code": org.credit_code,
        "org_code": org.org_code,
        "depth": org.depth,
    }


@router.get("", response=list[OrgOut], summary="可见机构 / Orgs visible to the caller")
@paginate(BoundedLimitOffsetPagination)
# `under` is bounded with Query, not the Id alias: @paginate's wrapper resolves string annotations in ninja's module.
def list_orgs(request, kind: str | None = None, under: int | None = Query(None, ge=1, le=INT64_MAX)):
    qs = scope.visible_orgs(request.user).select_related("region")
    if kind:
        qs = qs.filter(kind=kind)
    if under is not None:
        root = get_object_or_404(Org, pk=under)
        qs = qs.filter(path__startswith=root.path)
    return [_out(o) for o in qs.order_by("path")]


@router.get("/{org_id}", response=OrgOut, summary="机构详情 / One org")
def get_org(request, org_id: Id):
    org = get_object_or_404(Org.objects.select_related("region"), pk=org_id)
    if not scope.can_see(request.user, org):
        raise PermissionDenied(gettext("无权查看该机构。"))
    return _out(org)
