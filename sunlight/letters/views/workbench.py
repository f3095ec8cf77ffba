"""The workbench of the mailboxes: the queue (letters of the user's mailboxes and letters assigned to their orgs,
by deadline, with filters), one letter with the acts the user's posts allow, registering a 12345 call or a walk-in
letter, and merged handling of a group."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from sunlight.accounts.access import staff_required
from sunlight.acts import perform
from sunlight.cases.views.shared import light
from sunlight.csvstream import csv_response
from sunlight.events.log import events_for
from sunlight.orgs import scope

from .. import actions, routing
from ..actions.rules import DISPATCH_ROLES, HANDLE_ROLES, HEAD_ROLES, assignable_orgs
from ..forms import (
    AssignForm,
    ExtendForm,
    FollowUpForm,
    PublishForm,
    ReasonForm,
    RefuseForm,
    RegisterForm,
    ReplyForm,
    UrgeForm,
)
from ..models import Letter
from ..queries import overdue, staff_letters, staff_mailboxes

PAGE_SIZE = 50
S = Letter.Status
STATUSES = (
    ("open", gettext_lazy("全部在办")),
    *((s.value, s.label) for s in S),
    ("all", gettext_lazy("全部")),
)


def _filtered(request: HttpRequest):
    """The queue under the request's filters (status, type, overdue, number or subject), by deadline."""
    rows = staff_letters(request.user)
    status = request.GET.get("status", "open")
    if status == "open":
        rows = rows.filter(status__in=Letter.OPEN)
    elif status in S.values:
        rows = rows.filter(status=status)
    type_ = request.GET.get("type", "")
    if type_ in Letter.Type.values:
        rows = rows.filter(type=type_)
    late = bool(request.GET.get("overdue"))
    if late:
        rows = overdue(rows, timezone.localdate())
    q = (request.GET.get("q") or "").strip()[:60]
    if q:
        rows = rows.filter(number=q) if q.upper().startswith("XJ") else rows.filter(subject__icontains=q)
    current = {"status": status, "type": type_, "overdue": late, "q": q}
    return rows.order_by("due_on", "accept_due_on", "pk"), current


@staff_required
def letter_list(request: HttpRequest) -> HttpResponse:
    rows, current = _filtered(request)
    today = timezone.localdate()
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    items = [(x, light(x.due_on or x.accept_due_on, today) if x.is_open else "none") for x in page]
    return render(
        request,
        "letters/workbench/list.html",
        {
            "page": page,
            "items": items,
            "statuses": STATUSES,
            "types": Letter.Type.choices,
            "current": current,
            "query": request.GET.urlencode(),
        },
    )


EXPORT = (
    ("number", gettext_lazy("信件编号")),
    ("type", gettext_lazy("类型")),
    ("subject", gettext_lazy("标题")),
    ("mailbox", gettext_lazy("信箱")),
    ("channel", gettext_lazy("来信渠道")),
    ("received_on", gettext_lazy("来信日期")),
    ("due_on", gettext_lazy("答复期限")),
    ("handler_org", gettext_lazy("承办单位")),
    ("status", gettext_lazy("状态")),
    ("replied_on", gettext_lazy("答复日期")),
    ("rating", gettext_lazy("评价")),
)


def _export_line(x: Letter) -> list[str]:
    return [
        x.number,
        x.get_type_display(),
        x.subject,
        x.mailbox.name,
        x.get_channel_display(),
        x.received_on.isoformat(),
        x.due_on.isoformat() if x.due_on else "",
        x.handler_org.name if x.handler_org_id else "",
        x.get_status_display(),
        x.replied_on.isoformat() if x.replied_on else "",
        x.get_rating_display() if x.rating else "",
    ]


@staff_required
def export(request: HttpRequest) -> HttpResponse:
    """The queue under the same filters as CSV (UTF-8 with BOM, so Excel opens it), streamed. No personal data."""
    rows, _current = _filtered(request)
    lines = (_export_line(x) for x in rows.iterator(chunk_size=1000))
    return csv_response([str(label) for _key, label in EXPORT], lines, "letters.csv")


def _visible(request: HttpRequest, pk: int) -> Letter:
    letter = staff_letters(request.user).filter(pk=pk).first()
    if letter is None:
        raise Http404(_("没有这封来信，或您无权查看。"))
    return letter


