"""Workbench: the fee (信息处理费), 一事一申请 splitting and the repeat hint on the request page.

Thin, like workbench_views: each act validates its form and calls the action (charging.py, actions.py);
a refusal re-renders the page with its reason and what was typed. The section is
templates/requests/wb_fees.html, included once in wb_detail.html; fee_context() gives it its forms.
"""

from __future__ import annotations

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sunlight.accounts.access import staff_required
from sunlight.errors import SunlightError
from sunlight.orgs import scope

from . import actions, charging, fees
from .actions import HANDLER_ROLES
from .deadlines import shown
from .models import InfoRequest
from .notices import cn_date
from .repeats import earlier_q, find_repeats, same_applicant_q
from .wb_forms import DATE_INPUT, ActForm, ReplyForm
from .workbench_views import _post_act, _render_detail, _visible_request

S = InfoRequest.Status


def _not_after_today(value):
    if value > timezone.localdate():
        raise forms.ValidationError(gettext_lazy("日期不能晚于今天。"))
    return value


class FeeNoticeForm(ActForm):
    """收费通知 (109号): one method; the amount is computed, never typed."""

    id_prefix = "fee"
    method = forms.ChoiceField(label=gettext_lazy("收费方式"), choices=fees.Method.choices, widget=forms.RadioSelect)
    pages = forms.IntegerField(
        label=gettext_lazy("计费页数"),
        min_value=1,
        max_value=10**6,
        required=False,
        help_text=gettext_lazy("按量计收时填写；按件计收不填。"),
    )
    on = forms.DateField(label=gettext_lazy("收费通知日期"), widget=DATE_INPUT, validators=[_not_after_today])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("on", timezone.localdate())


class PaymentForm(ActForm):
    id_prefix = "payment"
    on = forms.DateField(label=gettext_lazy("缴费日期"), widget=DATE_INPUT, validators=[_not_after_today])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("on", timezone.localdate())


class SplitForm(ActForm):
    """一事一申请: one line per unrelated matter; the first stays with this request."""

    id_prefix = "split"
    parts = forms.CharField(
        label=gettext_lazy("拆分后的申请内容"),
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("每行一项；第一行保留为本申请的内容，其余每行另立一件申请，收到日期不变。"),
    )
    on = forms.DateField(label=gettext_lazy("拆分日期"), widget=DATE_INPUT, validators=[_not_after_today])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("on", timezone.localdate())

    def part_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["parts"].splitlines() if line.strip()]


def fee_context(r: InfoRequest) -> dict:
    """The section's forms and hints for a handler of an open request (workbench_views._forms_for calls it)."""
    ctx: dict = {"split_form": SplitForm(initial={"parts": r.description})}
    if r.status == S.PROCESSING and not r.fee_method:
        ctx["fee_form"] = FeeNoticeForm()
        try:
            ctx["fee_nth"] = charging.nth_in_month(r)
            ctx["fee_preview"] = fees.fee_for(fees.Method.PER_REQUEST, nth_in_month=ctx["fee_nth"])
        except SunlightError:
            pass  # the preview is a convenience; the act computes again and refuses with its reason
    if r.status == S.FEE_PENDING:
        ctx["payment_form"] = PaymentForm()
    if r.status == S.PROCESSING:
        ctx["repeat_suggestions"] = find_repeats(r)
    return ctx


@_post_act("fee_form", lambda request, r: FeeNoticeForm(request.POST))
def fee_notice(request, r, form):
    data = form.cleaned_data
    pages = data["pages"] if data["method"] == fees.Method.PER_PAGE else None
    if data["method"] == fees.Method.PER_REQUEST and data["pages"]:
        raise SunlightError(_("每件申请只能按一种方式计费：按件计收不填页数。"))
    r = charging.issue_fee_notice(r, by=request.user, method=data["method"], pages=pages, on=data["on"])
    return _("已发出收费通知：应缴 %(a)s 元，缴费期限 %(d)s。") % {
        "a": r.fee_amount,
        "d": shown(r.fee_due_on, r.fee_due_on_estimated),
    }


@_post_act("payment_form", lambda request, r: PaymentForm(request.POST))
def payment(request, r, form):
    r = charging.record_payment(r, by=request.user, on=form.cleaned_data["on"])
    return _("已记录缴费，恢复办理；答复期限 %(d)s。") % {"d": shown(r.due_on, r.due_on_estimated)}


@_post_act("split_form", lambda request, r: SplitForm(request.POST))
def split(request, r, form):
    rows = actions.split_request(r, by=request.user, parts=form.part_list(), on=form.cleaned_data["on"])
    return _("已拆分为 %(n)s 件申请：%(numbers)s。") % {"n": len(rows), "numbers": "、".join(x.number for x in rows)}


@staff_required
def repeat_prefill(request: HttpRequest, pk: int, of: int) -> HttpResponse:
    """One click from "可能是重复申请": the reply form filled in as 不予处理 2 pointing to the earlier request."""
    r = _visible_request(request, pk)
    scope.require(request.user, r.org, HANDLER_ROLES, what="办理政府信息公开申请")
    earlier = (
        InfoRequest.objects.filter(same_applicant_q(r), earlier_q(r), pk=of, org_id=r.org_id).exclude(pk=r.pk).first()
    )
    if earlier is None or earlier.status != S.CLOSED or r.status == S.CLOSED:
        raise Http404(_("没有可引用的此前申请。"))
    # Reply text is legal Chinese whatever the UI language (it is printed on the notice).
    replied = f"于{cn_date(earlier.replied_on)}" if earlier.replied_on else ""
    text = f"您的申请与本机关已{replied}答复的申请（申请编号：{earlier.number}）内容相同，本机关不再重复处理。"
    form = ReplyForm(org=r.org, initial={"outcome": "not_handled:2", "repeat_of": earlier.number, "text": text})
    return _render_detail(request, r, bound={"reply_form": form})
