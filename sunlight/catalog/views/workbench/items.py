"""Staff pages: the org's items, one version with the acts the user may do now, the readers' corrections."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from sunlight.accounts.access import staff_required
from sunlight.acts import perform
from sunlight.errors import SunlightError
from sunlight.ints import ascii_int
from sunlight.orgs import scope

from ... import actions
from ...actions.common import open_version
from ...forms.workbench import HandleFeedbackForm, MergeForm, NoteForm, PublishForm, ReasonForm, SplitForm
from ...kinds import LIFE_EVENT_LABELS, ItemKind
from ...models import GuideFeedback, ServiceItem, ServiceItemVersion
from ...queries import LIVE, staff_items, staff_versions
from ...rules import BY_ID

V = ServiceItemVersion.State
PAGE_SIZE = 50
AUDIENCE = {"person": _lazy("个人办事"), "company": _lazy("法人办事"), "both": _lazy("个人和法人")}


class Forbidden(SunlightError):
    status = 403
    code = "forbidden"


def as_refusal(act: Callable[[dict], Any]) -> Callable[[dict], Any]:
    """Wrap an act so scope.require's PermissionDenied is shown on the page like any refusal (403, nothing written)."""

    def run(data: dict) -> Any:
        try:
            return act(data)
        except PermissionDenied as exc:
            raise Forbidden(str(exc) or _("无权执行此操作。")) from exc

    return run


def filtered_items(request: HttpRequest):
    """The user's items narrowed by the list's GET filters (org, kind, status, q): shared with the export."""
    items = staff_items(request.user)
    org = request.GET.get("org", "")
    if org:
        org_id = ascii_int(org)
        if org_id is None:
            raise Http404(_("机构参数无效。"))
        items = items.filter(org_id=org_id)
    if request.GET.get("kind") in ItemKind.values:
        items = items.filter(kind=request.GET["kind"])
    if request.GET.get("status") in ServiceItem.Status.values:
        items = items.filter(status=request.GET["status"])
    q = request.GET.get("q", "").strip()[:100]
    if q:
        items = items.filter(Q(name__icontains=q) | Q(code__icontains=q) | Q(basic_code__icontains=q))
    return items


@staff_required
def item_list(request: HttpRequest) -> HttpResponse:
    items = filtered_items(request).order_by("org__name", "code")
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    # The newest version of each item on the page (a draft or submitted one is what the editor works on).
    newest: dict[int, ServiceItemVersion] = {}
    for v in ServiceItemVersion.objects.filter(item__in=list(page.object_list)).only(
        "pk", "item_id", "number", "state", "violations"
    ):
        if v.item_id not in newest or v.number > newest[v.item_id].number:
            newest[v.item_id] = v
    rows = [(item, newest.get(item.pk)) for item in page.object_list]
    return render(
        request,
        "catalog/workbench/items.html",
        {
            "page": page,
            "rows": rows,
            "orgs": scope.visible_orgs(request.user).order_by("name"),
            "kinds": ItemKind.choices,
            "statuses": ServiceItem.Status.choices,
            "query": params.urlencode(),
            "current": request.GET,
            "can_add": scope.visible_orgs(request.user, actions.EDITOR).exists(),
        },
    )


def item_act_form(act: str, item: ServiceItem, data=None):
    """The form of an act on the item (拆分 and 合并 ask for more than a reason)."""
    if act == "split":
        return SplitForm(data, prefix=act)
    if act == "merge":
        return MergeForm(data, prefix=act, item=item)
    return ReasonForm(data, prefix=act)


def render_version(
    request: HttpRequest, version: ServiceItemVersion, *, status: int = 200, bound: dict | None = None
) -> HttpResponse:
    """The version page with the forms of the acts the user may do now (`bound`: a refused form, with its errors)."""
    item = version.item
    user = request.user
    editor = scope.can_act(user, item.org, actions.EDITOR)
    reviewer = scope.can_act(user, item.org, actions.REVIEWER)
    live = item.status in LIVE and item.current_id is not None
    has_open = open_version(item) is not None
    forms = {
        "submit": version.state == V.DRAFT and editor,
        "edit": version.state == V.DRAFT and editor and version.operation not in ("suspend", "cancel"),
        "return_form": NoteForm() if version.state == V.SUBMITTED and reviewer else None,
        "publish_form": PublishForm() if version.state == V.SUBMITTED and reviewer else None,
        "change_form": ReasonForm(prefix="change") if live and editor and not has_open else None,
        "suspend_form": ReasonForm(prefix="suspend")
        if live and editor and not has_open and item.status == ServiceItem.Status.ACTIVE
        else None,
        "cancel_form": ReasonForm(prefix="cancel") if live and editor and not has_open else None,
        "split_form": item_act_form("split", item) if live and editor and not has_open else None,
        "merge_form": item_act_form("merge", item) if live and editor and not has_open else None,
    }
    forms.update(bound or {})
    broken = [(rule_id, BY_ID[rule_id].message if rule_id in BY_ID else rule_id) for rule_id in version.violations]
    return render(
        request,
        "catalog/workbench/version.html",
        {
            "version": version,
            "item": item,
            "broken": broken,
            "citations": list(version.citations.select_related("law")),
            "others": item.versions.exclude(pk=version.pk).order_by("-number"),
            "guide": version.guide or {},
            "life_events": [LIFE_EVENT_LABELS.get(slug, slug) for slug in version.life_event_slugs],
            "audience": AUDIENCE.get(version.audience, version.audience),
            **forms,
        },
        status=status,
    )


@staff_required
def version_detail(request: HttpRequest, pk: int) -> HttpResponse:
    version = get_object_or_404(staff_versions(request.user), pk=pk)
    return render_version(request, version)


def _feedback_page(request: HttpRequest, *, status: int = 200, bound: tuple[int, HandleFeedbackForm] | None = None):
    rows = scope.scoped(GuideFeedback.objects.select_related("item", "item__org"), request.user, field="item__org")
    show = request.GET.get("show", "open")
    if show != "all":
        rows = rows.filter(handled_at__isnull=True)
    page = Paginator(rows.order_by("-created_at"), PAGE_SIZE).get_page(request.GET.get("page"))
    entries = [(f, bound[1] if bound and bound[0] == f.pk else HandleFeedbackForm(prefix=f"f{f.pk}")) for f in page]
    return render(
        request,
        "catalog/workbench/feedback.html",
        {"page": page, "entries": entries, "show": show},
        status=status,
    )


@staff_required
def feedback_list(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _feedback_page(request)
    pk = ascii_int(request.POST.get("feedback"))
    visible = scope.scoped(GuideFeedback.objects.all(), request.user, field="item__org")
    feedback = get_object_or_404(visible, pk=pk) if pk is not None else None
    if feedback is None:
        raise Http404(_("没有这条纠错。"))
    form = HandleFeedbackForm(request.POST, prefix=f"f{feedback.pk}")
    return perform(
        request,
        as_refusal(
            lambda data: actions.handle_feedback(feedback, by=request.user, note=data["note"]) and _("已处理。")
        ),
        form=form,
        done=reverse("catalog_wb:feedback"),
        refused=lambda exc: _feedback_page(request, status=exc.status, bound=(feedback.pk, form)),
    )
