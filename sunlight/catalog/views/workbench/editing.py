"""The workbench acts: a new item, editing a draft, submit / return / publish a version, change / suspend /
cancel an item. Every act goes through sunlight.acts.perform: POST, the action, a redirect or the refusal in place."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from sunlight.accounts.access import staff_required
from sunlight.acts import perform
from sunlight.errors import SunlightError
from sunlight.orgs import scope

from ... import actions
from ...elements import of_version
from ...forms.workbench import (
    NewItemForm,
    NoteForm,
    PublishForm,
    VersionForm,
    form_initial,
    list_sets,
    to_data,
)
from ...models import ServiceItem
from ...queries import LIVE, staff_items, staff_versions
from .items import as_refusal, item_act_form, render_version

VERSION_ACTS = ("submit", "return", "publish")
ITEM_ACTS = ("change", "suspend", "cancel", "split", "merge")


def _invalid() -> SunlightError:
    return SunlightError(_("请更正下面标出的错误。"), code="invalid")


def _valid_data(form, sets):
    """The VersionData of a posted form and its lists, or a refusal with every error on the form."""
    valid = form.is_valid()
    for s in sets:  # every formset validated, so every error shows at once
        valid = s.formset.is_valid() and valid
    if not valid:
        raise _invalid()
    data = to_data(form, sets)
    if data is None:
        raise _invalid()
    return data


def _editor_page(request, template: str, context: dict, status: int = 200) -> HttpResponse:
    return render(request, f"catalog/workbench/{template}", context, status=status)


@staff_required
def new_item(request: HttpRequest) -> HttpResponse:
    orgs = scope.visible_orgs(request.user, actions.EDITOR).order_by("name")
    if not orgs.exists():
        return render(request, "catalog/workbench/new.html", {"no_orgs": True}, status=403)
    parents = staff_items(request.user).filter(status__in=(*LIVE, ServiceItem.Status.DRAFT)).order_by("code")
    post = request.POST if request.method == "POST" else None
    form = NewItemForm(post, orgs=orgs, parents=parents, initial={"org": orgs.first()})
    sets = list_sets(post)
    context = {"form": form, "sets": sets}
    if request.method != "POST":
        return _editor_page(request, "new.html", context)

    def act(_data):
        data = _valid_data(form, sets)
        c = form.cleaned_data
        version = actions.add_item(
            c["org"],
            data,
            by=request.user,
            basic_code=c["basic_code"],
            reason=c["reason"],
            tier=c["tier"],
            parent=c["parent"],
        )
        return redirect("catalog_wb:version", version.pk)

    return perform(
        request,
        as_refusal(act),
        done=reverse("catalog_wb:new"),
        refused=lambda exc: _editor_page(request, "new.html", context, status=exc.status),
    )


@staff_required
def edit_draft(request: HttpRequest, pk: int) -> HttpResponse:
    version = get_object_or_404(staff_versions(request.user), pk=pk)
    if request.method == "POST":
        form, sets = VersionForm(request.POST), list_sets(request.POST)
    else:
        current = of_version(version)
        form, sets = VersionForm(initial=form_initial(current)), list_sets(initial=current)
    context = {"form": form, "sets": sets, "version": version, "item": version.item}
    if request.method != "POST":
        return _editor_page(request, "edit.html", context)

    def act(_data):
        actions.update_draft(version, _valid_data(form, sets), by=request.user)
        return _("已保存草稿。")

    return perform(
        request,
        as_refusal(act),
        done=reverse("catalog_wb:version", args=[version.pk]),
        refused=lambda exc: _editor_page(request, "edit.html", context, status=exc.status),
    )


@staff_required
def version_act(request: HttpRequest, pk: int, act: str) -> HttpResponse:
    if act not in VERSION_ACTS:
        raise Http404(_("没有这个操作。"))
    version = get_object_or_404(staff_versions(request.user), pk=pk)
    done = reverse("catalog_wb:version", args=[version.pk])
    user = request.user
    if act == "submit":
        form, slot = None, None
        run = lambda data: actions.submit_version(version, by=user) and _("已提交审核。")  # noqa: E731
    elif act == "return":
        form, slot = NoteForm(request.POST or None), "return_form"
        run = lambda data: actions.return_version(version, by=user, note=data["note"]) and _("已退回修改。")  # noqa: E731
    else:
        form, slot = PublishForm(request.POST or None), "publish_form"
        run = lambda data: (  # noqa: E731
            actions.publish_version(version, by=user, effective_from=data["effective_from"]) and _("已发布。")
        )
    return perform(
        request,
        as_refusal(run),
        form=form,
        done=done,
        refused=lambda exc: render_version(request, version, status=exc.status, bound={slot: form} if slot else None),
    )


@staff_required
def item_act(request: HttpRequest, pk: int, act: str) -> HttpResponse:
    if act not in ITEM_ACTS:
        raise Http404(_("没有这个操作。"))
    item = get_object_or_404(staff_items(request.user), pk=pk)
    if item.current is None:
        raise Http404(_("该事项还没有已发布的版本。"))
    form = item_act_form(act, item, request.POST or None)
    user = request.user

    def run(data):
        reason = data["reason"]
        if act in ("split", "merge"):
            current = of_version(item.current)
            if act == "split":
                parts = [(code, current.model_copy(update={"name": name})) for code, name in data["parts"]]
                made = actions.split_item(item, parts, by=user, reason=reason)
            else:
                merged = current.model_copy(update={"name": data["name"]})
                made = actions.merge_items(
                    [item, *data["others"]], merged, by=user, basic_code=data["basic_code"], reason=reason
                )
            return redirect("catalog_wb:version", made[0].pk)
        if act == "change":
            version = actions.draft_change(item, of_version(item.current), by=user, reason=reason)
            return redirect("catalog_wb:edit", version.pk)
        if act == "suspend":
            version = actions.suspend_item(item, by=user, reason=reason)
        else:
            version = actions.cancel_item(item, by=user, reason=reason)
        return redirect("catalog_wb:version", version.pk)

    return perform(
        request,
        as_refusal(run),
        form=form,
        done=reverse("catalog_wb:version", args=[item.current_id]),
        refused=lambda exc: render_version(request, item.current, status=exc.status, bound={f"{act}_form": form}),
    )
