"""Workbench: the fee (信息处理费), 一事一申请 splitting and the repeat hint on the request page.

Thin, like acts.py: each act validates its form and calls the action (actions/fees.py, actions/intake.py);
a refusal re-renders the page with its reason and what was typed. The section is
templates/requests/workbench/fees.html, included once in workbench/detail.html; panels.fee_context() gives it its forms.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from sunlight.accounts.access import staff_required
from sunlight.errors import SunlightError
from sunlight.orgs import scope

from ... import actions, fees
from ...forms.workbench import FeeNoticeForm, PaymentForm, ReplyForm, SplitForm
from ...models import InfoRequest
from ...notices import cn_date
from ...repeats import earlier_q, same_applicant_q
from ...roles import HANDLER_ROLES
from .acts import post_act
from .common import S, shown, visible_request
from .detail import render_detail


@post_act("fee_form", lambda request, info_request: FeeNoticeForm(request.POST))
def fee_notice(request, info_request, form):
    data = form.cleaned_data
    pages = data["pages"] if data["method"] == fees.Method.PER_PAGE else None
    if data["method"] == fees.Method.PER_REQUEST and data["pages"]:
        raise SunlightError(_("每件申请只能按一种方式计费：按件计收不填页数。"))
    info_request = actions.issue_fee_notice(
        info_request, by=request.user, method=data["method"], pages=pages, on=data["on"]
    )
    return _("已发出收费通知：应缴 %(a)s 元，缴费期限 %(d)s。") % {
        "a": info_request.fee_amount,
        "d": shown(info_request.fee_due_on, info_request.fee_due_on_estimated),
    }


@post_act("payment_form", lambda request, info_request: PaymentForm(request.POST))
def payment(request, info_request, form):
    info_request = actions.record_payment(info_request, by=request.user, on=form.cleaned_data["on"])
    return _("已记录缴费，恢复办理；答复期限 %(d)s。") % {
        "d": shown(info_request.due_on, info_request.due_on_estimated)
    }


@post_act("split_form", lambda request, info_request: SplitForm(request.POST))
def split(request, info_request, form):
    rows = actions.split_request(info_request, by=request.user, parts=form.part_list(), on=form.cleaned_data["on"])
    return _("已拆分为 %(n)s 件申请：%(numbers)s。") % {"n": len(rows), "numbers": "、".join(x.number for x in rows)}


@staff_required
def repeat_prefill(request: HttpRequest, pk: int, of: int) -> HttpResponse:
    """One click from "可能是重复申请": the reply form filled in as 不予处理 2 pointing to the earlier request."""
    info_request = visible_request(request, pk)
    scope.require(request.user, info_request.org, HANDLER_ROLES, what="办理政府信息公开申请")
    earlier = (
        InfoRequest.objects.filter(
            same_applicant_q(info_request), earlier_q(info_request), pk=of, org_id=info_request.org_id
        )
        .exclude(pk=info_request.pk)
        .first()
    )
    if earlier is None or earlier.status != S.CLOSED or info_request.status == S.CLOSED:
        raise Http404(_("没有可引用的此前申请。"))
    # Reply text is legal Chinese whatever the UI language (it is printed on the notice).
    replied = f"于{cn_date(earlier.replied_on)}" if earlier.replied_on else ""
    text = f"您的申请与本机关已{replied}答复的申请（申请编号：{earlier.number}）内容相同，本机关不再重复处理。"
    form = ReplyForm(
        org=info_request.org, initial={"outcome": "not_handled:2", "repeat_of": earlier.number, "text": text}
    )
    return render_detail(request, info_request, bound={"reply_form": form})