@dataclass(frozen=True)
class Act:
    label: object
    form: type[forms.Form]
    statuses: tuple[str, ...]
    who: str  # "dispatch" | "handle" | "head" | "urge"
    run: Callable  # (letter, user, cleaned_data) → Letter
    done: object


ACTS = {
    "accept": Act(
        gettext_lazy("受理"),
        forms.Form,
        (S.RECEIVED,),
        "dispatch",
        lambda x, by, d: actions.accept_letter(x, by=by),
        gettext_lazy("已受理。"),
    ),
    "refuse": Act(
        gettext_lazy("不予受理"),
        RefuseForm,
        (S.RECEIVED,),
        "dispatch",
        lambda x, by, d: actions.refuse_letter(x, by=by, **d),
        gettext_lazy("已不予受理，并告知来信人相应渠道。"),
    ),
    "assign": Act(
        gettext_lazy("转办"),
        AssignForm,
        (S.ACCEPTED,),
        "dispatch",
        lambda x, by, d: actions.assign_letter(x, by=by, **d),
        gettext_lazy("已转办。"),
    ),
    "take": Act(
        gettext_lazy("签收承办"),
        forms.Form,
        (S.ASSIGNED,),
        "handle",
        lambda x, by, d: actions.take_letter(x, by=by),
        gettext_lazy("已签收。"),
    ),
    "reply": Act(
        gettext_lazy("答复办结"),
        ReplyForm,
        (S.ASSIGNED, S.HANDLING),
        "handle",
        lambda x, by, d: actions.reply_letter(x, by=by, **d),
        gettext_lazy("已答复，已告知来信人。"),
    ),
    "return": Act(
        gettext_lazy("退回"),
        ReasonForm,
        (S.ASSIGNED, S.HANDLING),
        "handle",
        lambda x, by, d: actions.return_letter(x, by=by, **d),
        gettext_lazy("已退回受理机构。"),
    ),
    "extend": Act(
        gettext_lazy("批准延期"),
        ExtendForm,
        (S.ASSIGNED, S.HANDLING),
        "head",
        lambda x, by, d: actions.extend_letter(x, by=by, **d),
        gettext_lazy("已延期。"),
    ),
    "urge": Act(
        gettext_lazy("督办"),
        UrgeForm,
        (S.ASSIGNED, S.HANDLING),
        "urge",
        lambda x, by, d: actions.urge_letter(x, by=by, **d),
        gettext_lazy("已督办。"),
    ),
    "follow_up": Act(
        gettext_lazy("回访"),
        FollowUpForm,
        (S.REPLIED, S.CLOSED),
        "dispatch",
        lambda x, by, d: actions.follow_up_letter(x, by=by, **d),
        gettext_lazy("已记录回访。"),
    ),
    "publish": Act(
        gettext_lazy("公开"),
        PublishForm,
        (S.REPLIED, S.CLOSED),
        "dispatch",
        lambda x, by, d: actions.publish_letter(x, by=by, **d),
        gettext_lazy("已公开（个人信息已遮盖）。"),
    ),
    "unpublish": Act(
        gettext_lazy("撤回公开"),
        ReasonForm,
        (S.REPLIED, S.CLOSED),
        "dispatch",
        lambda x, by, d: actions.unpublish_letter(x, by=by, **d),
        gettext_lazy("已撤回公开。"),
    ),
}


def _may(user, letter: Letter, who: str) -> bool:
    if who == "dispatch":
        return scope.can_act(user, letter.mailbox.org, DISPATCH_ROLES)
    if letter.handler_org_id is None:
        return False
    if who == "handle":
        return scope.can_act(user, letter.handler_org, HANDLE_ROLES)
    if who == "head":
        return scope.can_act(user, letter.handler_org, HEAD_ROLES)
    return scope.can_act(user, letter.mailbox.org, DISPATCH_ROLES) or scope.supervises(user, letter.handler_org)


def _form(name: str, spec: Act, letter: Letter, data=None):
    if spec.form is AssignForm:
        return AssignForm(data, orgs=assignable_orgs(letter.mailbox))
    if spec.form is PublishForm and data is None:
        return PublishForm()
    return spec.form(data) if data is not None else spec.form()


