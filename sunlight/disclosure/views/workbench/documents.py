"""Staff side of proactive disclosure: drafting, screening and masking, review, publication, withdrawal.

Every act is a POST through sunlight.acts.perform (form → action → redirect, a refusal shown on the document page)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from sunlight.accounts.access import staff_required
from sunlight.acts import perform
from sunlight.errors import SunlightError
from sunlight.events.log import events_for
from sunlight.orgs import scope
from sunlight.orgs.models import Org, Role

from ... import actions
from ...forms.workbench import (
    AttachmentForm,
    DocumentForm,
    PublishForm,
    ReviewForm,
    ValidityForm,
    WithdrawForm,
    referable_documents,
)
from ...models import Attachment, Document, Finding


def _visible_document(request: HttpRequest, pk: int) -> Document:
    doc = get_object_or_404(Document.objects.select_related("publisher", "genre", "topic"), pk=pk)
    scope.require_visible(request.user, doc, "publisher")
    return doc


@staff_required
def document_list(request: HttpRequest) -> HttpResponse:
    qs = scope.scoped(Document.objects.select_related("publisher", "genre"), request.user, "publisher").order_by(
        "-updated_at"
    )
    status = request.GET.get("status", "")
    if status in Document.Status.values:
        qs = qs.filter(status=status)
    q = request.GET.get("q", "").strip()[:100]
    if q:
        qs = qs.filter(title__icontains=q) | qs.filter(index_number=q)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    can_author = scope.visible_orgs(request.user, roles=Role.DISCLOSURE_OFFICER).exists()
    return render(
        request,
        "disclosure/workbench/list.html",
        {"page": page, "status": status, "q": q, "statuses": Document.Status.choices, "can_author": can_author},
    )


def _author_orgs(user):
    return (
        Org.objects.filter(scope.org_q(user, "", Role.DISCLOSURE_OFFICER))
        if not user.is_superuser
        else Org.objects.filter(is_active=True)
    )


@staff_required
def document_new(request: HttpRequest) -> HttpResponse:
    form = DocumentForm(request.POST or None, publishers=_author_orgs(request.user), user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        publisher, key_areas = data.pop("publisher"), data.pop("key_areas")
        try:
            doc = actions.create_document(publisher=publisher, by=request.user, key_areas=key_areas, **data)
        except SunlightError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request, gettext("已保存草稿，索引号 %(index_number)s。") % {"index_number": doc.index_number}
            )
            return redirect("disclosure_wb:detail", pk=doc.pk)
    return render(request, "disclosure/workbench/form.html", {"form": form}, status=400 if form.errors else 200)


@staff_required
def document_edit(request: HttpRequest, pk: int) -> HttpResponse:
    doc = _visible_document(request, pk)
    form = DocumentForm(request.POST or None, instance=doc, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        key_areas = data.pop("key_areas")
        changed = {k: v for k, v in data.items() if k in form.changed_data}
        try:
            actions.update_document(Document.objects.get(pk=doc.pk), by=request.user, key_areas=key_areas, **changed)
        except SunlightError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, gettext("已保存。"))
            return redirect("disclosure_wb:detail", pk=doc.pk)
    return render(
        request, "disclosure/workbench/form.html", {"form": form, "doc": doc}, status=400 if form.errors else 200
    )


LOOKUP_LIMIT = 10


@staff_required
def document_lookup(request: HttpRequest) -> HttpResponse:
    """The autocomplete of document fields (解读的政策, 替代文件): matches by title, 索引号 or 文号 as listbox options.

    Only documents the user may refer to: published ones and those of their own orgs (referable_documents), the same
    set the form accepts. The query comes as `q` or under the field's own name (htmx sends the input's name).
    """
    q = (request.GET.get("q") or request.GET.get("interprets") or request.GET.get("replaced_by") or "").strip()[:100]
    documents = []
    if q:
        qs = referable_documents(request.user)
        if request.GET.get("published") == "1":
            qs = qs.filter(status=Document.Status.PUBLISHED)
        qs = qs.filter(Q(title__icontains=q) | Q(index_number__icontains=q) | Q(doc_number__icontains=q))
        documents = list(qs.select_related("publisher").order_by("-published_at", "-updated_at")[:LOOKUP_LIMIT])
    return render(request, "disclosure/workbench/_lookup_options.html", {"documents": documents, "q": q})


@staff_required
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, _visible_document(request, pk))


def _render_detail(request: HttpRequest, doc: Document, *, status: int = 200) -> HttpResponse:
    return render(
        request,
        "disclosure/workbench/detail.html",
        {
            "doc": doc,
            "attachments": doc.attachments.all(),
            "findings": doc.findings.select_related("attachment"),
            "open_findings": doc.findings.filter(state=Finding.State.OPEN).count(),
            "reviews": doc.reviews.select_related("reviewer"),
            "events": events_for(doc).order_by("seq"),
            "can_author": scope.can_act(request.user, doc.publisher, Role.DISCLOSURE_OFFICER),
            "can_review": scope.can_act(request.user, doc.publisher, Role.REVIEWER),
            "attachment_form": AttachmentForm(),
            "review_form": ReviewForm(),
            "publish_form": PublishForm(),
            "withdraw_form": WithdrawForm(),
            "validity_form": ValidityForm(initial={"on": timezone.localdate()}),
        },
        status=status,
    )


def _act(request: HttpRequest, pk: int, act, form_class=None) -> HttpResponse:
    """A POST-only act on a document (sunlight.acts.perform): `act(doc, cleaned_data)` returns the message; a refusal
    shows the document page again with the reason and the action's 4xx status."""
    if request.method != "POST":  # before loading the document: a GET of an act's address goes back to its page
        return redirect("disclosure_wb:detail", pk=pk)
    doc = _visible_document(request, pk)
    return perform(
        request,
        lambda data: act(doc, data),
        form=form_class(request.POST, request.FILES) if form_class else None,
        done=reverse("disclosure_wb:detail", args=[pk]),
        refused=lambda exc: _render_detail(request, _visible_document(request, pk), status=exc.status),
    )


