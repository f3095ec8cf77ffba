"""Workbench page 多人申请的信息（第四十四条）: groups of requests asking for the same information, and the act
that turns one group into a draft document of the disclosure catalog.

Only orgs where the user handles requests are searched (forms.workbench.handler_orgs, i.e. the scoping helper);
the act itself (actions.propose_for_disclosure) checks permission again, and its refusal is shown as a 4xx.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext as _

from sunlight.accounts.access import staff_required
from sunlight.errors import SunlightError
from sunlight.ints import ascii_int

from ... import actions, popular
from ...forms.workbench import handler_orgs
from ...models import InfoRequest

LOOKBACK_DAYS = 365  # default window: requests received in the last year
NO_ROLE = gettext_lazy("无权查看多人申请的信息：需要信息公开工作人员或管理员岗位。")


def _since(value: str | None, today: date) -> date:
    """The `since` filter; a malformed or future date falls back to the default (a filter is never an error)."""
    try:
        day = date.fromisoformat(value or "")
    except ValueError:
        return today - timedelta(days=LOOKBACK_DAYS)
    return min(day, today)


def _render(request: HttpRequest, *, status: int = 200) -> HttpResponse:
    today = timezone.localdate()
    orgs = list(handler_orgs(request.user).only("pk", "name"))
    if not orgs:
        raise PermissionDenied(NO_ROLE)
    chosen = [o for o in orgs if str(o.pk) == request.GET.get("org", "")] or orgs
    since = _since(request.GET.get("since"), today)
    found = popular.clusters(chosen, since=since)
    response = render(
        request,
        "requests/workbench/popular.html",
        {
            "clusters": found,
            "orgs": orgs,
            "org": chosen[0] if len(chosen) == 1 else None,
            "since": since,
        },
        status=status,
    )
    add_never_cache_headers(response)
    return response


@staff_required
def popular_list(request: HttpRequest) -> HttpResponse:
    return _render(request)


@staff_required
def propose(request: HttpRequest) -> HttpResponse:
    """POST: the chosen group's request ids and a title → a draft document, then its workbench page."""
    if request.method != "POST":
        return redirect("requests_wb:popular")
    if not handler_orgs(request.user).exists():
        raise PermissionDenied(NO_ROLE)
    ids = request.POST.getlist("request")
    try:
        # ASCII digits within the database's integer range ("²".isdigit() is true; 2**63 overflows the driver).
        if not ids or any(ascii_int(i) is None for i in ids):
            raise SunlightError(gettext("请选择要转为主动公开的申请。"), code="bad_request")
        chosen = list(InfoRequest.objects.filter(pk__in=[int(i) for i in ids]))
        if len(chosen) != len(set(ids)):
            raise SunlightError(gettext("部分申请不存在。"), code="bad_request")
        doc = actions.propose_for_disclosure(chosen, by=request.user, title=request.POST.get("title", ""))
    except SunlightError as exc:
        messages.error(request, exc.message)
        return _render(request, status=exc.status)
    messages.success(
        request,
        _("已生成主动公开草稿“%(t)s”（索引号 %(n)s），请完善后提交审核。") % {"t": doc.title, "n": doc.index_number},
    )
    return redirect("disclosure_wb:detail", pk=doc.pk)