def _detail(request: HttpRequest, letter: Letter, *, status: int = 200, bound: dict | None = None, code=""):
    bound = bound or {}
    acts = []
    for name, spec in ACTS.items():
        if letter.status not in spec.statuses or not _may(request.user, letter, spec.who):
            continue
        if name == "publish" and (letter.is_published or not letter.publish_consent):
            continue
        if name == "unpublish" and not letter.is_published:
            continue
        if name == "follow_up" and letter.followed_up_on:
            continue
        acts.append((name, spec.label, bound.get(name) or _form(name, spec, letter)))
    suggestions = (
        routing.suggest(letter) if letter.status == S.ACCEPTED and _may(request.user, letter, "dispatch") else []
    )
    return render(
        request,
        "letters/workbench/detail.html",
        {
            "letter": letter,
            "code": code,
            "acts": acts,
            "suggestions": suggestions,
            "attachments": letter.attachments.all(),
            "events": events_for(letter).select_related("actor", "org")[:100],
            "light": light(letter.due_on or letter.accept_due_on, timezone.localdate()) if letter.is_open else "none",
        },
        status=status,
    )


@staff_required
def letter_detail(request: HttpRequest, pk: int) -> HttpResponse:
    letter = _visible(request, pk)
    return _detail(request, letter, code=request.session.pop(f"letters:code:{letter.pk}", ""))


@staff_required
@require_POST
def act(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    letter = _visible(request, pk)
    spec = ACTS.get(name)
    if spec is None:
        raise Http404(_("没有这个操作。"))
    form = _form(name, spec, letter, request.POST)
    return perform(
        request,
        lambda data: spec.run(letter, request.user, data) and str(spec.done),
        form=form,
        done=reverse("letters_wb:detail", args=[letter.pk]),
        refused=lambda exc: _detail(request, letter, status=exc.status, bound={name: form}),
    )


@staff_required
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    """登记 a 12345 call or a letter handed in at a window; the query code is shown once on the letter's page."""
    mailboxes = staff_mailboxes(request.user)
    form = RegisterForm(
        request.POST or None, request.FILES or None, mailboxes=mailboxes, initial={"channel": "hotline"}
    )

    def page(status: int = 200) -> HttpResponse:
        return render(request, "letters/workbench/register.html", {"form": form}, status=status)

    if request.method != "POST":
        return page()

    def run(data: dict) -> HttpResponse:
        data = dict(data)
        files = [(f.name, f) for f in data.pop("files")]
        letter, code = actions.write_letter(by=request.user, files=files, **data)
        request.session[f"letters:code:{letter.pk}"] = code
        return redirect("letters_wb:detail", pk=letter.pk)

    return perform(request, run, form=form, done=reverse("letters_wb:list"), refused=lambda exc: page(exc.status))


@staff_required
@require_http_methods(["GET", "POST"])
def group(request: HttpRequest, pk: int) -> HttpResponse:
    """归并组: its letters (those the user may see) and the merged reply for the org they are assigned to."""
    letters = list(staff_letters(request.user).filter(group__pk=pk).order_by("received_on", "pk"))
    if not letters:
        raise Http404(_("没有这个归并组，或您无权查看。"))
    the_group = letters[0].group
    form = ReplyForm(request.POST or None)

    def page(status: int = 200) -> HttpResponse:
        mine = [x for x in letters if x.status in (S.ASSIGNED, S.HANDLING) and _may(request.user, x, "handle")]
        return render(
            request,
            "letters/workbench/group.html",
            {"group": the_group, "letters": letters, "form": form, "open_mine": mine},
            status=status,
        )

    if request.method != "POST":
        return page()
    return perform(
        request,
        lambda data: (
            _("已答复 %(n)s 封来信，已告知每位来信人。")
            % {"n": actions.reply_group(the_group, by=request.user, reply=data["reply"])}
        ),
        form=form,
        done=reverse("letters_wb:group", args=[the_group.pk]),
        refused=lambda exc: page(exc.status),
    )


@staff_required
@require_POST
def group_create(request: HttpRequest) -> HttpResponse:
    """归并 the letters ticked on the queue under one title."""
    ids = [int(v) for v in request.POST.getlist("letter") if v.isascii() and v.isdigit() and len(v) < 19]
    letters = list(staff_letters(request.user).filter(pk__in=ids))

    def made(data: dict) -> HttpResponse:
        the_group = actions.group_letters(letters, by=request.user, title=request.POST.get("title", ""))
        return redirect("letters_wb:group", pk=the_group.pk)

    back = reverse("letters_wb:list")
    return perform(request, made, done=back, refused=lambda exc: redirect(back))