@staff_required
def attach(request: HttpRequest, pk: int) -> HttpResponse:
    def act(doc, data):
        upload = data["file"]
        attachment = actions.add_attachment(doc, by=request.user, data=upload.read(), filename=upload.name)
        if attachment.removed_bytes:
            return _("附件已上传；文件结尾之后的 %(n)s 字节多余内容（可能夹带网页或脚本）已删除。") % {
                "n": attachment.removed_bytes
            }
        return gettext("附件已上传。")

    return _act(request, pk, act, AttachmentForm)


@staff_required
def detach(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    def act(doc, data):
        actions.remove_attachment(get_object_or_404(Attachment, pk=attachment_pk, document=doc), by=request.user)
        return gettext("附件已删除。")

    return _act(request, pk, act)


@staff_required
def screen(request: HttpRequest, pk: int) -> HttpResponse:
    def act(doc, data):
        findings = actions.screen_draft(doc, by=request.user)
        if findings:
            return _("检查完成：发现 %(n)s 处需要关注的内容，请逐项遮蔽或修改正文。") % {"n": len(findings)}
        return _("检查完成：未发现身份证号、手机号、银行卡号、电子邮箱、密级标志或敏感词。")

    return _act(request, pk, act)


@staff_required
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    def act(doc, data):
        findings = actions.submit_document(doc, by=request.user)
        return gettext("已提交审核；自动筛查发现 %(count)s 处需要关注的内容。") % {"count": len(findings)}

    return _act(request, pk, act)


@staff_required
def mask(request: HttpRequest, pk: int, finding_pk: int) -> HttpResponse:
    def act(doc, data):
        actions.mask_finding(get_object_or_404(Finding, pk=finding_pk, document=doc), by=request.user)
        if request.htmx:
            return _render_detail(request, _visible_document(request, pk))
        return gettext("已遮蔽。")

    return _act(request, pk, act)


@staff_required
def review(request: HttpRequest, pk: int) -> HttpResponse:
    def act(doc, data):
        secrecy_review = actions.review_document(doc, by=request.user, **data)
        return gettext("审查结论已记录：%(conclusion)s。") % {"conclusion": secrecy_review.get_conclusion_display()}

    return _act(request, pk, act, ReviewForm)


@staff_required
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    def act(doc, data):
        doc = actions.publish_document(doc, by=request.user, at=data["at"])
        return (
            gettext("已发布。")
            if doc.status == Document.Status.PUBLISHED
            else gettext("已定时于 %(scheduled_at)s 发布。")
            % {"scheduled_at": f"{timezone.localtime(doc.scheduled_at):%Y-%m-%d %H:%M}"}
        )

    return _act(request, pk, act, PublishForm)


@staff_required
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    def act(doc, data):
        actions.withdraw_document(doc, by=request.user, reason=data["reason"])
        return gettext("已撤回。")

    return _act(request, pk, act, WithdrawForm)


@staff_required
def validity(request: HttpRequest, pk: int) -> HttpResponse:
    def act(doc, data):
        actions.change_validity(
            doc, by=request.user, validity=data["validity"], on=data["on"], replaced_by=data["replaced_by"]
        )
        return gettext("有效性已变更。")

    return _act(request, pk, act, ValidityForm)
