"""The sections of the request page that come with their own forms: 征求意见 (consultations) and the fee,
splitting and repeat hints. detail.render_detail puts them on the page; the acts they post are in
consultations.py and fees.py."""

from __future__ import annotations

from sunlight import masking
from sunlight.errors import SunlightError
from sunlight.orgs import scope

from ... import actions, fees
from ...duties import who_can_act
from ...forms.consultations import AnswerForm, ConsultForm, OverrideForm, ReasonableDeadlineForm
from ...forms.workbench import FeeNoticeForm, PaymentForm, SplitForm
from ...models import Consultation, InfoRequest
from ...repeats import find_repeats
from ...roles import APPROVER_ROLES
from .common import S, people

A = Consultation.Answer


def consultation_context(user, info_request: InfoRequest, can_handle: bool, bound: dict | None = None) -> dict:
    """What the request page's consultation section needs: the rows, and the forms the state and the user allow.

    The list is for everyone who sees the page; the party's contact is masked and shown to handlers only.
    Bound forms (after a refusal) replace the blank ones so nothing typed is lost.
    """
    rows = list(info_request.consultations.all())
    ctx: dict = {
        "consultations": [
            (c, masking.mask_address(c.party_address) if can_handle and c.party_address else "") for c in rows
        ],
    }
    if info_request.status == S.CLOSED:
        return ctx
    if can_handle:
        if info_request.status in (S.PROCESSING, S.CONSULTING):
            ctx["consult_form"] = ConsultForm()
        if any(c.is_open for c in rows):
            ctx["answer_form"] = AnswerForm(info_request=info_request)
        if info_request.status == S.PROCESSING and info_request.due_on and not info_request.reasonable_due_on:
            ctx["deadline_form"] = ReasonableDeadlineForm()
    if any(
        c.kind == Consultation.Kind.THIRD_PARTY and c.answer == A.OBJECTION and not c.public_interest_override
        for c in rows
    ):
        if scope.can_act(user, info_request.org, APPROVER_ROLES):
            ctx["override_form"] = OverrideForm(info_request=info_request)
        else:  # the decision is the head's: say whose
            ctx["override_people"] = people(who_can_act(info_request.org, APPROVER_ROLES))
    keys = ("consult_form", "answer_form", "deadline_form", "override_form")
    ctx.update({k: v for k, v in (bound or {}).items() if k in keys})
    return ctx


def fee_context(info_request: InfoRequest) -> dict:
    """The section's forms and hints for a handler of an open request (detail._forms_for calls it)."""
    ctx: dict = {"split_form": SplitForm(initial={"parts": info_request.description})}
    if info_request.status == S.PROCESSING and not info_request.fee_method:
        ctx["fee_form"] = FeeNoticeForm()
        try:
            ctx["fee_nth"] = actions.nth_in_month(info_request)
            ctx["fee_preview"] = fees.fee_for(fees.Method.PER_REQUEST, nth_in_month=ctx["fee_nth"])
        except SunlightError:
            pass  # the preview is a convenience; the act computes again and refuses with its reason
    if info_request.status == S.FEE_PENDING:
        ctx["payment_form"] = PaymentForm()
    if info_request.status == S.PROCESSING:
        ctx["repeat_suggestions"] = find_repeats(info_request)
    return ctx
